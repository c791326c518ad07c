import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface Signature {
  readonly name: string;
  readonly email: string;
  readonly time: number;
  /** A git offset such as `+0100`. */
  readonly zone: string;
}

export type FileCommand =
  | { readonly op: 'M'; readonly path: string; readonly mark: number }
  | { readonly op: 'D'; readonly path: string }
  | { readonly op: 'R'; readonly from: string; readonly to: string };

export interface CommitCommand {
  readonly ref: string;
  readonly author: Signature;
  readonly committer: Signature;
  readonly message: string;
  /** Omitted to continue the ref's current tip. */
  readonly from?: number;
  readonly merge?: number;
  readonly files: readonly FileCommand[];
}

const BACKLOG_BYTES = 64 << 20;

/**
 * One `git fast-import` process fed through its stdin. Every blob gets a mark so that a merge
 * commit can bring a side branch's files into the mainline by reference, without resending them.
 */
export class FastImport {
  private readonly child: ChildProcessByStdio<Writable, null, Readable>;
  private readonly exit: Promise<void>;
  private chunks: Buffer[] = [];
  private size = 0;
  private lastMark = 0;

  constructor(gitDir: string) {
    // fast-import tries a delta only against the previous blob, another file's content, so deltas
    // cost CPU for nothing; fast compression keeps git as quick as the generator. The caller
    // repacks afterwards to get a pack with real deltas.
    const args = ['-c', 'core.compression=1', 'fast-import', '--quiet', '--done', '--depth=0'];
    this.child = spawn('git', args, { cwd: gitDir, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.exit = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}: ${stderr.slice(-2000)}`))));
    });
    // An early exit surfaces through `close()`; without this, Node reports it as unhandled first.
    this.exit.catch(() => undefined);
    this.child.stdin.on('error', () => undefined);
  }

  blob(data: Buffer): number {
    const mark = ++this.lastMark;
    this.text(`blob\nmark :${mark}\ndata ${data.length}\n`);
    this.push(data);
    this.text('\n');
    return mark;
  }

  commit(commit: CommitCommand): number {
    const mark = ++this.lastMark;
    const message = Buffer.from(commit.message);
    let text = `commit ${commit.ref}\nmark :${mark}\n${signature('author', commit.author)}${signature('committer', commit.committer)}data ${message.length}\n`;
    this.text(text);
    this.push(message);
    text = '\n';
    if (commit.from !== undefined) text += `from :${commit.from}\n`;
    if (commit.merge !== undefined) text += `merge :${commit.merge}\n`;
    for (const file of commit.files) {
      if (file.op === 'M') text += `M 100644 :${file.mark} ${file.path}\n`;
      else if (file.op === 'D') text += `D ${file.path}\n`;
      else text += `R ${file.from} ${file.to}\n`;
    }
    this.text(text + '\n');
    return mark;
  }

  /**
   * Hands buffered commands to git. Node writes to a pipe only when its event loop runs, so this
   * yields once per call; it waits for git only when a large backlog builds up, so that the two
   * processes work in parallel while memory stays bounded.
   */
  async flush(): Promise<void> {
    if (this.size > 0) {
      this.child.stdin.write(Buffer.concat(this.chunks, this.size));
      this.chunks = [];
      this.size = 0;
    }
    if (this.child.stdin.writableLength > BACKLOG_BYTES) {
      await new Promise<void>((resolve, reject) => {
        this.child.stdin.once('drain', resolve);
        this.exit.catch(reject);
      });
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    this.text('done\n');
    await this.flush();
    this.child.stdin.end();
    await this.exit;
  }

  private text(text: string): void {
    this.push(Buffer.from(text));
  }

  private push(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
  }
}

function signature(kind: string, who: Signature): string {
  return `${kind} ${who.name} <${who.email}> ${who.time} ${who.zone}\n`;
}
