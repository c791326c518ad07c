import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGitText } from '../shared/text.js';
import { runGit } from './exec.js';

/** A file of the work tree with the git blob id of its current content. */
export interface TreeEntry {
  readonly path: string;
  readonly blob: string;
  /** `100644`, `100755`, `120000` (symlink); submodules are left out. */
  readonly mode: string;
  /** Not tracked by git yet (and not ignored). */
  readonly untracked?: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * NUL-separated names as text. The whole output is decoded at once when it is valid UTF-8 (the
 * usual case, and 30,000 names decoded one by one cost more than the git process); otherwise
 * name by name, so one Latin-1 name does not spoil the others.
 */
function splitNul(buffer: Buffer): string[] {
  if (buffer.length === 0) return [];
  const body = buffer.subarray(0, buffer[buffer.length - 1] === 0 ? -1 : undefined);
  try {
    return strictUtf8.decode(body).split('\0');
  } catch {
    return body
      .toString('latin1')
      .split('\0')
      .map((name) => decodeGitText(Buffer.from(name, 'latin1')));
  }
}

/**
 * The files of the work tree as they are now, each with its blob id: from the index for clean
 * files (`git ls-files -s`), hashed for modified and untracked ones (one `git hash-object`), so
 * a cache keyed by blob id knows what changed on any branch without reading unchanged files.
 */
export async function listWorkTree(cwd: string): Promise<TreeEntry[]> {
  return (await readWorkTree(cwd)).entries!;
}

export interface WorkTreeOptions {
  /** The repository's git dir, where the index is: without it, the index is not named and every file is listed. */
  readonly gitDir?: string;
  /** An index named by an earlier run (`cleanIndex`): when it is still the index and the work tree matches it, files are not listed. */
  readonly unchangedIndex?: string;
}

export interface WorkTreeListing {
  /** Every file of the work tree; undefined when `unchangedIndex` still holds, and with it the caller's earlier listing. */
  readonly entries: TreeEntry[] | undefined;
  /**
   * Names the index when the work tree matches it (nothing modified, deleted or untracked) and it
   * did not change while it was read: with this name as `unchangedIndex`, a later run may skip the
   * listing. Undefined otherwise.
   */
  readonly cleanIndex: string | undefined;
}

/**
 * `listWorkTree`, or less: the index holds every tracked file with its blob id, and its checksum
 * names that content. When the index is the one an earlier run listed and `git status` finds the
 * work tree equal to it, the earlier listing holds and the 30,000 lines of `git ls-files -s` are
 * neither produced nor read.
 */
export async function readWorkTree(cwd: string, options: WorkTreeOptions = {}): Promise<WorkTreeListing> {
  const indexFile = options.gitDir === undefined || process.env.GIT_INDEX_FILE !== undefined ? undefined : join(options.gitDir, 'index');
  const before = indexFile === undefined ? undefined : indexName(indexFile);
  const hopeUnchanged = before !== undefined && before === options.unchangedIndex;
  // `git status` finds modified, deleted and untracked files in one pass, and (like every
  // `git status`) refreshes the index's stat cache, so later runs and `git diff` need not read
  // racily-clean files again: this is the one git call that may take the optional index lock.
  // Untracked files come from a separate ls-files that runs beside it on the other core.
  let staged = hopeUnchanged ? undefined : runGit(cwd, ['ls-files', '-s', '-z']);
  staged?.catch(() => {
    // Awaited below; this only keeps a failure of status from leaving it unhandled.
  });
  const [status, others] = await Promise.all([
    runGit(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--ignore-submodules=all'], { env: { GIT_OPTIONAL_LOCKS: '1' } }),
    runGit(cwd, ['ls-files', '-o', '--exclude-standard', '-z']),
  ]);
  const gone = new Set<string>();
  const modified: string[] = [];
  const untracked = splitNul(others.stdout);
  for (const line of splitNul(status.stdout)) {
    const [y, path] = [line[1], line.slice(3)];
    if (y === 'D') gone.add(path);
    else if (y === 'M' || y === 'T' || y === 'A') modified.push(path);
  }
  const clean = gone.size === 0 && modified.length === 0 && untracked.length === 0;
  // Named again after status, which may have rewritten it: a name read before and after a listing names what was listed.
  const after = clean && indexFile !== undefined ? indexName(indexFile) : undefined;
  if (hopeUnchanged && after === before) return { entries: undefined, cleanIndex: after };
  staged ??= runGit(cwd, ['ls-files', '-s', '-z']);
  const entries = new Map<string, TreeEntry>();
  for (const line of splitNul((await staged).stdout)) {
    // `<mode> <blob> <stage>\t<path>`; a conflicted file has several stages: the first wins.
    const tab = line.indexOf('\t');
    const [mode = '', blob = ''] = line.slice(0, tab).split(' ');
    const path = line.slice(tab + 1);
    if (mode === '160000' || gone.has(path) || entries.has(path)) continue;
    entries.set(path, { path, blob, mode });
  }
  const cleanIndex = after !== undefined && after === before && indexName(indexFile!) === after ? after : undefined;
  const dirty = [...new Set([...modified, ...untracked])].filter((path) => !gone.has(path));
  if (dirty.length > 0) {
    const { stdout } = await runGit(cwd, ['hash-object', '--stdin-paths', '--no-filters'], { input: `${dirty.join('\n')}\n` });
    const blobs = stdout.toString('latin1').trim().split('\n');
    const isUntracked = new Set(untracked);
    dirty.forEach((path, i) => {
      const previous = entries.get(path);
      const entry: { -readonly [K in keyof TreeEntry]: TreeEntry[K] } = { path, blob: blobs[i] ?? '', mode: previous?.mode ?? '100644' };
      if (isUntracked.has(path)) entry.untracked = true;
      entries.set(path, entry);
    });
  }
  const list = [...entries.values()];
  // ls-files lists in order; only files added to the map after it need sorting in.
  return { entries: dirty.length === 0 ? list : list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), cleanIndex };
}

/**
 * A name for the index's content: its size and last 32 bytes, which end with the checksum git
 * writes over the whole file (20 bytes for SHA-1, 32 for SHA-256). Undefined when the file cannot
 * be read or carries no checksum (`index.skipHash`).
 */
function indexName(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    const tail = Buffer.alloc(Math.min(32, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (tail.length < 20 || tail.subarray(-20).every((byte) => byte === 0)) return undefined;
    return `${size}:${tail.toString('hex')}`;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
