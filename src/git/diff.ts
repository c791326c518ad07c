import { decodeGitText } from '../shared/text.js';
import { runGit } from './exec.js';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface ChangedFile {
  readonly path: string;
  readonly oldPath?: string;
  readonly status: ChangeStatus;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/**
 * The files a change touches: `base..head`, or `base` against the work tree (head undefined), or
 * against the index (`staged`). One `git diff --name-status -z -M`.
 */
export async function changedFiles(cwd: string, options: { base: string; head?: string; staged?: boolean; untracked?: boolean }): Promise<ChangedFile[]> {
  const args = ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv'];
  if (options.staged) args.push('--cached');
  args.push(options.base);
  if (options.head !== undefined) args.push(options.head);
  const { stdout } = await runGit(cwd, [...args, '--']);
  const parts = stdout.toString('latin1').split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length - 1; ) i = readChange(parts[i]!, parts, i + 1, files);
  // Untracked files are part of the work tree's change too (a caller that listed them already says untracked: false).
  if (options.head === undefined && !options.staged && options.untracked !== false) {
    const untracked = await runGit(cwd, ['ls-files', '-o', '--exclude-standard', '-z']);
    for (const path of untracked.stdout.toString('latin1').split('\0')) {
      if (path !== '' && !path.startsWith('.blastwall/')) files.push({ path: decodeGitText(Buffer.from(path, 'latin1')), status: 'added' });
    }
  }
  return files;
}

/** The branch a change is judged against: origin's HEAD, else main, else master, else HEAD (one git process). */
export async function defaultBranch(cwd: string): Promise<string> {
  const candidates = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];
  const { stdout } = await runGit(cwd, ['for-each-ref', '--format=%(refname) %(symref)', ...candidates]);
  const found = new Map(
    stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split(' ') as [string, string]),
  );
  const origin = found.get('refs/remotes/origin/HEAD');
  if (origin) return origin.replace(/^refs\/remotes\//, '');
  const name = candidates.slice(1).find((ref) => found.has(ref));
  return name === undefined ? 'HEAD' : name.replace(/^refs\/(heads|remotes)\//, '');
}

export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  const result = await runGit(cwd, ['merge-base', a, b], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

export type LineStats = Map<string, { added: number; deleted: number }>;

/** Lines added and deleted per file from `base` to `head` (binary files count 0), from one `git diff --numstat`. */
export async function diffStat(cwd: string, base: string, head: string): Promise<LineStats> {
  const { stdout } = await runGit(cwd, ['diff', '--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv', base, head, '--']);
  const parts = stdout.toString('latin1').split('\0');
  const stats: LineStats = new Map();
  for (let i = 0; i < parts.length - 1; ) i = readStat(parts[i]!, parts, i + 1, stats);
  return stats;
}

/**
 * `changedFiles` and `diffStat` of `base..head` from one `git diff --raw --numstat`: git prints the
 * raw lines (`:<modes> <ids> <status>`, then the paths) and then the numstat lines of the same diff.
 */
export async function diffFiles(cwd: string, base: string, head: string): Promise<{ changed: ChangedFile[]; stats: LineStats }> {
  const { stdout } = await runGit(cwd, ['diff', '--raw', '--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv', base, head, '--']);
  const parts = stdout.toString('latin1').split('\0');
  const changed: ChangedFile[] = [];
  const stats: LineStats = new Map();
  for (let i = 0; i < parts.length - 1; ) {
    const field = parts[i]!;
    i = field.startsWith(':') ? readChange(field.slice(field.lastIndexOf(' ') + 1), parts, i + 1, changed) : readStat(field, parts, i + 1, stats);
  }
  return { changed, stats };
}

const pathOf = (field: string): string => decodeGitText(Buffer.from(field, 'latin1'));

/** One `--name-status` entry: its status (`M`, `R087`), then one path or, for a rename or copy, two. Returns where the next entry starts. */
function readChange(code: string, parts: readonly string[], at: number, into: ChangedFile[]): number {
  const status = STATUS[code[0] ?? ''] ?? 'modified';
  if (status === 'renamed' || status === 'copied') {
    into.push({ path: pathOf(parts[at + 1]!), oldPath: pathOf(parts[at]!), status });
    return at + 2;
  }
  into.push({ path: pathOf(parts[at]!), status });
  return at + 1;
}

/** One `--numstat` entry: `added\tdeleted\tpath`, or with an empty path a rename's old and new names after it. */
function readStat(field: string, parts: readonly string[], at: number, into: LineStats): number {
  const [added = '-', deleted = '-', path = ''] = field.split('\t');
  const next = path === '' ? at + 2 : at;
  into.set(pathOf(path === '' ? parts[at + 1]! : path), { added: added === '-' ? 0 : Number(added), deleted: deleted === '-' ? 0 : Number(deleted) });
  return next;
}
