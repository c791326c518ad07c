import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../shared/errors.js';
import { GitError, runGit } from './exec.js';
import type { Repository } from './repository.js';

/** A checked-out tree of some commit: where its files are, and its git dir (where its index is). */
export interface CheckedOutTree {
  readonly root: string;
  readonly gitDir: string;
}

/** Where the side work tree lives: inside `.blastwall/`, which git is told to ignore. */
export const SIDE_TREE = join('.blastwall', 'worktree');

/**
 * The files of `commit` on disk, for a module graph of a commit that is not checked out: the
 * resolvers read tsconfig, package.json and the files themselves from disk. One linked work tree
 * (`git worktree`) is kept under `.blastwall/worktree` and moved from commit to commit, so that a
 * second run rewrites only the files that differ and keeps its own graph cache warm. The user's
 * work tree and index are never touched. Runs of blastwall in one clone must not do this at the
 * same time.
 */
export async function checkOutAside(repo: Repository, commit: string): Promise<CheckedOutTree> {
  if (repo.root === repo.gitDir) throw new UserError('a bare repository has no work tree to read a module graph from', 'run blastwall in a clone with a work tree');
  const root = join(repo.root, SIDE_TREE);
  if (existsSync(join(root, '.git'))) {
    try {
      await runGit(root, ['checkout', '--quiet', '--detach', '--force', commit]);
      return { root, gitDir: await gitDirOf(root) };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      // A side tree whose registration was lost (the clone moved, `git worktree prune`): made again.
    }
  }
  rmSync(root, { recursive: true, force: true });
  await runGit(repo.root, ['worktree', 'prune']);
  await runGit(repo.root, ['worktree', 'add', '--quiet', '--detach', '--force', root, commit]);
  return { root, gitDir: await gitDirOf(root) };
}

async function gitDirOf(root: string): Promise<string> {
  return (await runGit(root, ['rev-parse', '--absolute-git-dir'])).stdout.toString('utf8').trim();
}
