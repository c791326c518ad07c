import { defaultBranch, diffFiles, mergeBase, type ChangedFile, type LineStats } from '../git/diff.js';
import { readRangePatch, type FilePatch } from '../git/patch.js';
import type { ModuleGraph } from '../graph/graph.js';
import { resolveCommit, type Repository } from '../git/repository.js';
import { zonesOf } from '../ownership/zones.js';
import type { Catalog } from '../provenance/catalog.js';
import { readHistory } from '../provenance/history.js';
import { analyzeRadius, type RadiusReport } from '../radius/analyze.js';
import { warmGraphOf } from '../radius/warm-graph.js';
import { UserError } from '../shared/errors.js';
import type { OnProgress } from '../shared/progress.js';
import type { Config } from './config.js';
import type { ChangeFacts, FactFile } from './facts.js';

export interface GatherOptions {
  readonly config: Config;
  readonly catalog: Catalog;
  /** Default: the merge base of the head with the default branch. */
  readonly base?: string;
  /** Default: HEAD. */
  readonly head?: string;
  /** `pr:12`; default `<base>..<head>` (short ids). */
  readonly change?: string;
  readonly labels?: readonly string[];
  readonly author?: string;
  /** Default: the current time. */
  readonly now?: Date;
  readonly cache?: boolean;
  readonly onProgress?: OnProgress;
  /** The reads of `startReads`, begun before the policy was loaded; they must be of the same base and head. */
  readonly reads?: ChangeReads;
}

/** What a change's facts read from git that does not depend on the policy. */
export interface ChangeReads {
  readonly base: string;
  readonly head: string;
  readonly diff: Promise<{ changed: ChangedFile[]; stats: LineStats }>;
  readonly patches: Promise<FilePatch[]>;
  /** The work tree's graph when the work tree is the head and a cache makes it quick (else the radius builds it, aside when the head is not checked out). */
  readonly graph: Promise<ModuleGraph> | undefined;
}

/**
 * Starts the git reads of a change that need no policy: the diff, the patch and (with a warm
 * cache, see warmGraphOf) the module graph run while the caller parses blastwall.yml and opens the
 * ledger on the other core.
 */
export function startReads(repo: Repository, change: { readonly base: string; readonly head: string }, options: { readonly cache?: boolean; readonly onProgress?: OnProgress } = {}): ChangeReads {
  const reads: ChangeReads = {
    ...change,
    diff: diffFiles(repo.root, change.base, change.head),
    patches: readRangePatch(repo.root, change.base, change.head),
    graph: change.head === repo.head ? warmGraphOf(repo, options) : undefined,
  };
  for (const read of [reads.diff, reads.patches]) {
    read.catch(() => {
      // Awaited by gatherFacts; this only keeps a failure that comes first from going unhandled.
    });
  }
  return reads;
}

export interface GatheredFacts {
  readonly facts: ChangeFacts;
  readonly radius: RadiusReport;
  readonly warnings: readonly string[];
}

/**
 * The facts of a committed change `base..head`: its commits with their provenance, the net diff
 * (line counts and hunks), and its blast radius. Three readers run at once: history (one git log),
 * the diff (two git diffs, one of which the radius shares) and the radius (graph from the cache,
 * co-change history).
 */
export async function gatherFacts(repo: Repository, options: GatherOptions): Promise<GatheredFacts> {
  const { config } = options;
  // The changed files and their line counts come from one git diff, for the facts and the radius.
  const reads = options.reads ?? startReads(repo, await resolveChange(repo, options), options);
  const { base, head } = reads;
  const [history, { stats }, patches, radius] = await Promise.all([
    readHistory(repo, { catalog: options.catalog, range: `${base}..${head}`, minConfidence: config.provenance.minConfidence, notesRefs: config.provenance.notes }),
    reads.diff,
    reads.patches,
    analyzeRadius(repo, {
      config,
      base,
      head,
      changed: reads.diff.then((files) => files.changed),
      ...(reads.graph && { graph: reads.graph }),
      ...(options.cache !== undefined && { cache: options.cache }),
      ...(options.onProgress && { onProgress: options.onProgress }),
    }),
  ]);
  const hunksByPath = new Map<string, FilePatch>();
  for (const patch of patches) if (patch.newPath !== undefined || patch.oldPath !== undefined) hunksByPath.set((patch.newPath ?? patch.oldPath)!, patch);
  const files: FactFile[] = radius.changed.map((file) => {
    const stat = stats.get(file.path) ?? { added: 0, deleted: 0 };
    return {
      path: file.path,
      status: file.status,
      added: stat.added,
      deleted: stat.deleted,
      hunks: hunksOf(hunksByPath.get(file.path)),
      zones: zonesOf(config.zones, { path: file.path }).map((zone) => zone.zone),
    };
  });
  const facts: ChangeFacts = {
    change: options.change ?? `${base.slice(0, 12)}..${head.slice(0, 12)}`,
    base,
    head,
    commits: history.commits.map((commit) => ({
      sha: commit.sha,
      author: { name: commit.author.name, email: commit.author.email },
      subject: commit.subject,
      ai: commit.attribution.ai,
      tools: commit.attribution.tools.map(({ tool, name, confidence }) => ({ tool, name, confidence })),
      added: commit.added,
      deleted: commit.deleted,
    })),
    files,
    radius: {
      files: radius.files.length,
      packages: radius.packages.length,
      services: radius.services.map(({ name, criticality, distance, why }) => ({ name, criticality, distance, why })),
      zones: radius.zones.map(({ name, criticality, distance, why }) => ({ name, criticality, distance, why })),
      owners: radius.owners.map((owner) => owner.owner),
      score: radius.score.total,
      summary: radius.summary,
    },
    labels: options.labels ?? [],
    author: options.author,
    now: (options.now ?? new Date()).toISOString(),
  };
  return { facts, radius, warnings: [...history.warnings, ...radius.warnings] };
}

/** The commits a change runs between: `head` (default HEAD) and `base` (default: its merge base with the default branch). */
export async function resolveChange(repo: Repository, options: { readonly base?: string; readonly head?: string }): Promise<{ base: string; head: string }> {
  if (repo.head === undefined) throw new UserError('the repository has no commits yet', 'commit something first, then check the change');
  const head = await resolveCommit(repo, options.head ?? 'HEAD');
  const base = options.base === undefined ? ((await mergeBase(repo.root, await defaultBranch(repo.root), head)) ?? head) : await resolveCommit(repo, options.base);
  return { base, head };
}

/** The new file's added or changed line ranges; a pure deletion marks the line after it. */
function hunksOf(patch: FilePatch | undefined): FactFile['hunks'] {
  if (!patch || patch.newPath === undefined) return [];
  const ranges: { start: number; end: number }[] = [];
  for (let i = 0; i < patch.hunks.length; i += 4) {
    const start = patch.hunks[i + 2]!;
    const count = patch.hunks[i + 3]!;
    ranges.push(count === 0 ? { start: Math.max(1, start), end: Math.max(1, start) } : { start, end: start + count - 1 });
  }
  return ranges;
}
