import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../shared/errors.js';
import { UnparsableLine, chainEntry, isAuditEntry, type AuditEntry, type AuditInput } from './chain.js';

/** The local audit log: one JSON entry per line, append-only, under the git-ignored `.blastwall/`. */
export const AUDIT_FILE = '.blastwall/audit.jsonl';
export const AUDIT_LOCK = '.blastwall/audit.lock';

/** How long a writer waits for another one, and when a lock is left over from a crashed process. */
export const LOCK_WAIT_MS = 5_000;
const LOCK_RETRY_MS = 20;
const LOCK_STALE_MS = 30_000;
const TAIL_CHUNK = 64 * 1024;

export interface AuditLog {
  /** The lines that have the shape of an entry (verify says whether they are sound). */
  readonly entries: AuditEntry[];
  /** Every line in order, parsed, or an UnparsableLine: what verifyChain takes. */
  readonly raw: unknown[];
}

const parseLine = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return new UnparsableLine(line);
  }
};

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Reads the whole log; no file is an empty log. */
export function readAuditLog(root: string): AuditLog {
  let text: string;
  try {
    text = readFileSync(join(root, AUDIT_FILE), 'utf8');
  } catch (error) {
    if (isMissing(error)) return { entries: [], raw: [] };
    throw error;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const raw = lines.map(parseLine);
  return { entries: raw.filter(isAuditEntry), raw };
}

/**
 * The last line of the log, read from the end so that appending stays cheap as the log grows;
 * `newline` says whether the file ends with one (a hand-edited file may not).
 */
function readLastLine(path: string): { line: string | undefined; newline: boolean } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isMissing(error)) return { line: undefined, newline: true };
    throw error;
  }
  try {
    let position = fstatSync(fd).size;
    if (position === 0) return { line: undefined, newline: true };
    let tail = Buffer.alloc(0);
    for (;;) {
      const length = Math.min(TAIL_CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      tail = Buffer.concat([chunk, tail]);
      const newline = tail.at(-1) === 0x0a;
      const body = newline ? tail.subarray(0, -1) : tail;
      const start = body.lastIndexOf(0x0a);
      if (start >= 0 || position === 0) return { line: body.subarray(start + 1).toString('utf8'), newline };
    }
  } finally {
    closeSync(fd);
  }
}

function lastEntry(root: string): { entry: AuditEntry | undefined; newline: boolean } {
  const { line, newline } = readLastLine(join(root, AUDIT_FILE));
  if (line === undefined) return { entry: undefined, newline };
  const value = parseLine(line);
  if (!isAuditEntry(value)) {
    throw new UserError(`the last line of ${AUDIT_FILE} is not an audit entry, so nothing can be chained to it`, 'run `blastwall audit verify` to see what happened to the log');
  }
  return { entry: value, newline };
}

/** The hash of the last entry (undefined for an empty log): publish it from CI to pin the log. */
export function auditHead(root: string): string | undefined {
  return lastEntry(root).entry?.hash;
}

/**
 * Chains the inputs after the last entry and appends them with one write, under a lock, so that
 * two writers (CI jobs of one runner, say) cannot both chain to the same entry and fork the log,
 * and no reader ever sees half a batch.
 */
export function appendAudit(root: string, inputs: readonly AuditInput[], options: { readonly waitMs?: number } = {}): AuditEntry[] {
  if (inputs.length === 0) return [];
  const path = join(root, AUDIT_FILE);
  mkdirSync(dirname(path), { recursive: true });
  // `.blastwall/` is local state: keep it out of `git status` where nobody listed it in .gitignore.
  try {
    writeFileSync(join(dirname(path), '.gitignore'), '*\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return withLock(join(root, AUDIT_LOCK), options.waitMs ?? LOCK_WAIT_MS, () => {
    const last = lastEntry(root);
    const entries: AuditEntry[] = [];
    for (const input of inputs) entries.push(chainEntry(entries.at(-1) ?? last.entry, input));
    const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    appendFileSync(path, last.newline ? lines : `\n${lines}`);
    return entries;
  });
}

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(pause, 0, 0, ms);

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/**
 * An exclusive lock file (created with `wx`, so exactly one creator wins), waited for briefly.
 * A lock older than LOCK_STALE_MS is left by a crashed writer and is taken over; two writers that
 * both find the same stale lock in the same instant could still both proceed, which a crash
 * followed by two simultaneous writers makes rare enough to accept.
 */
function withLock<T>(lock: string, waitMs: number, work: () => T): T {
  const token = `${randomUUID()} ${new Date().toISOString()}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw new UserError(`the audit log is locked: ${AUDIT_LOCK} exists`, `another blastwall process is writing the log; if none is running, remove ${AUDIT_LOCK}`);
      }
      sleep(LOCK_RETRY_MS);
    }
  }
  try {
    return work();
  } finally {
    // Only our own lock: after a takeover the file may belong to another writer.
    if (readOwner(lock) === token) rmSync(lock, { force: true });
  }
}

function readOwner(lock: string): string | undefined {
  try {
    return readFileSync(lock, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The `data` of the sign-offs recorded for this head commit, oldest first (the gate checks their shape). */
export const signOffsFor = (entries: readonly AuditEntry[], head: string): Readonly<Record<string, unknown>>[] => dataOf(entries, 'signoff', head);

/** The `data` of the overrides recorded for this head commit, oldest first. */
export const overridesFor = (entries: readonly AuditEntry[], head: string): Readonly<Record<string, unknown>>[] => dataOf(entries, 'override', head);

const dataOf = (entries: readonly AuditEntry[], kind: AuditEntry['kind'], head: string): Readonly<Record<string, unknown>>[] =>
  entries.filter((entry) => entry.kind === kind && entry.head === head).map((entry) => entry.data);
