import { readOptional, readSource } from './fs.js';
import type { FileNode, ResolvedImport } from './graph.js';
import { goIndex, resolveGo } from './resolve/go.js';
import { javaIndex, resolveJava } from './resolve/java.js';
import { pythonIndex, resolvePython } from './resolve/python.js';
import type { Extraction, ImportRecord, Language } from './types.js';
import type { WorkspacePackage } from './workspaces.js';

/**
 * The per-file work of a build, the same on the main thread and in a worker (pool.ts): read a
 * source file, extract its imports and resolve them. Everything here depends only on the file and
 * on the work tree's paths and packages, so any thread may do any file.
 */

/** What every thread needs to know of the work tree: plain data, so that a worker can be sent it. */
export interface WorkTree {
  readonly root: string;
  /** Every file of the work tree, for the Python, Go and Java indexes. */
  readonly paths: readonly string[];
  readonly packages: readonly WorkspacePackage[];
}

export interface FileJob {
  readonly path: string;
  readonly language: Language;
}

/** A file read and parsed, with its imports resolved; or why it was not read. */
export type FileResult =
  | { readonly skipped: NonNullable<FileNode['skipped']> }
  | { readonly extraction: Extraction; readonly imports: readonly ResolvedImport[] };

export type Resolve = (language: Language, from: string, record: ImportRecord) => ResolvedImport;

type Extractor = (source: string, path: string) => Extraction;

/**
 * The extractors, loaded only when some file needs parsing: a warm run does not pay for loading
 * the native parser and the grammars.
 */
export async function loadExtractors(languages: ReadonlySet<Language>): Promise<(language: Language) => Extractor> {
  const extractTypeScript = await (await import('./extract/typescript.js')).loadTypeScriptExtractor();
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

export async function createResolver({ root, paths, packages }: WorkTree): Promise<Resolve> {
  const { createTypeScriptResolver } = await import('./resolve/typescript.js');
  const typescript = createTypeScriptResolver(root, packages);
  const python = pythonIndex(paths);
  const goMods = await Promise.all(paths.filter((p) => p === 'go.mod' || p.endsWith('/go.mod')).map(async (path) => ({ path, content: (await readOptional(root, path)) ?? '' })));
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

/** Reads, parses and resolves each file, in order; `onFile` is told of each one done. */
export function workFiles(
  root: string,
  jobs: readonly FileJob[],
  extractorFor: (language: Language) => Extractor,
  /** Undefined: extract only, leaving `imports` empty for the thread that resolves. */
  resolve: Resolve | undefined,
  onFile?: () => void,
): FileResult[] {
  return jobs.map(({ path, language }) => {
    onFile?.();
    const source = readSource(root, path);
    if (source.kind !== 'text') return { skipped: source.kind === 'too-large' ? { reason: 'too-large', size: source.size } : { reason: source.kind } };
    const extraction = extractorFor(language)(source.text, path);
    return { extraction, imports: resolve === undefined ? [] : extraction.imports.map((record) => resolve(language, path, record)) };
  });
}

/**
 * What a thread needs to work files of the tree: the extractors of their languages, loaded once,
 * and the resolver, or none for a worker, whose files the main thread resolves (one resolver and
 * one cache of the file system, instead of one per thread).
 */
export async function prepareWork(tree: WorkTree, jobs: readonly FileJob[], resolve: Resolve | undefined): Promise<(jobs: readonly FileJob[]) => FileResult[]> {
  const extractorFor = await loadExtractors(new Set(jobs.map((job) => job.language)));
  return (batch) => workFiles(tree.root, batch, extractorFor, resolve);
}

/** Resolves the imports of files that a worker extracted only. */
export function resolveResults(jobs: readonly FileJob[], results: readonly FileResult[], resolve: Resolve): FileResult[] {
  return results.map((result, i) => {
    if (!('extraction' in result)) return result;
    const { path, language } = jobs[i]!;
    return { extraction: result.extraction, imports: result.extraction.imports.map((record) => resolve(language, path, record)) };
  });
}
