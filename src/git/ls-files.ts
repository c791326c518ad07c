import { decodeGitText } from '../shared/text.js';
import { runGit } from './exec.js';

/**
 * The files of the work tree that match git pathspecs (`:(glob)` ones, say, for every file of a name
 * in any folder), tracked or untracked but not ignored, sorted: the few files of a kind that a caller
 * reads without listing the whole tree.
 */
export async function listFiles(cwd: string, pathspecs: readonly string[]): Promise<string[]> {
  const { stdout } = await runGit(cwd, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs]);
  const names = new Set<string>();
  let start = 0;
  for (let end = stdout.indexOf(0); end >= 0; start = end + 1, end = stdout.indexOf(0, start)) names.add(decodeGitText(stdout.subarray(start, end)));
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether git tracks `path` (a file, or a folder: anything in it), whatever the work tree holds. */
export async function isTracked(cwd: string, path: string): Promise<boolean> {
  const { stdout } = await runGit(cwd, ['ls-files', '-z', '--cached', '--', path]);
  return stdout.length > 0;
}
