/**
 * Java import resolution over the repository's paths, without I/O. A file `<root>/com/acme/Foo.java`
 * defines the class `com.acme.Foo` whatever its source root (`src/main/java/`, `src/test/java/`,
 * `src/`, a generated folder...), so a class name is found by the end of a path: the files named
 * `Foo.java` whose path ends with `com/acme/Foo.java`. Classes of the JDK and of libraries resolve
 * to no file.
 */
import type { ImportRecord } from '../types.js';

export interface JavaIndex {
  /** Simple class name (`Foo`) -> the `.java` files named after it. */
  readonly filesByClass: ReadonlyMap<string, readonly string[]>;
  /** Last folder name (`acme`) -> folders (prefix form, ending in `/`) that hold `.java` files. */
  readonly foldersByName: ReadonlyMap<string, readonly string[]>;
  /** Folder (prefix form) -> its `.java` files, sorted. */
  readonly filesByFolder: ReadonlyMap<string, readonly string[]>;
}

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the index once per repository from its paths. */
export function javaIndex(paths: readonly string[]): JavaIndex {
  const filesByClass = new Map<string, string[]>();
  const filesByFolder = new Map<string, string[]>();
  for (const path of [...paths].sort()) {
    if (!path.endsWith('.java')) continue;
    push(filesByClass, path.slice(path.lastIndexOf('/') + 1, -'.java'.length), path);
    push(filesByFolder, dirOf(path), path);
  }
  const foldersByName = new Map<string, string[]>();
  for (const folder of filesByFolder.keys()) {
    if (folder === '') continue;
    const trimmed = folder.slice(0, -1);
    push(foldersByName, trimmed.slice(trimmed.lastIndexOf('/') + 1), folder);
  }
  return { filesByClass, foldersByName, filesByFolder };
}

/**
 * The project a source root belongs to, to prefer classes of the importer's own project: the
 * part before the last `src/` folder (`mod/src/main/java/` -> `mod/`), else the root itself.
 */
function projectOf(root: string): string {
  const at = root.lastIndexOf('src/');
  return at !== -1 && (at === 0 || root[at - 1] === '/') ? root.slice(0, at) : root;
}

/** How many leading folders a folder prefix (`a/b/`) and a file path share. */
function sharedFolders(folder: string, path: string): number {
  const [x, y] = [folder.split('/'), path.split('/')];
  let count = 0;
  while (count < x.length - 1 && count < y.length - 1 && x[count] === y[count]) count++;
  return count;
}

/**
 * The files of class `parts` (`['com', 'acme', 'Foo']`). When several projects define it (a class
 * copied into two modules), those of the project nearest to the importing file; all on a tie.
 */
function classFiles(index: JavaIndex, parts: readonly string[], fromPath: string): string[] {
  const relative = `${parts.join('/')}.java`;
  const found = (index.filesByClass.get(parts[parts.length - 1] ?? '') ?? []).filter(
    (path) => path === relative || path.endsWith(`/${relative}`),
  );
  if (found.length < 2) return found;
  const scores = found.map((path) => sharedFolders(projectOf(path.slice(0, -relative.length)), fromPath));
  const best = Math.max(...scores);
  return found.filter((_, at) => scores[at] === best);
}

/** A class or, for a nested class (`com.acme.Foo.Inner`), the file of its outermost class found: the longest match wins. */
function outerClassFiles(index: JavaIndex, parts: readonly string[], fromPath: string): string[] {
  for (let length = parts.length; length >= 2; length--) {
    const files = classFiles(index, parts.slice(0, length), fromPath);
    if (files.length > 0) return files;
  }
  return [];
}

/**
 * The files of package `parts` (`['com', 'acme']`) from every source root that holds it: a package
 * split over modules, or over main and test sources, is one package on the class path.
 */
function packageFiles(index: JavaIndex, parts: readonly string[]): string[] {
  const relative = `${parts.join('/')}/`;
  return (index.foldersByName.get(parts[parts.length - 1] ?? '') ?? [])
    .filter((folder) => folder === relative || folder.endsWith(`/${relative}`))
    .flatMap((folder) => index.filesByFolder.get(folder) ?? [])
    .sort();
}

/**
 * Resolves one Java import to repository files: `com.acme.Foo` -> its file (a nested class
 * `com.acme.Foo.Inner` -> `Foo`'s file); `com.acme.*` -> every file of the package (or, when no
 * such package exists, the class whose nested classes it imports); `import static com.acme.Foo.bar`
 * and `com.acme.Foo.*` -> the class file. A class defined in several projects leads to the copy of
 * the project nearest to `fromPath`.
 */
export function resolveJava(record: ImportRecord, fromPath: string, index: JavaIndex): string[] {
  const parts = record.specifier.split('.');
  const wildcard = parts[parts.length - 1] === '*';
  // A static import names a member (or `*`, all members) of a class: drop it.
  const name = wildcard || record.isStatic ? parts.slice(0, -1) : parts;
  if (name.length === 0) return [];
  if (wildcard && !record.isStatic) {
    const files = packageFiles(index, name);
    if (files.length > 0) return files;
  }
  return outerClassFiles(index, name, fromPath);
}
