import type { FilePatch } from '../git/patch.js';

/**
 * Where a run of consecutive lines of a file came from: the commit that wrote them and their
 * place in the file as that commit left it. `commit` is undefined for lines older than the range
 * (git blame's boundary). The last run of a file may be an endless boundary run: the lines a
 * file had before the range, whose number is not known until the end (see `truncate`).
 */
export interface Run {
  readonly commit: string | undefined;
  readonly path: string;
  readonly origStart: number;
  readonly length: number;
}

export type Runs = readonly Run[];

/** A file as it was before the range: every line is a boundary line. */
export const BOUNDARY: Runs = [{ commit: undefined, path: '', origStart: 1, length: Number.POSITIVE_INFINITY }];

/** Walks runs line by line in blocks: takes the next `count` lines, splitting a run where needed. */
class Cursor {
  private index = 0;
  private offset = 0;
  constructor(private readonly runs: Runs) {}

  take(count: number, into: Run[] | undefined): void {
    let left = count;
    while (left > 0 && this.index < this.runs.length) {
      const run = this.runs[this.index]!;
      const available = run.length - this.offset;
      const step = Math.min(left, available);
      if (into) pushRun(into, { ...run, origStart: run.origStart + this.offset, length: step });
      left -= step;
      this.offset += step;
      if (this.offset === run.length) {
        this.index++;
        this.offset = 0;
      }
    }
  }

  rest(into: Run[]): void {
    while (this.index < this.runs.length) {
      const run = this.runs[this.index]!;
      pushRun(into, { ...run, origStart: run.origStart + this.offset, length: run.length - this.offset });
      this.index++;
      this.offset = 0;
    }
  }
}

/** Appends a run, joining it to the previous one when they continue each other. */
function pushRun(runs: Run[], run: Run): void {
  if (run.length <= 0) return;
  const last = runs[runs.length - 1];
  if (last && last.commit === run.commit && last.path === run.path && last.origStart + last.length === run.origStart) {
    runs[runs.length - 1] = { ...last, length: last.length + run.length };
  } else {
    runs.push(run);
  }
}

/**
 * The runs of a file after a commit changed it: unchanged lines keep their origin, added lines
 * belong to `commit` at their place in `path` (zero-context hunks, as git blame diffs).
 */
export function applyHunks(before: Runs, hunks: readonly number[], commit: string, path: string): Run[] {
  const after: Run[] = [];
  const cursor = new Cursor(before);
  let oldLine = 1;
  for (let i = 0; i < hunks.length; i += 4) {
    const [oldStart, oldCount, newStart, newCount] = [hunks[i]!, hunks[i + 1]!, hunks[i + 2]!, hunks[i + 3]!];
    // A pure insertion (`-a,0`) goes after old line a; otherwise the hunk replaces from line a.
    const firstChanged = oldCount === 0 ? oldStart + 1 : oldStart;
    cursor.take(firstChanged - oldLine, after);
    cursor.take(oldCount, undefined);
    pushRun(after, { commit, path, origStart: newStart, length: newCount });
    oldLine = firstChanged + oldCount;
  }
  cursor.rest(after);
  return after;
}

/** Lines of `primary` that `commit` wrote take their origin from `fallback` instead (a merge's other parent). */
export function fillFrom(primary: Runs, fallback: Runs, commit: string): Run[] {
  const result: Run[] = [];
  const other = new Cursor(fallback);
  for (const run of primary) {
    if (run.commit === commit) {
      other.take(run.length, result);
    } else {
      other.take(run.length, undefined);
      pushRun(result, run);
    }
  }
  return result;
}

/** Cuts the endless boundary tail to the real number of lines of the file. */
export function truncate(runs: Runs, lines: number): Run[] {
  const result: Run[] = [];
  new Cursor(runs).take(lines, result);
  return result;
}

export type FileStates = Map<string, Runs>;

/**
 * Applies one commit's changes against one parent to that parent's file states (a copy, or the
 * states themselves when no other commit needs them). Returns the paths the patch touched.
 */
export function applyCommit(states: FileStates, files: readonly FilePatch[], commit: string): Set<string> {
  const touched = new Set<string>();
  // Read every old state first: a commit may rename a to b and b to c at once.
  const before = files.map((file) => (file.oldPath === undefined ? BOUNDARY : (states.get(file.oldPath) ?? BOUNDARY)));
  for (const file of files) if (file.oldPath !== undefined) states.delete(file.oldPath);
  files.forEach((file, i) => {
    if (file.newPath === undefined) return;
    touched.add(file.newPath);
    states.set(file.newPath, file.binary ? BOUNDARY : applyHunks(before[i]!, file.hunks, commit, file.newPath));
  });
  return touched;
}
