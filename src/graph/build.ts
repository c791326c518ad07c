import { readWorkTree, type TreeEntry } from '../git/files.js';
import type { OnProgress } from '../shared/progress.js';
import { loadExtractions, loadResolution, loadWorkTreeName, resolutionContext, saveExtractions, saveResolution, saveWorkTreeName, type Extractions, type ResolutionCache } from './cache.js';
import { readOptional, readSource } from './fs.js';
import { reverseEdges, type FileNode, type ModuleGraph, type ResolvedImport } from './graph.js';
import { languageOf } from './languages.js';
import { goIndex, resolveGo } from './resolve/go.js';
import { javaIndex, resolveJava } from './resolve/java.js';
import { pythonIndex, resolvePython } from './resolve/python.js';
import type { Extraction, ImportRecord, Language } from './types.js';
import { findPackages, type WorkspacePackage } from './workspaces.js';

export interface BuildOptions {
  /** Use and update `.blastwall/cache/` (default true). */
  readonly cache?: boolean;
  /** The repository's git dir: with it, a run on a clean work tree whose index has not changed since the last run skips listing the work tree. */
  readonly gitDir?: string;
  readonly onProgress?: OnProgress;
}

/** Files whose content changes how imports resolve anywhere: a change to one re-resolves everything. */
const RESOLUTION_CONFIG = /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json|pnpm-workspace\.yaml|go\.mod|pyproject\.toml|setup\.py|setup\.cfg)$/;

type Extractor = (source: string, path: string) => Extraction;

/**
 * The extractors, loaded only when some file needs parsing: a warm run does not pay for loading
 * the native parser and the grammars.
 */
async function loadExtractors(languages: ReadonlySet<Language>): Promise<(language: Language) => Extractor> {
  const { extractTypeScript } = await import('./extract/typescript.js');
  const treeSitter = await import('./extract/tree-sitter.js');
  if (languages.has('python') || languages.has('go') || languages.has('java')) await treeSitter.loadGrammars();
  return (language) => {
    switch (language) {
      case 'typescript':
      case 'javascript':
        return extractTypeScript;
      case 'python':
        return treeSitter.extractPython;
      case 'go':
        return treeSitter.extractGo;
      case 'java':
        return treeSitter.extractJava;
    }
  };
}

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
  const entries = listed!.filter((entry) => !entry.path.startsWith('.blastwall/'));
  const paths = entries.map((entry) => entry.path);
  const read = (path: string) => readOptional(root, path);
  const context = resolutionContext(paths, entries.filter((e) => RESOLUTION_CONFIG.test(e.path)).map((e) => `${e.path}:${e.blob}`));
  const reusable = previous?.context === context ? previous.files : undefined;
  // Packages follow from the paths and the manifests, which the context covers.
  const packages = reusable !== undefined ? previous!.packages : await findPackages(paths, read);

  const sources: (TreeEntry & { language: Language })[] = [];
  for (const entry of entries) {
    const language = languageOf(entry.path);
    if (language !== undefined) sources.push({ path: entry.path, blob: entry.blob, mode: entry.mode, language });
  }
  const todo = reusable === undefined ? sources : sources.filter((entry) => reusable.get(entry.path)?.blob !== entry.blob);
  // The extraction cache is only needed for files the resolution cache does not cover.
  const cached: Extractions = useCache && todo.length > 0 ? await loadExtractions(root) : new Map();
  const extractorFor = todo.length > 0 ? await loadExtractors(new Set(todo.map((e) => e.language))) : undefined;

  let parsed = 0;
  let fromCache = 0;
  const extractions = new Map<string, Extraction>();
  const skipped = new Map<string, NonNullable<FileNode['skipped']>>();
  let done = 0;
  for (const entry of todo) {
    done++;
    if (options.onProgress && done % 1000 === 0) options.onProgress({ unit: 'files', done, total: todo.length });
    if (entry.mode === '120000') {
      skipped.set(entry.path, { reason: 'symlink' });
      continue;
    }
    const hit = cached.get(entry.blob);
    if (hit) {
      extractions.set(entry.path, hit);
      fromCache++;
      continue;
    }
    const source = readSource(root, entry.path);
    if (source.kind !== 'text') {
      skipped.set(entry.path, source.kind === 'too-large' ? { reason: 'too-large', size: source.size } : { reason: source.kind });
      continue;
    }
    const extraction = extractorFor!(entry.language)(source.text, entry.path);
    parsed++;
    extractions.set(entry.path, extraction);
    cached.set(entry.blob, extraction);
  }

  const resolve = todo.length > 0 ? await resolvers(root, paths, packages, read) : undefined;
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
      node.imports = extraction.imports.map((imported) => resolve!(entry.language, entry.path, imported));
      if (extraction.error !== undefined) node.error = extraction.error;
    }
    files.set(entry.path, node);
  }

  const fullyCached = reusable !== undefined && todo.length === 0 && reusable.size === files.size;
  let generation = previous?.generation;
  if (useCache && !fullyCached) {
    if (parsed > 0) {
      pruneExtractions(cached, entries);
      await saveExtractions(root, cached);
    }
    generation = await saveResolution(root, { context, files, paths, packages });
  }
  // Every file was checked against the cache on a clean work tree: the next run at this index may skip that.
  if (useCache && cleanIndex !== undefined && generation !== undefined && (known?.index !== cleanIndex || known.context !== context || known.generation !== generation)) {
    await saveWorkTreeName(root, { index: cleanIndex, context, generation });
  }
  // Fully cached: the stored reverse edges, decoded lazily; otherwise built from the imports.
  const dependents = fullyCached && previous?.dependents ? previous.dependents : reverseEdges(files);
  const counts = fullyCached && previous?.counts ? previous.counts : countGraph(files);
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

