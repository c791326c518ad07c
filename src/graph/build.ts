import { availableParallelism } from 'node:os';
import { readWorkTree, type TreeEntry } from '../git/files.js';
import { UserError } from '../shared/errors.js';
import type { OnProgress } from '../shared/progress.js';
import { loadExtractions, loadResolution, loadWorkTreeName, resolutionContext, saveExtractions, saveResolution, saveWorkTreeName, type Extractions, type ResolutionCache } from './cache.js';
import { readOptional } from './fs.js';
import { reverseEdges, type FileNode, type ModuleGraph, type ResolvedImport } from './graph.js';
import { languageOf } from './languages.js';
import type { FileJob, FileResult, Resolve, WorkTree } from './shard.js';
import type { Extraction, Language } from './types.js';

export interface BuildOptions {
  /** Use and update `.blastwall/cache/` (default true). */
  readonly cache?: boolean;
  /** The repository's git dir: with it, a run on a clean work tree whose index has not changed since the last run skips listing the work tree. */
  readonly gitDir?: string;
  readonly onProgress?: OnProgress;
  /** How many files to parse make it worth sharing the work with worker threads (default 1,000). */
  readonly parallelFrom?: number;
  /** Threads for a parallel build, this one included (default: `os.availableParallelism()`). */
  readonly threads?: number;
}

const PARALLEL_FROM = 1000;

/** Files whose content changes how imports resolve anywhere: a change to one re-resolves everything. */
const RESOLUTION_CONFIG = /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json|pnpm-workspace\.yaml|go\.mod|pyproject\.toml|setup\.py|setup\.cfg)$/;

/**
 * The module graph of the work tree: every source file with its resolved imports, and the reverse
 * edges. Only blobs the cache has not seen are parsed; only files whose blob or resolution context
 * changed are resolved again.
 */
