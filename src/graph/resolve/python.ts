/**
 * Python module resolution over the repository's paths, without I/O: `a.b.c` -> `a/b/c.py` or
 * `a/b/c/__init__.py` under a source root. What decides the edge is what Python would find on
 * `sys.path` for the repository's own code; anything not found (the standard library, installed
 * packages such as `requests`) resolves to no file.
 */
import type { ImportRecord } from '../types.js';

export interface PythonIndex {
  /** Every `.py` and `.pyi` path of the repository. */
  readonly files: ReadonlySet<string>;
  /** Source roots as folder prefixes (`''` for the repository root, else ending in `/`). */
  readonly roots: ReadonlySet<string>;
  /** Top-level module or package name -> the roots that hold it, sorted. */
  readonly rootsByTopName: ReadonlyMap<string, readonly string[]>;
}

const PROJECT_FILES = new Set(['pyproject.toml', 'setup.py', 'setup.cfg']);

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const isPython = (path: string): boolean => path.endsWith('.py') || path.endsWith('.pyi');

/**
 * Builds the index once per repository. Source roots are the repository root, every folder that
 * holds a `pyproject.toml`, `setup.py` or `setup.cfg`, every `src/` folder that holds Python code
 * (the src layout: `src/`, `packages/x/src/`), and `extraRoots` (folders, e.g. from configuration).
 */
export function pythonIndex(paths: readonly string[], extraRoots: readonly string[] = []): PythonIndex {
  const files = new Set<string>();
  const roots = new Set<string>(['']);
  for (const root of extraRoots) roots.add(root === '' || root.endsWith('/') ? root : `${root}/`);
  for (const path of paths) {
    if (PROJECT_FILES.has(baseName(path))) roots.add(dirOf(path));
    if (!isPython(path)) continue;
    files.add(path);
    for (let at = path.indexOf('src/'); at !== -1; at = path.indexOf('src/', at + 1)) {
      if (at === 0 || path[at - 1] === '/') roots.add(path.slice(0, at + 4));
    }
  }
  const tops = new Map<string, Set<string>>();
  for (const path of files) {
    // Each root above the file: the segment after it is a top-level name under that root.
    for (let start = 0; start !== -1; ) {
      const root = path.slice(0, start);
      const slash = path.indexOf('/', start);
      if (roots.has(root)) {
        // A folder (package) or a module file: `shop/...` or `shop.py`.
        const top = slash === -1 ? path.slice(start).replace(/\.pyi?$/, '') : path.slice(start, slash);
        let set = tops.get(top);
        if (!set) tops.set(top, (set = new Set()));
        set.add(root);
      }
      start = slash === -1 ? -1 : slash + 1;
    }
  }
  const rootsByTopName = new Map([...tops].map(([top, set]) => [top, [...set].sort()] as const));
  return { files, roots, rootsByTopName };
}

/** The file of module `parts` under `root` (a folder prefix): `x.py`, `x/__init__.py`, then the `.pyi` stubs. */
function moduleFile(index: PythonIndex, root: string, parts: readonly string[]): string | undefined {
  const base = root + parts.join('/');
  for (const candidate of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`, `${base}/__init__.pyi`]) {
    if (index.files.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The files of `from <root>/<module> import names` (or `import module` when names is undefined):
 * a name that is a submodule leads to its file, any other name to the module itself.
 * Empty when the module is not under this root.
 */
function filesUnder(index: PythonIndex, root: string, module: readonly string[], names: readonly string[] | undefined): string[] {
  const found = new Set<string>();
  let needsModule = names === undefined || names.length === 0;
  for (const name of names ?? []) {
    const submodule = name === '*' ? undefined : moduleFile(index, root, [...module, name]);
    if (submodule) found.add(submodule);
    else needsModule = true;
  }
  if (needsModule) {
    // `from . import f` leads to the package's `__init__.py`; a namespace package has none.
    const file = moduleFile(index, root, module.length === 0 ? ['__init__'] : module);
    if (file) found.add(file);
  }
  return [...found].sort();
}

/** The folder that a script or a test file sees as `sys.path[0]`: the first folder above its package. */
function scriptRoot(index: PythonIndex, fromPath: string): string {
  let dir = dirOf(fromPath);
  while (dir !== '' && (index.files.has(`${dir}__init__.py`) || index.files.has(`${dir}__init__.pyi`))) dir = dirOf(dir.slice(0, -1));
  return dir;
}

/**
 * Resolves one Python import of `fromPath` to repository files; [] for modules outside the
 * repository. Relative imports count levels from the file's package. Absolute imports try, in
 * order, the importing file's script folder and the source roots that contain the file (the
 * deepest first), and the first that has the module wins; else every other root that has it
 * (an ambiguous name then leads to all its candidates, since a missed dependent costs more than an
 * extra one).
 */
export function resolvePython(record: ImportRecord, fromPath: string, index: PythonIndex): string[] {
  const { specifier, names } = record;
  const level = specifier.length - specifier.replace(/^\.+/, '').length;
  const module = specifier.slice(level) === '' ? [] : specifier.slice(level).split('.');
  if (level > 0) {
    let root = dirOf(fromPath);
    for (let up = 1; up < level; up++) {
      if (root === '') return [];
      root = dirOf(root.slice(0, -1));
    }
    return filesUnder(index, root, module, names);
  }
  const top = module[0];
  if (top === undefined) return [];
  const candidates = index.rootsByTopName.get(top) ?? [];
  const own = scriptRoot(index, fromPath);
  const enclosing = [own, ...candidates.filter((root) => fromPath.startsWith(root)).sort((a, b) => b.length - a.length)];
  for (const root of enclosing) {
    const files = filesUnder(index, root, module, names);
    if (files.length > 0) return files;
  }
  const others = candidates.filter((root) => !enclosing.includes(root));
  return [...new Set(others.flatMap((root) => filesUnder(index, root, module, names)))].sort();
}
