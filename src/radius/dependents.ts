import type { Edge } from '../graph/graph.js';

/** A file reached from the change, with the import that reached it first (shortest path). */
export interface Reached {
  readonly path: string;
  /** Import hops from the nearest changed file; 0 for a changed file. */
  readonly distance: number;
  /** The file it imports on the shortest path back to the change (undefined at distance 0). */
  readonly via: string | undefined;
  /** The edge from this file to `via`. */
  readonly edge: Edge | undefined;
  /** Every edge on the path back is type-only: it breaks only the type check, not the runtime. */
  readonly typeOnly: boolean;
  /** Why a seed is in the radius (`changed`, `config: packages/x/package.json`, ...). */
  readonly seed?: string;
}

export interface Seed {
  readonly path: string;
  readonly reason: string;
}

/**
 * Breadth-first over the reverse import edges: every file that depends on a seed, directly or
 * transitively, with the shortest chain that explains it. Cycles are visited once. `depth` limits
 * the hops (undefined: no limit).
 */
export function reachDependents(
  seeds: readonly Seed[],
  dependents: ReadonlyMap<string, readonly Edge[]>,
  depth?: number,
): Map<string, Reached> {
  const reached = new Map<string, Reached>();
  let frontier: Reached[] = [];
  for (const seed of seeds) {
    if (reached.has(seed.path)) continue;
    const start: Reached = { path: seed.path, distance: 0, via: undefined, edge: undefined, typeOnly: false, seed: seed.reason };
    reached.set(seed.path, start);
    frontier.push(start);
  }
  // Runtime paths are found before type-only ones at the same distance, so `typeOnly` is true only
  // when no runtime path of that length exists.
  while (frontier.length > 0 && (depth === undefined || frontier[0]!.distance < depth)) {
    const next: Reached[] = [];
    const ordered = [...frontier].sort((a, b) => Number(a.typeOnly) - Number(b.typeOnly));
    for (const current of ordered) {
      for (const edge of dependents.get(current.path) ?? []) {
        if (reached.has(edge.from)) continue;
        const item: Reached = {
          path: edge.from,
          distance: current.distance + 1,
          via: current.path,
          edge,
          typeOnly: current.typeOnly || edge.typeOnly,
        };
        reached.set(edge.from, item);
        next.push(item);
      }
    }
    frontier = next;
  }
  return reached;
}

/** The chain of files from a changed file to `path`: `[changed, ..., path]`. */
export function chainTo(reached: ReadonlyMap<string, Reached>, path: string): string[] {
  const chain: string[] = [];
  for (let current = reached.get(path); current; current = current.via === undefined ? undefined : reached.get(current.via)) {
    chain.push(current.path);
    if (chain.length > reached.size) break;
  }
  return chain.reverse();
}
