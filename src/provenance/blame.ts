import picomatch from 'picomatch';
import { blameFiles, defaultJobs, listTreeFiles, pathsChangedIn, type BlameDetection, type BlameEntry } from '../git/blame.js';
import { hasCommitGraph, writeTemporaryGraph, type TemporaryGraph } from '../git/commit-graph.js';
import { countCommits, parseRange, resolveRange, type Repository } from '../git/repository.js';
import { UserError } from '../shared/errors.js';
import type { OnProgress } from '../shared/progress.js';
import type { Catalog } from './catalog.js';
import { readHistory, type AttributedCommit } from './history.js';
import type { LineClaim } from './line-claims.js';
import { replayBlame } from './replay.js';
import type { Confidence } from './markers.js';

export interface LineTally {
  total: number;
  ai: number;
  byTool: Record<string, number>;
  byAuthor: Record<string, number>;
}

export interface BlameResult {
  readonly range: string;
  readonly totalLines: number;
  readonly aiLines: number;
  readonly aiShare: number;
  readonly files: Record<string, LineTally>;
  /** Lines per introducing commit, as `git blame` with the same options counts them. */
  readonly byCommit: Record<string, number>;
  readonly byTool: Record<string, number>;
  readonly warnings: readonly string[];
}

export interface BlameOptions {
  readonly catalog: Catalog;
  /** `A..B` (lines older than A are left out) or one revision (all its history); default HEAD. */
  readonly range?: string;
  readonly paths?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly detection?: BlameDetection;
  readonly minConfidence?: Confidence;
  readonly notesRefs?: readonly string[];
  readonly concurrency?: number;
  readonly onProgress?: OnProgress;
  /**
   * `replay` follows every line through one pass over the range's diffs; `git` runs git blame per
   * file. By default replay is used unless move or copy detection (-M, -C) is asked for.
   */
  readonly engine?: 'replay' | 'git';
}

/**
 * Attributes every line of the files at the end of a range to the commit of the range that
 * introduced it, then to AI (which tool) or a person. Line ranges from git-ai notes and Agent
 * Trace records decide the lines they cover; the commit's attribution decides the rest.
 */
export async function blameRange(repo: Repository, options: BlameOptions): Promise<BlameResult> {
  const range = parseRange(options.range);
  if (range.symmetric) throw new UserError(`blame needs A..B or one revision, not ${range.text}`, 'use A..B');
  if (repo.head === undefined && options.range === undefined) {
    return { range: range.text, totalLines: 0, aiLines: 0, aiShare: 0, files: {}, byCommit: {}, byTool: {}, warnings: ['the repository has no commits yet'] };
  }
  const resolved = await resolveRange(repo, range);
  const revision = resolved.fromSha === undefined ? resolved.toSha : `${resolved.fromSha}..${resolved.toSha}`;

  const included = options.include?.length ? picomatch([...options.include], { dot: true }) : () => true;
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : () => false;
  const tree = (await listTreeFiles(repo.root, resolved.toSha, options.paths ?? [])).filter(
    (file) => !file.binary && file.lines > 0 && included(file.path) && !excluded(file.path),
  );
  const touched = resolved.fromSha === undefined ? undefined : await pathsChangedIn(repo.root, resolved.revArgs);
  const toBlame = tree.filter((file) => touched === undefined || touched.has(file.path)).map((file) => file.path);

  const history = await readHistory(repo, {
    catalog: options.catalog,
    range: range.text,
    ...(options.minConfidence !== undefined && { minConfidence: options.minConfidence }),
    ...(options.notesRefs !== undefined && { notesRefs: options.notesRefs }),
  });
  const commits = new Map<string, AttributedCommit>(history.commits.map((c) => [c.sha, c]));

  const detects = options.detection?.move !== undefined || options.detection?.copy !== undefined;
  const engine = options.engine ?? (detects ? 'git' : 'replay');
  if (engine === 'replay' && detects) throw new UserError('-M and -C need git blame; they cannot be replayed', 'leave out --engine replay');
  const lineCounts = new Map(tree.map((file) => [file.path, file.lines]));
  const blamed =
    engine === 'replay'
      ? await replayBlame(repo.root, resolved.revArgs, resolved.toSha, toBlame.map((path) => ({ path, lines: lineCounts.get(path)! })), options.onProgress)
      : await blameEachFile(repo, toBlame, revision, history.commits.length, resolved.toSha, options);

  const files: Record<string, LineTally> = {};
  const byCommit: Record<string, number> = {};
  const byTool: Record<string, number> = {};
  let totalLines = 0;
  let aiLines = 0;
  for (const path of toBlame) {
    const tally: LineTally = { total: 0, ai: 0, byTool: {}, byAuthor: {} };
    for (const entry of blamed.get(path) ?? []) {
      if (entry.boundary) continue;
      const commit = commits.get(entry.sha);
      byCommit[entry.sha] = (byCommit[entry.sha] ?? 0) + entry.lines;
      const author = commit ? `${commit.author.name} <${commit.author.email}>` : `${entry.author} <${entry.authorEmail}>`;
      tally.byAuthor[author] = (tally.byAuthor[author] ?? 0) + entry.lines;
      tally.total += entry.lines;
      for (const segment of segments(entry, history.records.claims.get(entry.sha)?.get(entry.origPath), commit)) {
        if (segment.tools.length === 0) continue;
        tally.ai += segment.lines;
        for (const tool of segment.tools) {
          tally.byTool[tool] = (tally.byTool[tool] ?? 0) + segment.lines;
          byTool[tool] = (byTool[tool] ?? 0) + segment.lines;
        }
      }
    }
    if (tally.total === 0) continue;
    files[path] = { ...tally, byTool: byCount(tally.byTool), byAuthor: byCount(tally.byAuthor) };
    totalLines += tally.total;
    aiLines += tally.ai;
  }
  return {
    range: range.text,
    totalLines,
    aiLines,
    aiShare: totalLines === 0 ? 0 : aiLines / totalLines,
    files,
    byCommit,
    byTool: byCount(byTool),
    warnings: history.warnings,
  };
}

