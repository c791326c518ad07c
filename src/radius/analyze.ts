import { join } from 'node:path';
import { dirname } from 'node:path/posix';
import { changedFiles, defaultBranch, mergeBase, type ChangedFile } from '../git/diff.js';
import { readFileAt } from '../git/objects.js';
import { resolveCommit, type Repository } from '../git/repository.js';
import { checkOutAside, type CheckedOutTree } from '../git/worktree.js';
import { parsedByContent, valueByKey } from '../graph/cache.js';
import { ignoreStateFolder, readOptional } from '../graph/fs.js';
import type { GraphStats, ModuleGraph } from '../graph/graph.js';
import { couplingsFrom, DEFAULT_COUPLING, readChangeSets, type Coupling } from '../history/cochange.js';
import { parseCatalogInfo, type BackstageEntity } from '../ownership/backstage.js';
import { findCodeownersPath, parseCodeowners } from '../ownership/codeowners.js';
import { formatProblem } from '../ownership/problem.js';
import { parseDependencyLinks, type DependencyLink } from '../ownership/runtime-edges.js';
import type { RadiusRules, ServicesConfig, ZonesConfig } from '../ownership/schema.js';
import { buildServiceCatalog } from '../ownership/services.js';
import type { OnProgress } from '../shared/progress.js';
import { computeRadius, type Radius } from './compute.js';
import { graphOf } from './warm-graph.js';
import { changedImporters, isLockfile } from './lockfile.js';

const CATALOG_FILE = /(^|\/)catalog-info\.ya?ml$/;

export interface RadiusConfig {
  readonly services: ServicesConfig;
  readonly zones: ZonesConfig;
  readonly radius: { readonly rules: RadiusRules; readonly depth?: number; readonly runtimeEdges?: string; readonly history: boolean };
}

export interface RadiusOptions {
  readonly config: RadiusConfig;
  /** Compare from here (default: the merge base with the default branch). */
  readonly base?: string;
  /** Compare to this commit (default: the work tree). */
  readonly head?: string;
  /** Compare the index instead of the work tree. */
  readonly staged?: boolean;
  /** Judge these files instead of a diff. */
  readonly files?: readonly string[];
  /**
   * The files of `base..head` when the caller lists them anyway (`diffFiles`): not asked of git
   * again. A promise is awaited only after the graph has started.
   */
  readonly changed?: readonly ChangedFile[] | Promise<readonly ChangedFile[]>;
  readonly depth?: number;
  readonly cache?: boolean;
  readonly onProgress?: OnProgress;
  /** The work tree's graph when the caller started building it already (then `cache` and `onProgress` are its business). */
  readonly graph?: Promise<ModuleGraph>;
}

export interface RadiusReport extends Radius {
  readonly base: string | undefined;
  readonly head: string;
  readonly graph: GraphStats;
  readonly warnings: readonly string[];
}

/**
 * The blast radius of a change in a repository: gathers the changed files, the module graph of
 * the work tree, services, owners, zones and history, then computes the radius. The gate calls
 * this as a library function.
 */
