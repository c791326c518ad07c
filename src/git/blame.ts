import { availableParallelism } from 'node:os';
import { decodeGitText } from '../shared/text.js';
import { runGit } from './exec.js';
import { unquoteGitPath } from './quote.js';

/** A run of consecutive lines of the final file that one commit introduced. */
export interface BlameEntry {
  readonly sha: string;
  /** First line in the file as that commit left it (1-based), and the path it had there. */
  readonly origLine: number;
  readonly origPath: string;
  /** First line in the blamed file (1-based). */
  readonly finalLine: number;
  readonly lines: number;
  /** The line is older than the range (`A..B`): git stopped at the boundary. */
  readonly boundary: boolean;
  readonly author: string;
  readonly authorEmail: string;
}

/** Move and copy detection, as git blame's `-M[<n>]` and `-C[<n>]` (repeat -C up to 3 times). */
export interface BlameDetection {
  readonly move?: number | true;
  readonly copy?: { readonly times: number; readonly score?: number };
}

export function detectionArgs(detection: BlameDetection = {}): string[] {
  const args: string[] = [];
  if (detection.move !== undefined) args.push(detection.move === true ? '-M' : `-M${detection.move}`);
  if (detection.copy !== undefined) {
    for (let i = 0; i < detection.copy.times; i++) {
      args.push(i === detection.copy.times - 1 && detection.copy.score !== undefined ? `-C${detection.copy.score}` : '-C');
    }
  }
  return args;
}

/**
 * Parses `git blame --incremental` and `git blame --porcelain` (or `--line-porcelain`) output.
 * Both start a run of lines with `<sha> <orig> <final> <count>` and give a commit's headers
 * (author, `boundary`, `filename`) the first time it appears; porcelain adds `<sha> <orig> <final>`
 * for the other lines of a run and the lines themselves after a tab, which are skipped here.
 */
export function parseBlame(output: Buffer): BlameEntry[] {
  const entries: BlameEntry[] = [];
  const commits = new Map<string, { author: string; authorEmail: string; boundary: boolean; path: string }>();
  let current: { sha: string; origLine: number; finalLine: number; lines: number; origPath?: string } | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const { author, authorEmail, boundary, path } = commits.get(current.sha)!;
    entries.push({ sha: current.sha, origLine: current.origLine, finalLine: current.finalLine, lines: current.lines, origPath: current.origPath ?? path, author, authorEmail, boundary });
    current = undefined;
  };
  for (const line of decodeGitText(output).split('\n')) {
    if (line.startsWith('\t')) continue;
    const header = /^([0-9a-f]{40,64}) (\d+) (\d+)(?: (\d+))?$/.exec(line);
    if (header) {
      if (header[4] === undefined) continue; // a later line of the same run (porcelain)
      finish();
      current = { sha: header[1]!, origLine: Number(header[2]), finalLine: Number(header[3]), lines: Number(header[4]) };
      if (!commits.has(current.sha)) commits.set(current.sha, { author: '', authorEmail: '', boundary: false, path: '' });
      continue;
    }
    if (current === undefined) continue;
    const info = commits.get(current.sha)!;
    if (line.startsWith('author ')) info.author = line.slice(7);
    else if (line.startsWith('author-mail ')) info.authorEmail = line.slice(12).replace(/^<|>$/g, '');
    else if (line === 'boundary') info.boundary = true;
    else if (line.startsWith('filename ')) info.path = current.origPath = unquoteGitPath(line.slice(9));
  }
  finish();
  return entries;
}

/** One git blame process per core: blame is CPU-bound in git. */
export const defaultJobs = (): number => availableParallelism();

export interface BlameFilesOptions {
  /** `A..B` or `B`. */
  readonly revision: string;
  readonly detection?: BlameDetection;
  readonly concurrency?: number;
  readonly onFile?: (done: number) => void;
  /** Extra environment for the blame processes (e.g. a temporary commit-graph). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Blames many files with a small pool of `git blame --incremental` processes (one per core):
 * blame is CPU-bound in git, so this is what makes it scale.
 */
export async function blameFiles(
  cwd: string,
  paths: readonly string[],
  options: BlameFilesOptions,
): Promise<Map<string, BlameEntry[]>> {
  const results = new Map<string, BlameEntry[]>();
  // --root: a root commit wrote its lines; without it git flags them as boundary like lines older than A.
  const args = ['blame', '--incremental', '--root', ...detectionArgs(options.detection), options.revision, '--'];
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const { stdout } = await runGit(cwd, [...args, path], options.env ? { env: options.env } : {});
      results.set(path, parseBlame(stdout));
      options.onFile?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return results;
}

export interface TreeFile {
  readonly path: string;
  readonly lines: number;
  readonly binary: boolean;
}

/** Files at a revision with their line counts, from one diff against the empty tree. */
export async function listTreeFiles(cwd: string, revision: string, pathspecs: readonly string[] = []): Promise<TreeFile[]> {
  const emptyTree = (await runGit(cwd, ['hash-object', '-t', 'tree', '--stdin'], { input: '' })).stdout.toString('utf8').trim();
  const { stdout } = await runGit(cwd, ['diff', '--numstat', '-z', '--no-renames', '--no-textconv', '--no-ext-diff', emptyTree, revision, '--', ...pathspecs]);
  const files: TreeFile[] = [];
  let start = 0;
  for (let nul = stdout.indexOf(0, start); nul !== -1; nul = stdout.indexOf(0, start)) {
    const entry = decodeGitText(stdout.subarray(start, nul));
    start = nul + 1;
    const [added = '', , ...rest] = entry.split('\t');
    const binary = added === '-';
    files.push({ path: rest.join('\t'), lines: binary ? 0 : Number(added), binary });
  }
  return files;
}

/**
 * Paths changed by any commit of a range, merges included (compared with each parent). A file
 * whose path no commit of the range touched holds no line of the range, so it needs no blame.
 */
export async function pathsChangedIn(cwd: string, revArgs: readonly string[]): Promise<Set<string>> {
  const { stdout } = await runGit(cwd, ['log', '--format=', '--name-only', '-z', '--no-renames', '--diff-merges=separate', ...revArgs, '--']);
  const paths = new Set<string>();
  for (const part of stdout.toString('latin1').split('\0')) {
    const path = part.replace(/^\n+/, '');
    if (path !== '') paths.add(decodeGitText(Buffer.from(path, 'latin1')));
  }
  return paths;
}
