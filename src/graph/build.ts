import { listWorkTree, type TreeEntry } from '../git/files.js';
import type { OnProgress } from '../shared/progress.js';
import { emptyCache, loadCache, resolutionContext, saveCache, type GraphCache } from './cache.js';
import { loadGrammars, extractGo, extractJava, extractPython } from './extract/tree-sitter.js';
import { extractTypeScript } from './extract/typescript.js';
import { readOptional, readSource } from './fs.js';
import { reverseEdges, type FileNode, type ModuleGraph, type ResolvedImport } from './graph.js';
import { languageOf } from './languages.js';
import { goIndex, resolveGo } from './resolve/go.js';
import { javaIndex, resolveJava } from './resolve/java.js';
import { pythonIndex, resolvePython } from './resolve/python.js';
import { createTypeScriptResolver } from './resolve/typescript.js';
import type { Extraction, ImportRecord, Language } from './types.js';
import { findPackages } from './workspaces.js';

export interface BuildOptions {
  /** Use and update `.blastwall/cache/` (default true). */
  readonly cache?: boolean;
  readonly onProgress?: OnProgress;
}

/** Files whose content changes how imports resolve anywhere: a change to one re-resolves everything. */
const RESOLUTION_CONFIG = /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json|pnpm-workspace\.yaml|go\.mod|pyproject\.toml|setup\.py|setup\.cfg)$/;

function extract(language: Language, source: string, path: string): Extraction {
  switch (language) {
    case 'typescript':
    case 'javascript':
      return extractTypeScript(source, path);
    case 'python':
      return extractPython(source, path);
    case 'go':
      return extractGo(source, path);
    case 'java':
      return extractJava(source, path);
  }
}

/**
 * The module graph of the work tree: every source file with its resolved imports, and the reverse
 * edges. Only blobs the cache has not seen are parsed; only files whose blob or resolution context
 * changed are resolved again.
 */
export async function buildGraph(root: string, options: BuildOptions = {}): Promise<ModuleGraph> {
  const useCache = options.cache !== false;
  const cache: GraphCache = useCache ? await loadCache(root) : emptyCache();
  const entries = (await listWorkTree(root)).filter((entry) => !entry.path.startsWith('.blastwall/'));
  const paths = entries.map((entry) => entry.path);
  const read = (path: string) => readOptional(root, path);
  const packages = await findPackages(paths, read);
  const context = resolutionContext(paths, entries.filter((e) => RESOLUTION_CONFIG.test(e.path)).map((e) => `${e.path}:${e.blob}`));
  const reusable = cache.resolution?.context === context ? cache.resolution.files : undefined;

  const sources = entries.filter((entry) => languageOf(entry.path) !== undefined);
  if (sources.some((e) => ['python', 'go', 'java'].includes(languageOf(e.path)!))) await loadGrammars();

  let parsed = 0;
  let fromCache = 0;
  let resolvedFromCache = 0;
  const extractions = new Map<string, Extraction>();
  const skipped = new Map<string, NonNullable<FileNode['skipped']>>();
  let done = 0;
  for (const entry of sources) {
    done++;
    if (options.onProgress && done % 1000 === 0) options.onProgress({ unit: 'files', done, total: sources.length });
    if (reusable?.get(entry.path)?.blob === entry.blob) continue;
    if (entry.mode === '120000') {
      skipped.set(entry.path, { reason: 'symlink' });
      continue;
    }
    const cached = cache.extractions.get(entry.blob);
    if (cached) {
      extractions.set(entry.path, cached);
      fromCache++;
      continue;
    }
    const source = readSource(root, entry.path);
    if (source.kind !== 'text') {
      skipped.set(entry.path, source.kind === 'too-large' ? { reason: 'too-large', size: source.size } : { reason: source.kind });
      continue;
    }
    const extraction = extract(languageOf(entry.path)!, source.text, entry.path);
    parsed++;
    extractions.set(entry.path, extraction);
    cache.extractions.set(entry.blob, extraction);
  }

  const resolve = await resolvers(root, paths, packages, read);
  const files = new Map<string, FileNode>();
  const resolved = new Map<string, { blob: string; imports: readonly ResolvedImport[] }>();
  for (const entry of sources) {
    const language = languageOf(entry.path);
    const reused = reusable?.get(entry.path);
    const skip = skipped.get(entry.path);
    if (skip) {
      files.set(entry.path, { path: entry.path, blob: entry.blob, language, imports: [], skipped: skip });
      continue;
    }
    let imports: readonly ResolvedImport[];
    let error: string | undefined;
    if (reused && reused.blob === entry.blob) {
      imports = reused.imports;
      error = cache.extractions.get(entry.blob)?.error;
      resolvedFromCache++;
    } else {
      const extraction = extractions.get(entry.path)!;
      imports = extraction.imports.map((record) => resolve(language!, entry.path, record));
      error = extraction.error;
    }
    resolved.set(entry.path, { blob: entry.blob, imports });
    files.set(entry.path, { path: entry.path, blob: entry.blob, language, imports, ...(error !== undefined && { error }) });
  }

  if (useCache) {
    pruneExtractions(cache, entries);
    await saveCache(root, { ...cache, resolution: { context, files: resolved } });
  }
  const dependents = reverseEdges(files);
  let edges = 0;
  let unresolved = 0;
  let parseErrors = 0;
  for (const node of files.values()) {
    for (const imported of node.imports) {
      edges += imported.targets.length;
      if (imported.unresolved !== undefined) unresolved++;
    }
    if (node.error !== undefined) parseErrors++;
  }
  return {
    root,
    paths,
    files,
    dependents,
    packages,
    stats: { files: files.size, parsed, fromCache, resolvedFromCache, edges, unresolved, parseErrors, skipped: skipped.size },
  };
}

/** Keeps the cache from growing without end: blobs not in the work tree now are dropped past a size. */
function pruneExtractions(cache: GraphCache, entries: readonly TreeEntry[]): void {
  if (cache.extractions.size <= entries.length * 3) return;
  const live = new Set(entries.map((e) => e.blob));
  for (const blob of cache.extractions.keys()) if (!live.has(blob)) cache.extractions.delete(blob);
}

async function resolvers(
  root: string,
  paths: readonly string[],
  packages: Awaited<ReturnType<typeof findPackages>>,
  read: (path: string) => Promise<string | undefined>,
): Promise<(language: Language, from: string, record: ImportRecord) => ResolvedImport> {
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
