import { importerIndex, type Edge, type ImporterIndex } from '../graph/graph.js';

/** A file reached from the change, with the import that reached it first (shortest path). */
export interface Reached {
  readonly path: string;
  /** Import hops from the nearest changed file; 0 for a changed file. */
  readonly distance: number;
  /** The file it imports on the shortest path back to the change (undefined at distance 0). */
  readonly via: string | undefined;
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
 * the hops (undefined: no limit). The map holds the files nearest first, by path at each distance
 * (JavaScript's string order), the order in which a radius lists them.
 */
export function reachDependents(
  seeds: readonly Seed[],
  dependents: ReadonlyMap<string, readonly Edge[]>,
  depth?: number,
): Map<string, Reached> {
  // Walked by id: an import of a file already reached costs one array read, not a string lookup.
  const index = importerIndex(dependents);
  const seen = new Uint8Array(index.size);
  const reached = new Map<string, Reached>();
  const starts = new Map<string, Reached>();
  let frontier: Reached[] = [];
  /** The id of each frontier file (-1: imported by nothing). */
  let frontierIds: number[] = [];
  for (const seed of seeds) {
    if (starts.has(seed.path)) continue;
    const start: Reached = { path: seed.path, distance: 0, via: undefined, typeOnly: false, seed: seed.reason };
    starts.set(seed.path, start);
    frontier.push(start);
    const id = index.idOf(seed.path) ?? -1;
    frontierIds.push(id);
    if (id >= 0) seen[id] = 1;
  }
  for (const start of [...starts.values()].sort(byPath)) reached.set(start.path, start);
  const inPathOrder = pathOrder(index);
  while (frontier.length > 0 && (depth === undefined || frontier[0]!.distance < depth)) {
    const next: Reached[] = [];
    const nextIds: number[] = [];
    // Runtime paths are followed before type-only ones at the same distance, so `typeOnly` is true
    // only when no runtime path of that length exists.
    for (const typeOnlyPass of [false, true]) {
      for (let k = 0; k < frontier.length; k++) {
        const current = frontier[k]!;
        if (current.typeOnly !== typeOnlyPass || frontierIds[k]! < 0) continue;
        const distance = current.distance + 1;
        index.forEachImporter(frontierIds[k]!, (from, typeOnly) => {
          if (seen[from] === 1) return;
          seen[from] = 1;
          next.push({ path: index.pathOf(from), distance, via: current.path, typeOnly: current.typeOnly || typeOnly });
          nextIds.push(from);
        });
      }
    }
    // The walk goes on in the order files were found (which decides each one's `via`); the map takes them by path.
    for (const item of inPathOrder(next, nextIds)) reached.set(item.path, item);
    frontier = next;
    frontierIds = nextIds;
  }
  return reached;
}

const byPath = (a: Reached, b: Reached): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Sorts one distance's files by path: by the index's ranks when it has them (numbers sorted
 * natively: a core file's radius holds tens of thousands of files, and a comparison function
 * called for each pair costs tens of milliseconds), else by comparing paths.
 */
function pathOrder(index: ImporterIndex): (items: readonly Reached[], ids: readonly number[]) => readonly Reached[] {
  const { rankOf } = index;
  if (rankOf === undefined) return (items) => [...items].sort(byPath);
  let itemAt: Int32Array | undefined;
  return (items, ids) => {
    itemAt ??= new Int32Array(index.size);
    const ranks = new Int32Array(ids.length);
    for (let k = 0; k < ids.length; k++) itemAt[(ranks[k] = rankOf(ids[k]!))] = k;
    ranks.sort();
    return Array.from(ranks, (rank) => items[itemAt![rank]!]!);
  };
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
