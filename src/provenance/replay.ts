import type { BlameEntry } from '../git/blame.js';
import { readFirstParentPatches, readPairPatches, readParents, type FilePatch } from '../git/patch.js';
import type { OnProgress } from '../shared/progress.js';
import { applyCommit, applyHunks, BOUNDARY, fillFrom, truncate, type FileStates, type Runs } from './line-origins.js';

/**
 * Blame for every file at the end of a range in one pass over the range's history, instead of one
 * `git blame` process per file. It replays each commit's zero-context diff against its parents,
 * oldest first, keeping for every file the origin of every line, and follows git blame's rules:
 * a file identical to a parent takes that parent's blame whole; otherwise lines common with the
 * first parent come from it, and the rest from the next parents in order; whole-file renames are
 * followed. Move and copy detection inside files (-M, -C) is not replayed: those run git blame.
 */
export async function replayBlame(
  cwd: string,
  revArgs: readonly string[],
  head: string,
  files: readonly { path: string; lines: number }[],
  onProgress?: OnProgress,
): Promise<Map<string, BlameEntry[]>> {
  const parents = await readParents(cwd, revArgs);
  const waiting = new Map<string, number>();
  const pairs: { commit: string; parent: string }[] = [];
  for (const [sha, list] of parents) {
    for (const parent of list) if (parents.has(parent)) waiting.set(parent, (waiting.get(parent) ?? 0) + 1);
    for (const parent of list.slice(1)) pairs.push({ commit: sha, parent });
  }
  const pairPatches = new Map<string, readonly FilePatch[]>();
  (await readPairPatches(cwd, pairs)).forEach((patch, i) => pairPatches.set(`${pairs[i]!.commit} ${pairs[i]!.parent}`, patch));

  const states = new Map<string, FileStates>();
  // A parent outside the range is a boundary: all its lines are older than the range.
  const stateOf = (sha: string): FileStates => states.get(sha) ?? new Map();
  let done = 0;
  for await (const { sha, parents: list, files: patch } of readFirstParentPatches(cwd, revArgs)) {
    const first = list[0];
    let state: FileStates;
    if (first === undefined) state = new Map();
    else if (waiting.get(first) === 1 && states.has(first)) state = states.get(first)!; // the last child may take it over
    else state = new Map(stateOf(first));

    const touched = applyCommit(state, patch, sha);
    if (list.length > 1) mergeOtherParents(state, touched, sha, list.slice(1), stateOf, pairPatches);
    states.set(sha, state);
    for (const parent of list) {
      const left = (waiting.get(parent) ?? 0) - 1;
      if (left > 0) waiting.set(parent, left);
      else if (waiting.has(parent)) {
        waiting.delete(parent);
        if (parent !== sha) states.delete(parent);
      }
    }
    if (onProgress && ++done % 200 === 0) onProgress({ unit: 'commits', done, total: parents.size });
  }

  const final = states.get(head) ?? new Map<string, Runs>();
  const result = new Map<string, BlameEntry[]>();
  for (const { path, lines } of files) {
    const entries: BlameEntry[] = [];
    let finalLine = 1;
    for (const run of truncate(final.get(path) ?? BOUNDARY, lines)) {
      entries.push({
        sha: run.commit ?? '',
        origLine: run.origStart,
        origPath: run.path,
        finalLine,
        lines: run.length,
        boundary: run.commit === undefined,
        author: '',
        authorEmail: '',
      });
      finalLine += run.length;
    }
    result.set(path, entries);
  }
  return result;
}

/** For a merge, the lines its first parent does not explain are looked for in the other parents. */
function mergeOtherParents(
  state: FileStates,
  touched: ReadonlySet<string>,
  merge: string,
  others: readonly string[],
  stateOf: (sha: string) => FileStates,
  pairPatches: ReadonlyMap<string, readonly FilePatch[]>,
): void {
  for (const path of touched) {
    const patches = others.map((parent) => pairPatches.get(`${merge} ${parent}`)?.find((file) => file.newPath === path));
    // Identical to another parent: that parent's blame is taken whole (git checks this first).
    const same = patches.findIndex((file) => file === undefined);
    if (same !== -1) {
      state.set(path, stateOf(others[same]!).get(path) ?? BOUNDARY);
      continue;
    }
    let runs: Runs = state.get(path)!;
    patches.forEach((file, i) => {
      const base = file!.oldPath === undefined ? BOUNDARY : (stateOf(others[i]!).get(file!.oldPath) ?? BOUNDARY);
      runs = fillFrom(runs, applyHunks(base, file!.hunks, merge, path), merge);
    });
    state.set(path, runs);
  }
}
