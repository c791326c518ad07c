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
 * The files a change reaches, listed nearest first and by path at each distance (JavaScript's
 * string order), the order in which a radius lists them. Kept as numbers by file id: a core file's
 * radius holds tens of thousands of files, and an object and a map entry for each, made only to be
 * read once, cost a warm run more than the walk (most of it in the garbage collector). Read by
 * position (`path(i)`, `distance(i)`, ...), or as `Reached` objects.
 */
export class Reach implements Iterable<Reached> {
  constructor(
    private readonly pathOf: (id: number) => string,
    /** Ids in listing order. */
    private readonly order: Int32Array,
    /** By id: hops from the change, -1 for a file not reached. */
    private readonly distances: Int32Array,
    /** By id: the id of the file imported on the way back to the change, -1 for none. */
    private readonly vias: Int32Array,
    /** By id: 1 when every import on the way back is type-only. */
    private readonly typeOnlys: Uint8Array,
    /** By id: why a seed is in the radius. */
    private readonly seeds: ReadonlyMap<number, string>,
  ) {}

  get size(): number {
    return this.order.length;
  }

  path(i: number): string {
    return this.pathOf(this.order[i]!);
  }

  distance(i: number): number {
    return this.distances[this.order[i]!]!;
  }

  via(i: number): string | undefined {
    const via = this.vias[this.order[i]!]!;
    return via < 0 ? undefined : this.pathOf(via);
  }

  typeOnly(i: number): boolean {
    return this.typeOnlys[this.order[i]!] === 1;
  }

  seed(i: number): string | undefined {
    return this.seeds.get(this.order[i]!);
  }

  /** The file at position `i`, as an object. */
  at(i: number): Reached {
    const reached: { -readonly [K in keyof Reached]: Reached[K] } = { path: this.path(i), distance: this.distance(i), via: this.via(i), typeOnly: this.typeOnly(i) };
    const seed = this.seed(i);
    if (seed !== undefined) reached.seed = seed;
    return reached;
  }

  /** The chain of files from a changed file to the file at position `i`: `[changed, ..., path(i)]`. */
  chain(i: number): string[] {
    const chain: string[] = [];
    for (let id = this.order[i]!; id >= 0 && chain.length <= this.order.length; id = this.vias[id]!) chain.push(this.pathOf(id));
    return chain.reverse();
  }

  *[Symbol.iterator](): Iterator<Reached> {
    for (let i = 0; i < this.order.length; i++) yield this.at(i);
  }
}

/**
 * Breadth-first over the reverse import edges: every file that depends on a seed, directly or
 * transitively, with the shortest chain that explains it. Cycles are visited once. `depth` limits
 * the hops (undefined: no limit).
 */
export function reachDependents(seeds: readonly Seed[], dependents: ReadonlyMap<string, readonly Edge[]>, depth?: number): Reach {
  // Walked by id: an import of a file already reached costs one array read, not a string lookup.
  const index = importerIndex(dependents);
  // A seed that imports nothing and that nothing imports has no id in the index: it gets one past it.
  const extra: string[] = [];
  const extraIds = new Map<string, number>();
  const reasons = new Map<number, string>();
  const seedIds: number[] = [];
  for (const seed of seeds) {
    let id = index.idOf(seed.path) ?? extraIds.get(seed.path);
    if (id === undefined) {
      id = index.size + extra.length;
      extra.push(seed.path);
      extraIds.set(seed.path, id);
    }
    if (reasons.has(id)) continue;
    reasons.set(id, seed.reason);
    seedIds.push(id);
  }
  const size = index.size + extra.length;
  const pathOf = (id: number): string => (id < index.size ? index.pathOf(id) : extra[id - index.size]!);

  const distances = new Int32Array(size).fill(-1);
  const vias = new Int32Array(size).fill(-1);
  const typeOnlys = new Uint8Array(size);
  // Ids in the order the walk found them (which decides each one's `via`), and in listing order.
  const found = new Int32Array(size);
  const order = new Int32Array(size);
  let count = 0;
  for (const id of seedIds) {
    distances[id] = 0;
    found[count++] = id;
  }
  order.set([...seedIds].sort((a, b) => byString(pathOf(a), pathOf(b))));
  const sortLevel = levelSorter(index, pathOf);
  const { start, importers, stride } = index;
  let levelStart = 0;
  let levelEnd = count;
  while (levelStart < levelEnd && (depth === undefined || distances[found[levelStart]!]! < depth)) {
    const distance = distances[found[levelStart]!]! + 1;
    // Runtime paths are followed before type-only ones at the same distance, so `typeOnly` is set
    // only when no runtime path of that length exists.
    for (let pass = 0; pass <= 1; pass++) {
      for (let k = levelStart; k < levelEnd; k++) {
        const id = found[k]!;
        if (typeOnlys[id] !== pass || id >= index.size) continue;
        // The walk's inner loop: typed arrays, no call per import.
        for (let i = start[id]! * stride, end = start[id + 1]! * stride; i < end; i += stride) {
          const from = importers[i]! >> 1;
          if (distances[from]! >= 0) continue;
          distances[from] = distance;
          vias[from] = id;
          typeOnlys[from] = pass | (importers[i]! & 1);
          found[count++] = from;
        }
      }
    }
    sortLevel(found.subarray(levelEnd, count), order.subarray(levelEnd, count));
    levelStart = levelEnd;
    levelEnd = count;
  }
  return new Reach(pathOf, order.subarray(0, count), distances, vias, typeOnlys, reasons);
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Writes one distance's ids into `into` in path order: by the index's ranks when it has them
 * (numbers sorted natively: a comparison function called for each pair of tens of thousands of
 * files costs tens of milliseconds), else by comparing paths.
 */
function levelSorter(index: ImporterIndex, pathOf: (id: number) => string): (ids: Int32Array, into: Int32Array) => void {
  const ranks = index.ranks;
  if (ranks === undefined) return (ids, into) => into.set([...ids].sort((a, b) => byString(pathOf(a), pathOf(b))));
  let idAt: Int32Array | undefined;
  return (ids, into) => {
    idAt ??= new Int32Array(index.size);
    for (let k = 0; k < ids.length; k++) idAt[(into[k] = ranks[ids[k]!]!)] = ids[k]!;
    into.sort();
    for (let k = 0; k < into.length; k++) into[k] = idAt[into[k]!]!;
  };
}
