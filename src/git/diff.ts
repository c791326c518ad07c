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
  for (let i = 0; i < parts.length - 1; ) {
    const code = parts[i++]!;
    const status = STATUS[code[0] ?? ''] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const oldPath = decodeGitText(Buffer.from(parts[i++]!, 'latin1'));
      files.push({ path: decodeGitText(Buffer.from(parts[i++]!, 'latin1')), oldPath, status });
    } else {
      files.push({ path: decodeGitText(Buffer.from(parts[i++]!, 'latin1')), status });
    }
  }
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

/** Lines added and deleted per file from `base` to `head` (binary files count 0), from one `git diff --numstat`. */
export async function diffStat(cwd: string, base: string, head: string): Promise<Map<string, { added: number; deleted: number }>> {
  const { stdout } = await runGit(cwd, ['diff', '--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv', base, head, '--']);
  const parts = stdout.toString('latin1').split('\0');
  const stats = new Map<string, { added: number; deleted: number }>();
  for (let i = 0; i < parts.length - 1; ) {
    const [added = '-', deleted = '-', path = ''] = parts[i++]!.split('\t');
    // A rename leaves the path empty and gives old and new names as the next two fields.
    const name = path === '' ? (i++, parts[i++]!) : path;
    stats.set(decodeGitText(Buffer.from(name, 'latin1')), { added: added === '-' ? 0 : Number(added), deleted: deleted === '-' ? 0 : Number(deleted) });
  }
  return stats;
}
