import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCache, removeStale, writeCache } from './fs.js';
import type { Edge, FileNode, ResolvedImport } from './graph.js';
import { languageOf } from './languages.js';
import type { Extraction, ImportKind } from './types.js';

/**
 * The graph cache in `.blastwall/cache/`, two files:
 * - extractions: imports as written, by git blob id (valid on any branch: the same content gives
 *   the same imports); read only when some file is not covered by the resolution cache;
 * - resolution: the resolved imports of each path with its blob id, valid while the resolution
 *   context (the set of paths, the manifests and tsconfigs) is the same; all a warm run reads.
 */
export const CACHE_VERSION = 4;

export type Extractions = Map<string, Extraction>;

export interface ResolutionCache {
  readonly context: string;
  readonly files: Map<string, FileNode>;
  /** The reverse edges as stored, when read from the cache. */
  readonly dependents?: ReadonlyMap<string, readonly Edge[]>;
  /** Edges, unresolved imports and parse errors, as counted when the cache was written. */
  readonly counts?: { readonly edges: number; readonly unresolved: number; readonly parseErrors: number };
}

const folder = (root: string): string => join(root, '.blastwall', 'cache');
const extractionsPath = (root: string): string => join(folder(root), `extractions-v${CACHE_VERSION}.bin`);
const resolutionPath = (root: string): string => join(folder(root), `resolution-v${CACHE_VERSION}.bin`);

async function load<T>(path: string, valid: (value: unknown) => value is T): Promise<T | undefined> {
  const data = await readCache(path);
  if (!data) return undefined;
  try {
    const value: unknown = deserialize(data);
    return valid(value) ? value : undefined;
  } catch {
    // A cache from another version or a torn write is rebuilt, never trusted.
    return undefined;
  }
}

export const loadExtractions = async (root: string): Promise<Extractions> =>
  (await load(extractionsPath(root), (v): v is Extractions => v instanceof Map)) ?? new Map();

export const saveExtractions = (root: string, extractions: Extractions): Promise<void> => writeCache(extractionsPath(root), serialize(extractions));

/**
 * The resolution cache is read on every warm run, so it is stored compactly: one table of
 * strings and Int32Arrays, which deserialise far faster than thirty thousand objects, and it is
 * decoded lazily: a file's imports when someone asks for them, a file's dependents likewise
 * (from a reverse index stored with it), so a radius touches only the part of the graph it reaches.
 *
 * `data`, per file: path, blob, error, skip reason, skip size, import count; per import:
 * specifier, kind × 2 + type-only, line, external, unresolved reason, target count, targets.
 * `reverse`: for each string that is a target, pairs of (importing file's path, offset of the import).
 */
interface CompactResolution {
  readonly context: string;
  readonly counts: { readonly edges: number; readonly unresolved: number; readonly parseErrors: number };
  readonly strings: readonly string[];
  readonly data: Int32Array;
  readonly reverseStart: Int32Array;
  readonly reverse: Int32Array;
}

const KINDS: readonly ImportKind[] = ['static', 'export-from', 'export-star', 'dynamic', 'require', 'import-equals', 'python', 'go', 'java'];
const SKIPS = [undefined, 'symlink', 'too-large', 'missing'] as const;

function encode(resolution: ResolutionCache): CompactResolution {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (text: string): number => {
    let found = index.get(text);
    if (found === undefined) {
      found = strings.length;
      strings.push(text);
      index.set(text, found);
    }
    return found;
  };
  const data: number[] = [resolution.files.size];
  const edges: [target: number, from: number, offset: number][] = [];
  const counts = { edges: 0, unresolved: 0, parseErrors: 0 };
  for (const [path, file] of resolution.files) {
    const from = id(path);
    data.push(from, id(file.blob), file.error === undefined ? 0 : id(file.error) + 1);
    data.push(SKIPS.indexOf(file.skipped?.reason), file.skipped?.size ?? 0, file.imports.length);
    if (file.error !== undefined) counts.parseErrors++;
    for (const imported of file.imports) {
      const offset = data.length;
      counts.edges += imported.targets.length;
      if (imported.unresolved !== undefined) counts.unresolved++;
      data.push(id(imported.specifier), KINDS.indexOf(imported.kind) * 2 + (imported.typeOnly ? 1 : 0), imported.line);
      data.push(imported.external === undefined ? 0 : id(imported.external) + 1, imported.unresolved === undefined ? 0 : id(imported.unresolved) + 1);
      data.push(imported.targets.length);
      for (const target of imported.targets) {
        const to = id(target);
        data.push(to);
        if (target !== path) edges.push([to, from, offset]);
      }
    }
  }
  edges.sort((a, b) => a[0] - b[0]);
  const reverseStart = new Int32Array(strings.length + 1);
  const reverse = new Int32Array(edges.length * 2);
  edges.forEach(([to, from, offset], i) => {
    reverseStart[to + 1]!++;
    reverse[i * 2] = from;
    reverse[i * 2 + 1] = offset;
  });
  for (let i = 1; i < reverseStart.length; i++) reverseStart[i]! += reverseStart[i - 1]!;
  return { context: resolution.context, counts, strings, data: Int32Array.from(data), reverseStart, reverse };
}

