import type { CompactResolution, Resolved } from './compact.js';
import { KINDS, SKIPS } from './compact.js';
import type { Edge, FileNode, ImporterIndex, ResolvedImport } from './graph.js';
import { languageOf } from './languages.js';

/**
 * The graph as read from a stored resolution (compact.ts), without decoding it: files, their
 * imports and the reverse edges are made when someone asks for them, and a radius walks the
 * stored reverse index by number.
 */

/** The files, paths and reverse edges of a stored resolution. */
export function openResolution(compact: CompactResolution): Resolved & { dependents: ReadonlyMap<string, readonly Edge[]> } {
  const { strings, meta } = compact;
  // The one index by name that reading the cache builds: path to id, for files and for dependents.
  let listed = 0;
  for (const id of compact.paths) listed = Math.max(listed, id + 1);
  const names = strings.first(Math.max(meta.pathCount, listed));
  const ids = new Map<string, number>();
  for (let i = 0; i < meta.pathCount; i++) ids.set(names[i]!, i);
  const paths = Array.from(compact.paths, (i) => names[i]!);
  return { files: new CachedFiles(compact, ids), paths, dependents: new CachedDependents(compact, ids) };
}

/**
 * A file from the cache, read from its record when a field is read: a radius asks tens of
 * thousands of files whether they parsed, and little else. Its imports are decoded once.
 */
class CachedFile implements FileNode {
  readonly path: string;
  private decoded: readonly ResolvedImport[] | undefined;

  constructor(
    private readonly compact: CompactResolution,
    /** Where its record starts in `data`. */
    private readonly start: number,
  ) {
    this.path = compact.strings.get(compact.data[start]!);
  }

  get blob(): string {
    return this.compact.strings.get(this.compact.data[this.start + 1]!);
  }

  get language(): FileNode['language'] {
    return languageOf(this.path);
  }

  get error(): string | undefined {
    const error = this.compact.data[this.start + 2]!;
    return error > 0 ? this.compact.strings.get(error - 1) : undefined;
  }

  get skipped(): FileNode['skipped'] {
    const skip = SKIPS[this.compact.data[this.start + 3]!];
    return skip === undefined ? undefined : skip === 'too-large' ? { reason: skip, size: this.compact.data[this.start + 4]! } : { reason: skip };
  }

  get imports(): readonly ResolvedImport[] {
    if (this.decoded === undefined) {
      const imports: ResolvedImport[] = [];
      let at = this.start + 6;
      for (let i = 0, count = this.compact.data[this.start + 5]!; i < count; i++) {
        const [item, next] = decodeImport(this.compact, at);
        imports.push(item);
        at = next;
      }
      this.decoded = imports;
    }
    return this.decoded;
  }
}

function decodeImport({ strings, data }: CompactResolution, start: number): [ResolvedImport, number] {
  let at = start;
  const specifier = strings.get(data[at++]!);
  const kind = data[at++]!;
  const line = data[at++]!;
  const external = data[at++]!;
  const unresolved = data[at++]!;
  const targets: string[] = new Array<string>(data[at++]!);
  for (let t = 0; t < targets.length; t++) targets[t] = strings.get(data[at++]!);
  const item: { -readonly [K in keyof ResolvedImport]: ResolvedImport[K] } = { specifier, kind: KINDS[kind >> 1]!, typeOnly: (kind & 1) === 1, line, targets };
  if (external > 0) item.external = strings.get(external - 1);
  if (unresolved > 0) item.unresolved = strings.get(unresolved - 1);
  return [item, at];
}

/** A read-only map whose entries are made when asked for, over ids `0..count`. */
abstract class LazyMap<V> implements ReadonlyMap<string, V> {
  protected abstract ids(): Iterable<number>;
  protected abstract idOf(key: string): number | undefined;
  protected abstract keyOf(id: number): string;
  protected abstract valueOf(id: number): V;
  abstract readonly size: number;

  has(key: string): boolean {
    return this.idOf(key) !== undefined;
  }

  get(key: string): V | undefined {
    const id = this.idOf(key);
    return id === undefined ? undefined : this.valueOf(id);
  }

  *entries(): MapIterator<[string, V]> {
    for (const id of this.ids()) yield [this.keyOf(id), this.valueOf(id)];
  }

  *keys(): MapIterator<string> {
    for (const id of this.ids()) yield this.keyOf(id);
  }

  *values(): MapIterator<V> {
    for (const id of this.ids()) yield this.valueOf(id);
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}

/** The files of the cached graph, in their order, each made when first asked for. */
class CachedFiles extends LazyMap<FileNode> {
  private readonly made: (CachedFile | undefined)[];

  constructor(
    private readonly compact: CompactResolution,
    private readonly byPath: ReadonlyMap<string, number>,
  ) {
    super();
    this.made = new Array<CachedFile | undefined>(compact.meta.fileCount);
  }

  get size(): number {
    return this.compact.meta.fileCount;
  }

  protected *ids(): Iterable<number> {
    for (let id = 0; id < this.compact.meta.fileCount; id++) yield id;
  }

  protected idOf(path: string): number | undefined {
    const id = this.byPath.get(path);
    return id !== undefined && id < this.compact.meta.fileCount ? id : undefined;
  }

  protected keyOf(id: number): string {
    return this.compact.strings.get(id);
  }

  protected valueOf(id: number): CachedFile {
    return (this.made[id] ??= new CachedFile(this.compact, this.compact.fileStart[id]!));
  }
}

/** The reverse edges of the cached graph: Edge objects target by target when asked for, or walked by id. */
class CachedDependents extends LazyMap<readonly Edge[]> {
  private readonly decoded = new Map<number, readonly Edge[]>();
  private targets: number[] | undefined;

  constructor(
    private readonly compact: CompactResolution,
    private readonly byPath: ReadonlyMap<string, number>,
  ) {
    super();
  }

  private imported(id: number): boolean {
    return this.compact.reverseStart[id + 1]! > this.compact.reverseStart[id]!;
  }

  /** Ids of the paths that some file imports, in id order. */
  protected ids(): number[] {
    if (this.targets === undefined) {
      this.targets = [];
      for (let id = 0; id < this.compact.meta.pathCount; id++) if (this.imported(id)) this.targets.push(id);
    }
    return this.targets;
  }

  get size(): number {
    return this.ids().length;
  }

  protected idOf(target: string): number | undefined {
    const id = this.byPath.get(target);
    return id !== undefined && this.imported(id) ? id : undefined;
  }

  protected keyOf(id: number): string {
    return this.compact.strings.get(id);
  }

  protected valueOf(id: number): readonly Edge[] {
    let edges = this.decoded.get(id);
    if (!edges) {
      const { strings, reverseStart, reverse } = this.compact;
      const list: Edge[] = [];
      for (let i = reverseStart[id]!; i < reverseStart[id + 1]!; i++) {
        const [item] = decodeImport(this.compact, reverse[i * 2 + 1]!);
        list.push({ from: strings.get(reverse[i * 2]! >> 1), to: strings.get(id), kind: item.kind, typeOnly: item.typeOnly, line: item.line, specifier: item.specifier });
      }
      this.decoded.set(id, (edges = list));
    }
    return edges;
  }

  /** The stored numbering: ids are the string ids of paths; `reverse` holds pairs (importer, import record). */
  importerIndex(): ImporterIndex {
    const { strings, reverseStart, reverse, meta, rank } = this.compact;
    return { size: meta.pathCount, idOf: (path) => this.byPath.get(path), pathOf: (id) => strings.get(id), ranks: rank, start: reverseStart, importers: reverse, stride: 2 };
  }
}
