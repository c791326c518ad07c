import { runGit } from './exec.js';
import type { Repository } from './repository.js';

/**
 * The commits that `to` has and `from` does not (`git rev-list from..to`), newest first, from one
 * process: what a deployment of `to` shipped after `from` ran. Both must be commits git knows.
 */
export async function commitsBetween(repo: Repository, from: string, to: string): Promise<string[]> {
  const { stdout } = await runGit(repo.root, ['rev-list', `^${from}`, to, '--']);
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/**
 * The full commit id of each revision (abbreviated ids too), from one `git cat-file --batch-check`;
 * undefined for what git does not know as one commit (missing, ambiguous, or not a commit), so that
 * a caller can tell many ids from other sources apart without a process each.
 */
export async function lookupCommits(repo: Repository, revisions: readonly string[]): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  // One line per revision on stdin: a revision with a line break or a leading dash cannot be asked.
  const asked = [...new Set(revisions)].filter((revision) => revision !== '' && !/[\s]/.test(revision) && !revision.startsWith('-'));
  for (const revision of revisions) found.set(revision, undefined);
  if (asked.length === 0) return found;
  const input = asked.map((revision) => `${revision}^{commit}\n`).join('');
  const { stdout } = await runGit(repo.root, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input });
  const answers = stdout.toString('utf8').split('\n');
  asked.forEach((revision, index) => {
    const [id, type] = (answers[index] ?? '').split(' ');
    if (type === 'commit' && id !== undefined) found.set(revision, id);
  });
  return found;
}
