import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GitError, gitEnv, spawnError } from './exec.js';

/** An object as `git cat-file --batch` gives it, or undefined when the name resolves to nothing. */
export interface CatObject {
  readonly oid: string;
  readonly type: string;
  readonly content: Buffer;
}

interface Pending {
  readonly name: string;
  readonly resolve: (object: CatObject | undefined) => void;
  readonly reject: (error: Error) => void;
}

const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) (\w+) (\d+)$/;
/** A session with no request for this long ends: a library user's process keeps no idle git. */
const IDLE_MS = 2000;

/**
 * One `git cat-file --batch` per repository folder, kept while requests come: the revisions,
 * refs and small files that a command asks for one at a time (the base and head of a change, the
 * policy at the base, whether a notes ref exists, the agent trace at the head) cost one process in
 * all instead of one each. Starting a process is what they cost: node copies its page tables to
 * start one, so the later a process starts, the more it costs.
 */
class CatFileSession {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly queue: Pending[] = [];
  /** Output not yet parsed, in the chunks it came in: joined only when there is enough to parse. */
  private chunks: Buffer[] = [];
  private length = 0;
  /** Bytes needed before parsing again: a large object is joined once, not chunk by chunk. */
  private needed = 1;
  private stderr = '';
  private failure: Error | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly cwd: string,
    private readonly onEnd: () => void,
  ) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000)));
    this.child.on('error', (error: NodeJS.ErrnoException) => this.fail(spawnError(error, cwd)));
    this.child.on('close', (code) => this.fail(new GitError(['cat-file', '--batch'], code, this.stderr || 'git cat-file ended')));
    this.child.stdin.on('error', () => {
      // git ended first; 'close' tells why.
    });
    this.hold(false);
  }

  read(name: string): Promise<CatObject | undefined> {
    // A name is one line of input: a newline cannot be part of one.
    if (name.includes('\n')) return Promise.resolve(undefined);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      this.hold(true);
      this.child.stdin.write(`${name}\n`);
    });
  }

  /** While requests are pending, the session keeps node running; idle, it must not, and ends soon. */
  private hold(busy: boolean): void {
    for (const handle of [this.child, this.child.stdout, this.child.stderr, this.child.stdin] as unknown as { ref(): void; unref(): void }[]) {
      if (busy) handle.ref();
      else handle.unref();
    }
    clearTimeout(this.idle);
    if (!busy) this.idle = setTimeout(() => this.end(), IDLE_MS).unref();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length < this.needed) return;
    let buffered = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    for (;;) {
      const newline = buffered.indexOf(0x0a);
      if (this.queue.length === 0 || newline === -1) {
        this.needed = buffered.length + 1;
        break;
      }
      const header = HEADER.exec(buffered.subarray(0, newline).toString('latin1'));
      if (!header) {
        // `<name> missing`, `<name> ambiguous`: nothing follows the line.
        buffered = buffered.subarray(newline + 1);
        this.settle()?.resolve(undefined);
        continue;
      }
      const end = newline + 1 + Number(header[3]);
      if (buffered.length < end + 1) {
        this.needed = end + 1;
        break;
      }
      const content = Buffer.from(buffered.subarray(newline + 1, end));
      buffered = buffered.subarray(end + 1);
      this.settle()?.resolve({ oid: header[1]!, type: header[2]!, content });
    }
    this.chunks = buffered.length === 0 ? [] : [buffered];
    this.length = buffered.length;
  }

  private settle(): Pending | undefined {
    const pending = this.queue.shift();
    if (this.queue.length === 0) this.hold(false);
    return pending;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.onEnd();
    clearTimeout(this.idle);
    for (const pending of this.queue.splice(0)) pending.reject(this.failure);
  }

  end(): void {
    this.onEnd();
    this.child.stdin.end();
  }
}

const sessions = new Map<string, CatFileSession>();

/**
 * Reads an object by any name git understands (`<rev>:<path>`, `<rev>^{commit}`, an id) through
 * the folder's cat-file session; undefined when the name resolves to nothing.
 */
export function catFile(cwd: string, name: string): Promise<CatObject | undefined> {
  let session = sessions.get(cwd);
  if (!session) {
    const created = new CatFileSession(cwd, () => {
      if (sessions.get(cwd) === created) sessions.delete(cwd);
    });
    sessions.set(cwd, (session = created));
  }
  return session.read(name);
}
