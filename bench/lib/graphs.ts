import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EdgeForm, EdgeHow, PlannedEdge } from './monorepo/types.js';

/** Direct imports by file, as repository-relative paths: what each tool's output comes down to. */
export type Edges = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * What the comparison needs from a tool: the files that depend on a file, directly or not. Tools
 * that report their graph also give `edges`, so that single imports can be compared; a tool that
 * answers only dependents (blastwall's radius, until its format is fixed) is wired in with
 * `dependentsOf` alone.
 */
export interface DependentsSource {
  readonly name: string;
  dependentsOf(file: string): ReadonlySet<string>;
  readonly edges?: Edges;
  /** Answers only for the probe files (one radius run per file): left out of the edge-by-edge sections. */
  readonly probesOnly?: boolean;
}

/** A source over a whole graph: dependents by a breadth-first walk of the reversed edges, memoised per file. */
export function fromEdges(name: string, edges: Edges): DependentsSource {
  const reversed = new Map<string, string[]>();
  for (const [from, tos] of edges) {
    for (const to of tos) {
      let list = reversed.get(to);
      if (!list) reversed.set(to, (list = []));
      list.push(from);
    }
  }
  const memo = new Map<string, ReadonlySet<string>>();
  return {
    name,
    edges,
    dependentsOf(file: string): ReadonlySet<string> {
      const known = memo.get(file);
      if (known) return known;
      const seen = new Set<string>();
      const queue = [file];
      for (let at = 0; at < queue.length; at++) {
        for (const from of reversed.get(queue[at]!) ?? []) {
          if (!seen.has(from) && from !== file) {
            seen.add(from);
            queue.push(from);
          }
        }
      }
      memo.set(file, seen);
      return seen;
    },
  };
}

const record = (value: unknown): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
};

/**
 * dependency-cruiser's `--output-type json`: `modules[].source` and `dependencies[].resolved`.
 * Imports it could not resolve, Node's own modules and anything in node_modules are left out:
 * they are not files of the repository.
 */
export function parseDepcruise(json: unknown): Edges {
  const modules = record(json).modules;
  if (!Array.isArray(modules)) throw new Error('not dependency-cruiser JSON: no "modules" array');
  const edges = new Map<string, Set<string>>();
  for (const module of modules.map(record)) {
    const source = String(module.source);
    if (source.includes('node_modules/') || module.coreModule === true || module.couldNotResolve === true) continue;
    const tos = new Set<string>();
    for (const dep of (Array.isArray(module.dependencies) ? module.dependencies : []).map(record)) {
      const resolved = String(dep.resolved);
      if (dep.couldNotResolve === true || dep.coreModule === true || resolved.includes('node_modules/')) continue;
      tos.add(resolved);
    }
    edges.set(source, tos);
  }
  return edges;
}

/** The modules of a `depcruise --reaches` answer other than the targets themselves: their dependents. */
export function depcruiseModules(json: unknown): string[] {
  return [...parseDepcruise(json).keys()];
}

/** madge's `--json`: `{ "file": ["dependency", ...] }`, paths relative to the folder madge ran in. */
export function parseMadge(json: unknown): Edges {
  const edges = new Map<string, Set<string>>();
  for (const [from, tos] of Object.entries(record(json))) {
    if (!Array.isArray(tos)) throw new Error(`not madge JSON: "${from}" maps to ${typeof tos}`);
    edges.set(from, new Set(tos.map(String).filter((to) => !to.includes('node_modules/'))));
  }
  return edges;
}

/** The imports the generator wrote, from `.git/bench-edges.tsv` of a generated monorepo. */
export function readPlanned(repo: string): PlannedEdge[] {
  const lines = readFileSync(join(repo, '.git', 'bench-edges.tsv'), 'utf8').trimEnd().split('\n').slice(1);
  return lines.map((line) => {
    const [from, to, specifier, how, form] = line.split('\t');
    return { from: from!, to: to!, specifier: specifier!, how: how as EdgeHow, form: form as EdgeForm };
  });
}

/**
 * Go imports name a package folder; a change to any of its files reaches the importers. This
 * turns each into one edge per non-test file of the folder, as the graphs of tools have them.
 */
export function expandGoEdges(planned: readonly PlannedEdge[], files: readonly string[]): PlannedEdge[] {
  const goFiles = new Map<string, string[]>();
  for (const file of files) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    const dir = file.slice(0, file.lastIndexOf('/'));
    let list = goFiles.get(dir);
    if (!list) goFiles.set(dir, (list = []));
    list.push(file);
  }
  return planned.flatMap((edge) => (edge.how === 'go' ? (goFiles.get(edge.to) ?? []).map((to) => ({ ...edge, to })) : [edge]));
}

/** The true graph, from planned edges with Go's already expanded to files. */
export function plannedSource(planned: readonly PlannedEdge[]): DependentsSource {
  const edges = new Map<string, Set<string>>();
  for (const edge of planned) {
    let tos = edges.get(edge.from);
    if (!tos) edges.set(edge.from, (tos = new Set()));
    tos.add(edge.to);
  }
  return fromEdges('planned', edges);
}

export const isScript = (path: string): boolean => /\.(tsx?|[cm]?js|jsx)$/.test(path);
