import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../shared/errors.js';
import { catFile } from './cat-file.js';
import { GitError, runGit } from './exec.js';

export interface Repository {
  /** Top folder of the work tree (or the git dir of a bare repository). */
  readonly root: string;
  readonly gitDir: string;
  /** The commit HEAD points at; undefined in a repository without commits. */
  readonly head: string | undefined;
  /** Set when the clone is shallow: the commits whose parents were cut off. */
  readonly shallowBoundaries: readonly string[] | undefined;
}

/**
 * Commit ids that git has already confirmed, per repository. A full id names the same commit for
 * as long as the process runs, whereas a ref may move: only ids are remembered. `blastwall check`
 * resolves its base and head once and hands the ids to history, diff and radius, which would each
 * ask git again.
 */
const verified = new WeakMap<Repository, Set<string>>();

/** Opens the repository that contains `path`, or fails with a clear error (exit 2) when there is none. */
export async function openRepository(path: string): Promise<Repository> {
  const absolute = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new UserError(`no such folder: ${absolute}`, 'point --repo at a git repository');
  }
  if (!isDirectory) throw new UserError(`not a folder: ${absolute}`, 'point --repo at a git repository');

  // One process in the usual case; a repository without commits fails on HEAD and is asked again without it.
  const ask = ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--show-toplevel'];
  let lines: string[];
  let head: string | undefined;
  try {
    const withHead = await runGit(absolute, [...ask, 'HEAD^{commit}'], { okExitCodes: [128] });
    if (withHead.exitCode === 0) {
      lines = withHead.stdout.toString('utf8').split('\n');
      head = lines[lines.length - 2];
    } else {
      lines = (await runGit(absolute, ask)).stdout.toString('utf8').split('\n');
    }
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
      throw new UserError(`not a git repository: ${absolute}`, 'run blastwall inside a git work tree, or pass --repo <path>');
    }
    throw error;
  }
  const gitDir = lines[0] ?? '';
  const bare = lines[1] === 'true';
  const root = bare ? gitDir : (lines[2] ?? absolute);

  const repo: Repository = { root, gitDir, head, shallowBoundaries: await readShallow(gitDir) };
  if (head !== undefined) verified.set(repo, new Set([head]));
  return repo;
}

async function readShallow(gitDir: string): Promise<readonly string[] | undefined> {
  try {
    const text = await readFile(join(gitDir, 'shallow'), 'utf8');
    const boundaries = text.split('\n').filter((line) => line.length > 0);
    return boundaries.length > 0 ? boundaries : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves a revision to a commit id, or fails naming the revision (exit 2). */
export async function resolveCommit(repo: Repository, revision: string): Promise<string> {
  if (revision.startsWith('-')) throw new UserError(`not a revision: ${revision}`, 'revisions cannot start with "-"');
  if (verified.get(repo)?.has(revision)) return revision;
  const commit = await catFile(repo.root, `${revision}^{commit}`);
  if (commit === undefined) {
    const hint = repo.head === undefined ? 'the repository has no commits yet' : 'check the name with `git log --oneline`';
    throw new UserError(`unknown revision: ${revision}`, hint);
  }
  const id = commit.oid;
  let ids = verified.get(repo);
  if (!ids) verified.set(repo, (ids = new Set()));
  ids.add(id);
  return id;
}

/** A range as git understands it: `A..B`, `A...B`, or a single revision meaning all its history. */
export interface Range {
  /** The text the user gave (or `HEAD`). */
  readonly text: string;
  readonly from: string | undefined;
  readonly to: string;
  readonly symmetric: boolean;
}

export function parseRange(text: string | undefined): Range {
  const given = text === undefined || text === '' ? 'HEAD' : text;
  const match = /^(.*?)(\.\.\.?)(.*)$/.exec(given);
  if (!match) return { text: given, from: undefined, to: given, symmetric: false };
  const from = match[1] || 'HEAD';
  const to = match[3] || 'HEAD';
  return { text: given, from, to, symmetric: match[2] === '...' };
}

export interface ResolvedRange extends Range {
  readonly fromSha: string | undefined;
  readonly toSha: string;
  /** Arguments for `git log` / `git rev-list`. */
  readonly revArgs: readonly string[];
}

/** Checks that both ends exist (naming the one that does not) and returns the arguments git needs. */
export async function resolveRange(repo: Repository, range: Range): Promise<ResolvedRange> {
  const toSha = await resolveCommit(repo, range.to);
  const fromSha = range.from === undefined ? undefined : await resolveCommit(repo, range.from);
  const revArgs =
    fromSha === undefined ? [toSha] : range.symmetric ? [`${fromSha}...${toSha}`] : [`^${fromSha}`, toSha];
  return { ...range, fromSha, toSha, revArgs };
}

/** Counts the commits of a range in one process, for a progress bar with a total. */
export async function countCommits(repo: Repository, revArgs: readonly string[]): Promise<number> {
  const { stdout } = await runGit(repo.root, ['rev-list', '--count', ...revArgs, '--']);
  return Number.parseInt(stdout.toString('utf8').trim(), 10);
}

/** The identity git would commit with here (`user.email`, else `user.name`), for records such as a sign-off. */
export async function gitIdentity(repo: Repository): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(repo.root, ['config', '--get-regexp', '^user\\.(email|name)$'], { okExitCodes: [1] });
  if (exitCode !== 0) return undefined;
  const values = new Map(
    stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const),
  );
  return values.get('user.email') ?? values.get('user.name');
}