export async function buildGraph(root: string, options: BuildOptions = {}): Promise<ModuleGraph> {
  const useCache = options.cache !== false;
  const gitDir = options.gitDir === undefined ? {} : { gitDir: options.gitDir };
  const known = useCache && options.gitDir !== undefined ? loadWorkTreeName(root) : undefined;
  // git first, while this process is small (starting a process copies its page tables), then the
  // resolution cache is read while git works.
  const listing = readWorkTree(root, { ...gitDir, ...(known && { unchangedIndex: known.index }) });
  const previous = useCache ? await loadResolution(root) : undefined;
  let { entries: listed, cleanIndex } = await listing;
  if (listed === undefined) {
    // A clean work tree at the index of the last run that checked the cache against every file.
    if (previous !== undefined && previous.generation === known!.generation && previous.context === known!.context) return cachedGraph(root, previous);
    ({ entries: listed, cleanIndex } = await readWorkTree(root, gitDir));
  }
  // .blastwall/ is blastwall's own state, not the tree's. A commit can bring files there (`git add
  // -f`): a cache that came that way could hide imports from the gate, a ledger or audit log could
  // carry sign-offs. Nothing is judged beside one.
  const entries: TreeEntry[] = [];
  for (const entry of listed!) {
    if (!entry.path.startsWith('.blastwall/')) entries.push(entry);
    else if (!entry.untracked) throw new UserError(`${entry.path} is tracked by git: blastwall does not trust state under .blastwall/ that a commit can bring`, 'remove it from git: git rm -r --cached .blastwall');
  }
  const paths = entries.map((entry) => entry.path);
  const read = (path: string) => readOptional(root, path);
  const context = resolutionContext(paths, entries.filter((e) => RESOLUTION_CONFIG.test(e.path)).map((e) => `${e.path}:${e.blob}`));
  const reusable = previous?.context === context ? previous.files : undefined;
  // Packages follow from the paths and the manifests, which the context covers.
  const packages = reusable !== undefined ? previous!.packages : await (await import('./workspaces.js')).findPackages(paths, read);

  const sources: (TreeEntry & { language: Language })[] = [];
  for (const entry of entries) {
    const language = languageOf(entry.path);
    if (language !== undefined) sources.push({ path: entry.path, blob: entry.blob, mode: entry.mode, language });
  }
  const todo = reusable === undefined ? sources : sources.filter((entry) => reusable.get(entry.path)?.blob !== entry.blob);
  // The extraction cache is only needed for files the resolution cache does not cover.
  const cached: Extractions = useCache && todo.length > 0 ? await loadExtractions(root) : new Map();
  const tree: WorkTree = { root, paths, packages };
  // A warm run has nothing to parse or resolve, and loads neither the resolvers nor the parsers.
  const resolve = todo.length > 0 ? await (await import('./shard.js')).createResolver(tree) : undefined;
  // The files to read: a blob seen twice in this run is read twice, and the merge below takes the
  // first reading, as one thread reading in order would.
  const jobs = todo.filter((entry) => entry.mode !== '120000' && !cached.has(entry.blob));
  const results = jobs.length === 0 ? [] : await workFilesOf(tree, jobs, resolve!, options);

  let parsed = 0;
  let fromCache = 0;
  const extractions = new Map<string, Extraction>();
  const resolved = new Map<string, readonly ResolvedImport[]>();
  const skipped = new Map<string, NonNullable<FileNode['skipped']>>();
  let next = 0;
  for (const entry of todo) {
    if (entry.mode === '120000') {
      skipped.set(entry.path, { reason: 'symlink' });
      continue;
    }
    const result = jobs[next] === entry ? results[next++] : undefined;
    // A copy of a file parsed just before is a cache hit too; any other file not in the cache was a job.
    const hit = cached.get(entry.blob);
    if (hit !== undefined || result === undefined) {
      extractions.set(entry.path, hit!);
      fromCache++;
    } else if ('skipped' in result) {
      skipped.set(entry.path, result.skipped);
    } else {
      parsed++;
      extractions.set(entry.path, result.extraction);
      resolved.set(entry.path, result.imports);
      cached.set(entry.blob, packed(result.extraction));
    }
  }

  const files = new Map<string, FileNode>();
  let resolvedFromCache = 0;
  for (const entry of sources) {
    const reused = reusable?.get(entry.path);
    if (reused && reused.blob === entry.blob) {
      // A cached node decodes its imports only if someone reads them.
      files.set(entry.path, reused);
      resolvedFromCache++;
      continue;
    }
    const skip = skipped.get(entry.path);
    // Built without spreads: this runs for every changed file of the tree.
    const node: { -readonly [K in keyof FileNode]: FileNode[K] } = { path: entry.path, blob: entry.blob, language: entry.language, imports: [] };
    if (skip) node.skipped = skip;
    else {
      const extraction = extractions.get(entry.path)!;
      node.imports = resolved.get(entry.path) ?? extraction.imports.map((imported) => resolve!(entry.language, entry.path, imported));
      if (extraction.error !== undefined) node.error = extraction.error;
    }
    files.set(entry.path, node);
  }

  const fullyCached = reusable !== undefined && todo.length === 0 && reusable.size === files.size;
  let generation = previous?.generation;
  // The cache as written, when it was: its reverse edges and counts stand for these files'.
  let saved: ResolutionCache | undefined;
  if (useCache && !fullyCached) {
    if (parsed > 0) {
      pruneExtractions(cached, entries);
      await saveExtractions(root, cached);
    }
    saved = await saveResolution(root, { context, files, paths, packages });
    generation = saved.generation;
  }
  // Every file was checked against the cache on a clean work tree: the next run at this index may skip that.
  if (useCache && cleanIndex !== undefined && generation !== undefined && (known?.index !== cleanIndex || known.context !== context || known.generation !== generation)) {
    await saveWorkTreeName(root, { index: cleanIndex, context, generation });
  }
  // The stored reverse edges (decoded lazily) of the cache read or just written; else built from the imports.
  const stored = fullyCached ? previous : saved;
  const dependents = stored?.dependents ?? reverseEdges(files);
  const counts = stored?.counts ?? countGraph(files);
  return {
    root,
    paths,
    untracked: entries.filter((e) => e.untracked).map((e) => e.path),
    files,
    dependents,
    packages,
    stats: { files: files.size, parsed, fromCache, resolvedFromCache, ...counts },
  };
}

