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
export async function changedFiles(cwd: string, options: { base: string; head?: string; staged?: boolean }): Promise<ChangedFile[]> {
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
  // Untracked files are part of the work tree's change too.
  if (options.head === undefined && !options.staged) {
    const untracked = await runGit(cwd, ['ls-files', '-o', '--exclude-standard', '-z']);
    for (const path of untracked.stdout.toString('latin1').split('\0')) {
      if (path !== '' && !path.startsWith('.blastwall/')) files.push({ path: decodeGitText(Buffer.from(path, 'latin1')), status: 'added' });
    }
  }
  return files;
}

/** The branch a change is judged against: origin's HEAD, else main, else master, else HEAD. */
export async function defaultBranch(cwd: string): Promise<string> {
  const origin = await runGit(cwd, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'], { okExitCodes: [1, 128] });
  if (origin.exitCode === 0) return origin.stdout.toString('utf8').trim();
  for (const name of ['main', 'master', 'origin/main', 'origin/master']) {
    const found = await runGit(cwd, ['rev-parse', '-q', '--verify', `${name}^{commit}`], { okExitCodes: [1, 128] });
    if (found.exitCode === 0) return name;
  }
  return 'HEAD';
}

export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  const result = await runGit(cwd, ['merge-base', a, b], { okExitCodes: [1] });
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
}