/**
 * Runs git blame per file. When the work is large enough to pay for it (about 30 µs per commit of
 * the whole history to write, against about 4 µs saved per commit of the range and per file), a
 * temporary commit-graph with Bloom filters is written for these processes first.
 */
async function blameEachFile(
  repo: Repository,
  paths: readonly string[],
  revision: string,
  rangeCommits: number,
  tip: string,
  options: BlameOptions,
): Promise<Map<string, BlameEntry[]>> {
  const jobs = options.concurrency ?? defaultJobs();
  let graph: TemporaryGraph | undefined;
  if ((paths.length * rangeCommits * 4) / jobs > 200_000 && !(await hasCommitGraph(repo.gitDir))) {
    const historyCommits = await countCommits(repo, [tip]);
    if ((paths.length * rangeCommits * 4) / jobs > historyCommits * 30) graph = await writeTemporaryGraph(repo.root, tip);
  }
  try {
    return await blameFiles(repo.root, paths, {
      revision,
      concurrency: jobs,
      ...(options.detection !== undefined && { detection: options.detection }),
      ...(graph !== undefined && { env: graph.env }),
      onFile: (done) => options.onProgress?.({ unit: 'files', done, total: paths.length }),
    });
  } finally {
    await graph?.remove();
  }
}

/** The same counts with keys in a stable order: most lines first, then by name. */
const byCount = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));

/**
 * Splits a blamed run of lines by the claims that cover it. Covered lines take the claim's tool
 * (or none, for a person); the rest take the tools of the commit's attribution.
 */
export function segments(
  entry: Pick<BlameEntry, 'origLine' | 'lines'>,
  claims: readonly LineClaim[] | undefined,
  commit: AttributedCommit | undefined,
): { lines: number; tools: readonly string[] }[] {
  // Evidence from line records speaks only for the lines it covers, so it does not make the
  // commit's other lines AI-written.
  const commitTools = (commit?.attribution.tools ?? [])
    .filter((t) => t.evidence.some((e) => e.kind !== 'note' && e.kind !== 'agent-trace'))
    .map((t) => t.tool);
  if (!claims || claims.length === 0) return [{ lines: entry.lines, tools: commitTools }];
  const result: { lines: number; tools: readonly string[] }[] = [];
  const first = entry.origLine;
  const last = entry.origLine + entry.lines - 1;
  // Walk the run line by line only where claims are; runs are short, claims are few.
  let line = first;
  while (line <= last) {
    const claim = claims.find((c) => c.start <= line && line <= c.end);
    if (claim) {
      const end = Math.min(last, claim.end);
      result.push({ lines: end - line + 1, tools: claim.tool === undefined ? [] : [claim.tool] });
      line = end + 1;
    } else {
      const nextStart = Math.min(...claims.filter((c) => c.start > line).map((c) => c.start), last + 1);
      result.push({ lines: nextStart - line, tools: commitTools });
      line = nextStart;
    }
  }
  return result;
}
