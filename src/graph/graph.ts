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