/**
 * Reads, parses and resolves the files on this thread, or on several when there are enough of them
 * to pay for starting workers (about 0.3 s each: a runtime, the parser, the grammars).
 */
async function workFilesOf(tree: WorkTree, jobs: readonly FileJob[], resolve: Resolve, options: BuildOptions): Promise<FileResult[]> {
  const { loadExtractors, prepareWork, resolveResults, workFiles } = await import('./shard.js');
  const threads = jobs.length >= (options.parallelFrom ?? PARALLEL_FROM) ? Math.max(1, options.threads ?? availableParallelism()) : 1;
  const progress = options.onProgress && ((done: number) => options.onProgress!({ unit: 'files', done, total: jobs.length }));
  if (threads > 1) return (await import('./pool.js')).workInParallel(tree, jobs, threads, () => prepareWork(tree, jobs, resolve), (batch, results) => resolveResults(batch, results, resolve), progress);
  let done = 0;
  const extractorFor = await loadExtractors(new Set(jobs.map((job) => job.language)));
  return workFiles(tree.root, jobs, extractorFor, resolve, progress && (() => ++done % 1000 === 0 && progress(done)));
}

/** The graph of the cache as it is: every file's blob is the cached one. */
function cachedGraph(root: string, cache: ResolutionCache): ModuleGraph {
  const { files, paths, packages } = cache;
  const counts = cache.counts ?? countGraph(files);
  return {
    root,
    paths,
    untracked: [],
    files,
    dependents: cache.dependents ?? reverseEdges(files),
    packages,
    stats: { files: files.size, parsed: 0, fromCache: 0, resolvedFromCache: files.size, ...counts },
  };
}

/** Edges, unresolved imports, parse errors and files not read of a graph. */
export function countGraph(files: ReadonlyMap<string, FileNode>): { edges: number; unresolved: number; parseErrors: number; skipped: number } {
  let edges = 0;
  let unresolved = 0;
  let parseErrors = 0;
  let skipped = 0;
  for (const node of files.values()) {
    for (const imported of node.imports) {
      edges += imported.targets.length;
      if (imported.unresolved !== undefined) unresolved++;
    }
    if (node.error !== undefined) parseErrors++;
    if (node.skipped !== undefined) skipped++;
  }
  return { edges, unresolved, parseErrors, skipped };
}

/**
 * The extraction with its arrays packed. v8.serialize writes a packed array in another form than a
 * holey one, and what makes an array holey is up to V8 (a `flatMap`, a trip through postMessage):
 * packed, the extraction cache is byte for byte the same whichever thread parsed a file.
 */
function packed(extraction: Extraction): Extraction {
  const imports = pushed(extraction.imports, (record) => (record.names ? { ...record, names: pushed(record.names, (name) => name) } : record));
  return { ...extraction, imports };
}

/** A copy made by `push` alone, which keeps an array packed (`map` and `slice` may keep it holey). */
function pushed<T, U>(items: readonly T[], copy: (item: T) => U): U[] {
  const result: U[] = [];
  for (const item of items) result.push(copy(item));
  return result;
}

/** Keeps the cache from growing without end: blobs not in the work tree now are dropped past a size. */
function pruneExtractions(extractions: Extractions, entries: readonly TreeEntry[]): void {
  if (extractions.size <= entries.length * 3) return;
  const live = new Set(entries.map((e) => e.blob));
  for (const blob of extractions.keys()) if (!live.has(blob)) extractions.delete(blob);
}