/** A file from the cache; its imports are decoded the first time they are read. */
class CachedFile implements FileNode {
  readonly language: FileNode['language'];
  readonly error?: string;
  readonly skipped?: FileNode['skipped'];
  private decoded: readonly ResolvedImport[] | undefined;

  constructor(
    readonly path: string,
    readonly blob: string,
    private readonly compact: CompactResolution,
    private readonly offset: number,
    private readonly count: number,
    error: string | undefined,
    skipped: FileNode['skipped'],
  ) {
    this.language = languageOf(path);
    if (error !== undefined) this.error = error;
    if (skipped !== undefined) this.skipped = skipped;
  }

  get imports(): readonly ResolvedImport[] {
    if (this.decoded === undefined) {
      const imports: ResolvedImport[] = [];
      let at = this.offset;
      for (let i = 0; i < this.count; i++) {
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
  const specifier = strings[data[at++]!]!;
  const kind = data[at++]!;
  const line = data[at++]!;
  const external = data[at++]!;
  const unresolved = data[at++]!;
  const targets: string[] = new Array(data[at++]!);
  for (let t = 0; t < targets.length; t++) targets[t] = strings[data[at++]!]!;
  const item: { -readonly [K in keyof ResolvedImport]: ResolvedImport[K] } = { specifier, kind: KINDS[kind >> 1]!, typeOnly: (kind & 1) === 1, line, targets };
  if (external > 0) item.external = strings[external - 1]!;
  if (unresolved > 0) item.unresolved = strings[unresolved - 1]!;
  return [item, at];
}

/** Skips one import record, returning the offset of the next. */
const skipImport = (data: Int32Array, at: number): number => at + 6 + data[at + 5]!;

function decode(compact: CompactResolution): ResolutionCache {
  const { strings, data } = compact;
  const files: ResolutionCache['files'] = new Map();
  let at = 1;
  for (let f = data[0]!; f > 0; f--) {
    const path = strings[data[at++]!]!;
    const blob = strings[data[at++]!]!;
    const error = data[at++]!;
    const skip = SKIPS[data[at++]!];
    const size = data[at++]!;
    const count = data[at++]!;
    const skipped = skip === undefined ? undefined : skip === 'too-large' ? { reason: skip, size } : { reason: skip };
    files.set(path, new CachedFile(path, blob, compact, at, count, error > 0 ? strings[error - 1] : undefined, skipped));
    for (let i = 0; i < count; i++) at = skipImport(data, at);
  }
  return { context: compact.context, files, dependents: new CachedDependents(compact), counts: compact.counts };
}

/** The reverse edges of the cached graph, decoded target by target when asked for. */
class CachedDependents implements ReadonlyMap<string, readonly Edge[]> {
  private readonly ids = new Map<string, number>();
  private readonly decoded = new Map<number, readonly Edge[]>();

  constructor(private readonly compact: CompactResolution) {
    compact.strings.forEach((text, i) => {
      if (compact.reverseStart[i + 1]! > compact.reverseStart[i]!) this.ids.set(text, i);
    });
  }

  get size(): number {
    return this.ids.size;
  }

  has(target: string): boolean {
    return this.ids.has(target);
  }

  get(target: string): readonly Edge[] | undefined {
    const id = this.ids.get(target);
    if (id === undefined) return undefined;
    let edges = this.decoded.get(id);
    if (!edges) {
      const { strings, reverseStart, reverse } = this.compact;
      const list: Edge[] = [];
      for (let i = reverseStart[id]!; i < reverseStart[id + 1]!; i++) {
        const [item] = decodeImport(this.compact, reverse[i * 2 + 1]!);
        list.push({ from: strings[reverse[i * 2]!]!, to: target, kind: item.kind, typeOnly: item.typeOnly, line: item.line, specifier: item.specifier });
      }
      this.decoded.set(id, (edges = list));
    }
    return edges;
  }

  *entries(): MapIterator<[string, readonly Edge[]]> {
    for (const target of this.ids.keys()) yield [target, this.get(target)!];
  }

  *keys(): MapIterator<string> {
    yield* this.ids.keys();
  }

  *values(): MapIterator<readonly Edge[]> {
    for (const target of this.ids.keys()) yield this.get(target)!;
  }

  forEach(callback: (value: readonly Edge[], key: string, map: ReadonlyMap<string, readonly Edge[]>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, readonly Edge[]]> {
    return this.entries();
  }
}

export async function loadResolution(root: string): Promise<ResolutionCache | undefined> {
  const compact = await load(resolutionPath(root), (v): v is CompactResolution => typeof v === 'object' && v !== null && (v as CompactResolution).reverse instanceof Int32Array);
  return compact === undefined ? undefined : decode(compact);
}

export async function saveResolution(root: string, resolution: ResolutionCache): Promise<void> {
  await writeCache(resolutionPath(root), serialize(encode(resolution)));
  // Files of earlier cache versions would only take space.
  await removeStale(folder(root), new RegExp(`^(extractions|resolution)-v(?!${CACHE_VERSION}\\.bin$)\\d+\\.bin$`));
}

/** A hash of what resolution depends on besides a file's own content. */
export function resolutionContext(paths: readonly string[], configBlobs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(path).update('\0');
  hash.update('\u0001');
  for (const blob of configBlobs) hash.update(blob).update('\0');
  return hash.digest('hex');
}
