/**
 * Go import resolution over the repository's paths, without I/O. An import path names a package,
 * which is a folder: `example.com/m/internal/db` is the folder `internal/db` of the module
 * `example.com/m`, and the edge goes to every non-test `.go` file of that folder. Paths of the
 * standard library and of modules outside the repository resolve to no file. Folders the go tool
 * ignores (`testdata/`, `vendor/`, `_x/`) need no rule: no import path of the module names them.
 */
import type { ImportRecord } from '../types.js';

export interface GoIndex {
  /** Module path -> the folders of the go.mod files that declare it (usually one), sorted. */
  readonly modules: ReadonlyMap<string, readonly string[]>;
  /** Folders of all go.mod files, to tell which module a folder belongs to. */
  readonly moduleDirs: ReadonlySet<string>;
  /** Package folder (prefix form) -> its non-test `.go` files, sorted. */
  readonly packages: ReadonlyMap<string, readonly string[]>;
}

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

/** The module path of a go.mod: `module example.com/m` (quoted or not, comments allowed); undefined without one. */
export function goModulePath(content: string): string | undefined {
  for (const raw of content.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line.startsWith('module')) continue;
    const rest = line.slice('module'.length);
    if (rest !== '' && !/^\s/.test(rest)) continue;
    const path = rest.trim().replace(/^(["`])(.*)\1$/, '$2');
    if (path !== '') return path;
  }
  return undefined;
}

/** Builds the index once per repository from its paths and the contents of its go.mod files (nested modules allowed). */
export function goIndex(paths: readonly string[], goModFiles: readonly { readonly path: string; readonly content: string }[]): GoIndex {
  const modules = new Map<string, string[]>();
  for (const file of [...goModFiles].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const path = goModulePath(file.content);
    if (path === undefined) continue;
    const dirs = modules.get(path);
    if (dirs) dirs.push(dirOf(file.path));
    else modules.set(path, [dirOf(file.path)]);
  }
  const packages = new Map<string, string[]>();
  for (const path of paths) {
    if (!path.endsWith('.go') || path.endsWith('_test.go')) continue;
    const dir = dirOf(path);
    const files = packages.get(dir);
    if (files) files.push(path);
    else packages.set(dir, [path]);
  }
  for (const files of packages.values()) files.sort();
  return { modules, moduleDirs: new Set([...modules.values()].flat()), packages };
}

/** The folder of the innermost go.mod above `dir` (prefix form), or undefined outside every module. */
function moduleDirOf(index: GoIndex, dir: string): string | undefined {
  for (let current = dir; ; current = dirOf(current.slice(0, -1))) {
    if (index.moduleDirs.has(current)) return current;
    if (current === '') return undefined;
  }
}

/**
 * Resolves one Go import to the non-test `.go` files of its package folder. The module with the
 * longest path that prefixes the import owns it; the folder must belong to that module (not to a
 * module nested inside it), as for the go tool.
 */
export function resolveGo(record: ImportRecord, _fromPath: string, index: GoIndex): string[] {
  const specifier = record.specifier;
  // The prefixes of the import path at its slashes, the longest first: `a/b/c`, `a/b`, `a`.
  for (let end = specifier.length; end > 0; end = specifier.lastIndexOf('/', end - 1)) {
    const sub = specifier.slice(end + 1);
    for (const moduleDir of index.modules.get(specifier.slice(0, end)) ?? []) {
      const dir = sub === '' ? moduleDir : `${moduleDir}${sub}/`;
      if (moduleDirOf(index, dir) === moduleDir) return [...(index.packages.get(dir) ?? [])];
    }
  }
  return [];
}