export async function analyzeRadius(repo: Repository, options: RadiusOptions): Promise<RadiusReport> {
  const warnings: string[] = [];
  const root = repo.root;
  const headCommit = options.head === undefined || repo.head === undefined ? repo.head : await resolveCommit(repo, options.head);
  // The graph of the commit judged: the work tree's when it is that commit (as in CI), else a
  // side work tree checked out at it. The graph, the diff and the history are read at the same time.
  const aside = headCommit !== undefined && headCommit !== repo.head && !options.files?.length;
  const tree: CheckedOutTree = aside ? await sideTree(repo, headCommit) : { root, gitDir: repo.gitDir };
  const graphPromise = (!aside && options.graph) || graphOf(tree, options);
  graphPromise.catch(() => {
    // Awaited below; this only keeps an early failure elsewhere from leaving it unhandled.
  });
  let base: string | undefined;
  let changed: ChangedFile[];
  if (options.files && options.files.length > 0) {
    changed = options.files.map((path) => ({ path: path.replace(/^\.\//, ''), status: 'modified' as const }));
  } else {
    if (headCommit === undefined) return emptyReport(options, ['the repository has no commits yet']);
    if (options.base !== undefined) await resolveCommit(repo, options.base);
    base = options.base ?? (await mergeBase(root, await defaultBranch(root), headCommit)) ?? headCommit;
    changed =
      options.changed !== undefined && options.head !== undefined && !options.staged
        ? [...(await options.changed)]
        : await changedFiles(root, { base, untracked: false, ...(options.head !== undefined && { head: options.head }), ...(options.staged && { staged: true }) });
  }
  const couplingsPromise: Promise<Coupling[]> =
    options.config.radius.history && headCommit !== undefined && changed.length > 0 ? couplingsOf(root, headCommit, changed, options.cache !== false) : Promise.resolve([]);
  const graph = await graphPromise;
  // The work tree's untracked files are part of its change; the graph listed them already.
  if (!options.files?.length && options.head === undefined && !options.staged) {
    const known = new Set(changed.map((f) => f.path));
    for (const path of graph.untracked) if (!known.has(path)) changed.push({ path, status: 'added' });
  }
  // One pass over the paths for the few that ownership reads.
  const ownershipFiles = new Set<string>();
  const catalogPaths: string[] = [];
  for (const path of graph.paths) {
    if ((path.endsWith('.yaml') || path.endsWith('.yml')) && CATALOG_FILE.test(path)) catalogPaths.push(path);
    else if (path.endsWith('CODEOWNERS')) ownershipFiles.add(path);
  }
  const codeownersPath = findCodeownersPath(ownershipFiles);
  const codeowners = codeownersPath === undefined ? { rules: [], problems: [] } : parseCodeowners((await readOptional(tree.root, codeownersPath)) ?? '', codeownersPath);
  const backstage: BackstageEntity[] = [];
  const catalogTexts = await Promise.all(catalogPaths.map(async (path) => ({ path, text: (await readOptional(tree.root, path)) ?? '' })));
  for (const reading of await parsedByContent(tree.root, 'backstage', catalogTexts, parseCatalogInfo, options.cache !== false)) {
    backstage.push(...reading.entities);
    warnings.push(...reading.problems.map(formatProblem));
  }
  let runtimeEdges: DependencyLink[] = [];
  if (options.config.radius.runtimeEdges !== undefined) {
    const file = options.config.radius.runtimeEdges;
    const text = await readOptional(tree.root, file);
    if (text === undefined) warnings.push(`${file}: runtime edges file not found`);
    else {
      const reading = parseDependencyLinks(text, file);
      runtimeEdges = [...reading.links];
      warnings.push(...reading.problems.map(formatProblem));
    }
  }
  const catalog = buildServiceCatalog({ declared: options.config.services, backstage, runtimeEdges });
  warnings.push(...codeowners.problems.map(formatProblem), ...catalog.problems.map(formatProblem));

  const lockfileImporters = new Map<string, string[]>();
  for (const file of changed.filter((f) => isLockfile(f.path))) {
    const before = base === undefined ? undefined : (await readFileAt(root, base, file.oldPath ?? file.path))?.toString('utf8');
    const after = options.head !== undefined ? (await readFileAt(root, options.head, file.path))?.toString('utf8') : await readOptional(root, file.path);
    const dir = dirname(file.path);
    lockfileImporters.set(file.path, changedImporters(file.path, before, after).map((importer) => (dir === '.' ? importer : importer === '' ? dir : `${dir}/${importer}`)));
  }

  const couplings = await couplingsPromise;

  const radius = computeRadius({
    changed,
    graph,
    catalog,
    zones: options.config.zones,
    codeowners: codeowners.rules,
    rules: options.config.radius.rules,
    lockfileImporters,
    couplings,
    ...((options.depth ?? options.config.radius.depth) !== undefined && { depth: options.depth ?? options.config.radius.depth }),
  });
  return { ...radius, base, head: options.head ?? 'work tree', graph: graph.stats, warnings };
}

function emptyReport(options: RadiusOptions, warnings: string[]): RadiusReport {
  const stats: GraphStats = { files: 0, parsed: 0, fromCache: 0, resolvedFromCache: 0, edges: 0, unresolved: 0, parseErrors: 0, skipped: 0 };
  const radius = computeRadius({
    changed: [],
    graph: { root: '', paths: [], untracked: [], files: new Map(), dependents: new Map(), packages: [], stats },
    catalog: buildServiceCatalog({}),
    zones: {},
    codeowners: [],
    rules: [],
    lockfileImporters: new Map(),
    couplings: [],
  });
  return { ...radius, base: undefined, head: options.head ?? 'work tree', graph: stats, warnings };
}

/**
 * Co-change couplings of the changed files in the history of `commit`. What history says is kept
 * by commit in `.blastwall/cache/`: a radius run again at the same commit does not read the log
 * again (5,000 commits' file lists, or one root commit of 30,000 files, cost a warm run more than
 * the rest of the history analysis).
 */
async function couplingsOf(root: string, commit: string, changed: readonly ChangedFile[], cache: boolean): Promise<Coupling[]> {
  const options = DEFAULT_COUPLING;
  const key = `${commit} ${options.maxCommits} ${options.maxFilesPerCommit}`;
  const changeSets = await valueByKey(root, 'cochange', key, () => readChangeSets(root, commit, options), isChangeSets, cache);
  return couplingsFrom(changeSets, new Set(changed.map((f) => f.path)), options);
}

const isChangeSets = (value: unknown): value is string[][] =>
  Array.isArray(value) && value.every((set) => Array.isArray(set) && set.every((path) => typeof path === 'string'));

/** The side work tree at `commit`, in `.blastwall/` (told to git to be ignored before it is made). */
async function sideTree(repo: Repository, commit: string): Promise<CheckedOutTree> {
  await ignoreStateFolder(join(repo.root, '.blastwall'));
  return checkOutAside(repo, commit);
}