/** Keeps the cache from growing without end: blobs not in the work tree now are dropped past a size. */
function pruneExtractions(extractions: Extractions, entries: readonly TreeEntry[]): void {
  if (extractions.size <= entries.length * 3) return;
  const live = new Set(entries.map((e) => e.blob));
  for (const blob of extractions.keys()) if (!live.has(blob)) extractions.delete(blob);
}

async function resolvers(
  root: string,
  paths: readonly string[],
  packages: readonly WorkspacePackage[],
  read: (path: string) => Promise<string | undefined>,
): Promise<(language: Language, from: string, record: ImportRecord) => ResolvedImport> {
  const { createTypeScriptResolver } = await import('./resolve/typescript.js');
  const typescript = createTypeScriptResolver(root, packages);
  const python = pythonIndex(paths);
  const goMods = await Promise.all(paths.filter((p) => p === 'go.mod' || p.endsWith('/go.mod')).map(async (path) => ({ path, content: (await read(path)) ?? '' })));
  const go = goIndex(paths, goMods);
  const java = javaIndex(paths);
  const base = (record: ImportRecord) => ({ specifier: record.specifier, kind: record.kind, typeOnly: record.typeOnly, line: record.line });

  return (language, from, record) => {
    if (language === 'typescript' || language === 'javascript') {
      const result = typescript(from, record.specifier);
      switch (result.kind) {
        case 'file':
          return { ...base(record), targets: [result.path] };
        case 'external':
          return { ...base(record), targets: [], external: result.name };
        case 'builtin':
          return { ...base(record), targets: [], external: `node:${record.specifier.replace(/^node:/, '')}` };
        case 'unresolved':
          return { ...base(record), targets: [], unresolved: result.reason };
      }
    }
    const targets = language === 'python' ? resolvePython(record, from, python) : language === 'go' ? resolveGo(record, from, go) : resolveJava(record, from, java);
    if (targets.length > 0) return { ...base(record), targets };
    // Relative Python imports must resolve; absolute ones that do not are third-party.
    const relative = language === 'python' && record.specifier.startsWith('.');
    return relative ? { ...base(record), targets: [], unresolved: 'not found' } : { ...base(record), targets: [], external: record.specifier };
  };
}
