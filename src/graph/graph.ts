import type { WorkspacePackage } from './workspaces.js';
import type { ImportKind, Language } from './types.js';

/** An import after resolution: the repository files it leads to, or why it leads nowhere. */
export interface ResolvedImport {
  readonly specifier: string;
  readonly kind: ImportKind;
  readonly typeOnly: boolean;
  readonly line: number;
  /** Repository paths (one for JS/TS/Python/Java class imports; every file of a Go package). */
  readonly targets: readonly string[];
  /** A package from outside the repository (npm, the Go or Python ecosystem). */
  readonly external?: string;
  /** Set when a relative or aliased import points at nothing. */
  readonly unresolved?: string;
}

export interface FileNode {
  readonly path: string;
  readonly blob: string;
  readonly language: Language | undefined;
  readonly imports: readonly ResolvedImport[];
  /** The file did not parse: `line:column: message`. It stays a node with the imports found. */
  readonly error?: string;
  /** Not read: a symlink, or a file over the size cap (with its size). */
  readonly skipped?: { readonly reason: 'symlink' | 'too-large' | 'missing'; readonly size?: number };
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: ImportKind;
  readonly typeOnly: boolean;
  readonly line: number;
  readonly specifier: string;
}

export interface GraphStats {
  readonly files: number;
  readonly parsed: number;
  /** Files whose imports came from the cache (same blob id as before). */
  readonly fromCache: number;
  /** Files whose resolution was reused (same blob, same resolution context). */
  readonly resolvedFromCache: number;
  readonly edges: number;
  readonly unresolved: number;
  readonly parseErrors: number;
  readonly skipped: number;
}

export interface ModuleGraph {
  readonly root: string;
  /** Every file of the work tree, source or not (CODEOWNERS, catalog files, lockfiles). */
  readonly paths: readonly string[];
  /** The files of the work tree that git does not track yet. */
  readonly untracked: readonly string[];
  readonly files: ReadonlyMap<string, FileNode>;
  /** Who imports a file: the reverse edges, for the blast radius. */
  readonly dependents: ReadonlyMap<string, readonly Edge[]>;
  readonly packages: readonly WorkspacePackage[];
  readonly stats: GraphStats;
}

/**
 * Reverse edges numbered for a walk: every path that imports or is imported has an id below
 * `size`, and the importers of an id come as ids in typed arrays, without an Edge object, a string
 * lookup or a call per import (a warm radius of a core file visits hundreds of thousands of them).
 */
export interface ImporterIndex {
  readonly size: number;
  idOf(path: string): number | undefined;
  pathOf(id: number): string;
  /** Where the path of each id comes among all ids' paths sorted as JavaScript compares strings, when the index knows it. */
  readonly ranks?: Int32Array;
  /**
   * The imports of the file `id`, in the order of `dependents.get(path)`: `importers[k * stride]`
   * for k from `start[id]` up to `start[id + 1]`, each the importing file's id times two, plus one
   * when the import is type-only.
   */
  readonly start: Int32Array;
  readonly importers: Int32Array;
  readonly stride: number;
}

/** Reverse edges that come with their own ImporterIndex, as the graph cache's do. */
interface Indexed {
  importerIndex(): ImporterIndex;
}

/** The ImporterIndex of reverse edges: their own when they have one, else numbered here. */
export function importerIndex(dependents: ReadonlyMap<string, readonly Edge[]>): ImporterIndex {
  const indexed = dependents as Partial<Indexed>;
  if (typeof indexed.importerIndex === 'function') return indexed.importerIndex();
  const ids = new Map<string, number>();
  const paths: string[] = [];
  const idOf = (path: string): number => {
    let id = ids.get(path);
    if (id === undefined) {
      ids.set(path, (id = paths.length));
      paths.push(path);
    }
    return id;
  };
  for (const [to, edges] of dependents) {
    idOf(to);
    for (const edge of edges) idOf(edge.from);
  }
  const start = new Int32Array(paths.length + 1);
  for (const [to, edges] of dependents) start[ids.get(to)! + 1] = edges.length;
  for (let id = 0; id < paths.length; id++) start[id + 1]! += start[id]!;
  const importers = new Int32Array(start[paths.length]!);
  for (const [to, edges] of dependents) {
    let at = start[ids.get(to)!]!;
    for (const edge of edges) importers[at++] = (ids.get(edge.from)! << 1) | (edge.typeOnly ? 1 : 0);
  }
  return { size: paths.length, idOf: (path) => ids.get(path), pathOf: (id) => paths[id]!, start, importers, stride: 1 };
}

/** Builds the reverse edges of the resolved imports. */
export function reverseEdges(files: ReadonlyMap<string, FileNode>): Map<string, Edge[]> {
  const dependents = new Map<string, Edge[]>();
  for (const node of files.values()) {
    for (const imported of node.imports) {
      for (const to of imported.targets) {
        if (to === node.path) continue;
        const edge: Edge = { from: node.path, to, kind: imported.kind, typeOnly: imported.typeOnly, line: imported.line, specifier: imported.specifier };
        const list = dependents.get(to);
        if (list) list.push(edge);
        else dependents.set(to, [edge]);
      }
    }
  }
  return dependents;
}
