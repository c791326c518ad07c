import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The one module through which the graph stage reads files (the layering rules allow fs here and
 * nowhere else in graph/). Reads are of the work tree as it is now.
 */
export const SIZE_CAP = 1024 * 1024;

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'symlink' };

/**
 * Synchronous on purpose: thousands of small reads awaited one by one spend most of their time
 * waiting on the thread pool; a synchronous read of a small file is a few microseconds.
 */
export function readSource(root: string, path: string, cap = SIZE_CAP): ReadResult {
  const full = join(root, path);
  try {
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) return { kind: 'symlink' };
    if (stat.size > cap) return { kind: 'too-large', size: stat.size };
    return { kind: 'text', text: readFileSync(full, 'utf8') };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * A small file of the work tree (a manifest, CODEOWNERS, a catalog), or undefined when there is
 * none. Read synchronously for the reason `readSource` is: a few dozen of them awaited through the
 * thread pool kept a warm radius waiting several milliseconds; read in turn, well under one.
 */
export async function readOptional(root: string, path: string): Promise<string | undefined> {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads a cache file written by `writeCache`; undefined when absent or unreadable. */
export async function readCache(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** Whether a cache file is there (not whether it is valid: its reader decides that). */
export const cacheExists = (path: string): boolean => existsSync(path);

/** `readCache`, synchronously: for a file needed before anything else can go on, or read while a child process works. */
export function readCacheSync(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes a cache file atomically (temporary file, then rename), creating its folder. */
export async function writeCache(path: string, data: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await ignoreStateFolder(dirname(dirname(path)));
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/**
 * `.blastwall/` holds local state (cache, audit log): a `.gitignore` of `*` inside keeps it out of
 * `git status` and out of commits in repositories that never listed it.
 */
export async function ignoreStateFolder(folder: string): Promise<void> {
  if (basename(folder) !== '.blastwall') return;
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, '.gitignore'), '*\n', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Removes files of a cache folder that a newer cache version replaced (names matching `stale`). */
export async function removeStale(folder: string, stale: RegExp): Promise<void> {
  try {
    for (const name of await readdir(folder)) if (stale.test(name)) await rm(join(folder, name), { force: true });
  } catch {
    // No folder yet: nothing to clean.
  }
}
