import { readFileLists } from '../git/log.js';

/**
 * Co-change coupling: files that change together in history, whether or not an import links them
 * (a handler and its SQL migration, a client and its server in another language). The defaults
 * are the usual ones of code-maat style analyses.
 */
export interface CouplingOptions {
  /** Least revisions of each file. */
  readonly minRevisions: number;
  /** Least commits that change both. */
  readonly minShared: number;
  /** Least coupling degree, shared / mean revisions of the two files. */
  readonly minDegree: number;
  /** Commits that touch more files than this (mass renames, formatting) say nothing and are skipped. */
  readonly maxFilesPerCommit: number;
  /** How far back to look: the newest commits only, so that a long history stays fast and recent habits count. */
  readonly maxCommits: number;
}

export const DEFAULT_COUPLING: CouplingOptions = { minRevisions: 5, minShared: 5, minDegree: 0.3, maxFilesPerCommit: 30, maxCommits: 5000 };

export interface Coupling {
  /** The changed file. */
  readonly file: string;
  /** The file that changes with it. */
  readonly coupled: string;
  readonly shared: number;
  readonly revisions: { readonly file: number; readonly coupled: number };
  /** shared / mean(revisions), 0..1. */
  readonly degree: number;
}

/** Revision counts and co-changes with the given files, from a stream of commits' file lists. */
export function couplingsFrom(
  commits: Iterable<readonly string[]>,
  files: ReadonlySet<string>,
  options: CouplingOptions = DEFAULT_COUPLING,
): Coupling[] {
  const revisions = new Map<string, number>();
  const shared = new Map<string, Map<string, number>>();
  for (const changed of commits) {
    if (changed.length === 0 || changed.length > options.maxFilesPerCommit) continue;
    for (const path of changed) revisions.set(path, (revisions.get(path) ?? 0) + 1);
    for (const path of changed) {
      if (!files.has(path)) continue;
      let counts = shared.get(path);
      if (!counts) shared.set(path, (counts = new Map()));
      for (const other of changed) if (other !== path) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
  }
  const result: Coupling[] = [];
  for (const [file, counts] of shared) {
    const own = revisions.get(file) ?? 0;
    if (own < options.minRevisions) continue;
    for (const [coupled, together] of counts) {
      const theirs = revisions.get(coupled) ?? 0;
      if (theirs < options.minRevisions || together < options.minShared) continue;
      const degree = together / ((own + theirs) / 2);
      if (degree >= options.minDegree) result.push({ file, coupled, shared: together, revisions: { file: own, coupled: theirs }, degree });
    }
  }
  return result.sort((a, b) => b.degree - a.degree || b.shared - a.shared || a.coupled.localeCompare(b.coupled));
}

/**
 * The file lists of the newest `maxCommits` commits of `revision` that count for coupling (not
 * merges, not over `maxFilesPerCommit` files), newest first: all that `couplingsFrom` needs of
 * history, whichever files changed, so a caller may keep them by commit.
 */
export async function readChangeSets(cwd: string, revision: string, options: CouplingOptions = DEFAULT_COUPLING): Promise<(readonly string[])[]> {
  const lists: (readonly string[])[] = [];
  for await (const commit of readFileLists(cwd, [`--max-count=${options.maxCommits}`, revision], options.maxFilesPerCommit)) {
    if (commit.parents.length <= 1 && !commit.tooMany && commit.paths.length > 0) lists.push(commit.paths);
  }
  return lists;
}
