import type { FileNode } from './graph.js';
import type { ImportKind } from './types.js';
import type { WorkspacePackage } from './workspaces.js';

/**
 * The resolution cache as it is stored: read on every warm run, so it is one buffer of Int32Arrays
 * and UTF-8 bytes that is used where it lies. Nothing is decoded up front but the paths (to look
 * them up by name); a file when someone asks for it, its imports when someone reads them, a
 * string when something needs it. The reverse index lets a radius walk dependents by number.
 *
 * `strings` begins with the paths: the files in order (ids below `fileCount`), then the other
 * import targets (ids below `pathCount`), then the other files of the work tree, then blob ids,
 * specifiers and the like.
 * `data`, per file: path, blob, error, skip reason, skip size, import count; per import:
 * specifier, kind × 2 + type-only, line, external, unresolved reason, target count, targets
 * (string ids; 0 or id + 1 where a field may be absent). `fileStart`: where each file's record
 * starts in `data`. `reverse`: for each path that is imported, from `reverseStart[id]`, pairs of
 * (importing file's id × 2 + type-only, offset of the import in `data`). `paths`: every file of
 * the work tree as string ids. `rank`: for each path id below `pathCount`, its place when those
 * paths are sorted as JavaScript compares strings, so that a radius orders files by number.
 */
export interface CompactResolution {
  readonly meta: CompactMeta;
  readonly strings: StringTable;
  readonly paths: Int32Array;
  readonly data: Int32Array;
  readonly fileStart: Int32Array;
  readonly reverseStart: Int32Array;
  readonly reverse: Int32Array;
  readonly rank: Int32Array;
}

export interface Counts {
  readonly edges: number;
  readonly unresolved: number;
  readonly parseErrors: number;
  readonly skipped: number;
}

/** The small part, stored as JSON in front of the arrays. */
export interface CompactMeta {
  readonly context: string;
  readonly generation: string;
  readonly counts: Counts;
  readonly packages: readonly WorkspacePackage[];
  readonly fileCount: number;
  readonly pathCount: number;
}

export interface Resolved {
  readonly files: ReadonlyMap<string, FileNode>;
  readonly paths: readonly string[];
}

export const KINDS: readonly ImportKind[] = ['static', 'export-from', 'export-star', 'dynamic', 'require', 'import-equals', 'python', 'go', 'java'];
export const SKIPS = [undefined, 'symlink', 'too-large', 'missing'] as const;
const ARRAYS = ['stringStart', 'paths', 'data', 'fileStart', 'reverseStart', 'reverse', 'rank'] as const;
/** `BWR` and a format number, as the first four bytes. */
const MAGIC = 0x01525742;

/**
 * Strings by id, as slices of the text (`start` counts UTF-16 code units): thirty thousand small
 * decodes would cost more than the whole radius walk. The text is decoded in two pieces when first
 * needed: the paths (ids below `split`), which every run reads, and the rest (blob ids,
 * specifiers), which a warm radius seldom reads. ASCII text, the usual case, is copied as Latin-1
 * rather than decoded.
 */
/** How many strings of the second piece are decoded one by one before it is decoded whole. */
const CUT_ALONE = 1024;

export class StringTable {
  private readonly pieces: [string | undefined, string | undefined] = [undefined, undefined];
  /** Paths are asked for again and again (by id, then as map keys): one string each, hashed once. */
  private readonly paths: (string | undefined)[];
  /** Strings of the second piece cut from the bytes one by one so far. */
  private cutAlone = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly start: Int32Array,
    private readonly split: number,
    private readonly ascii: boolean,
  ) {
    this.paths = new Array<string | undefined>(Math.min(split, start.length - 1)).fill(undefined);
  }

  /**
   * The first `count` strings (the paths a warm run reads, every one of them), cut from the text in
   * one pass and kept for `get`: tens of thousands of `get` calls cost several times more.
   */
  first(count: number): readonly string[] {
    const { start, paths } = this;
    const n = Math.min(count, paths.length);
    // Ids below `split` are in the first piece, which starts at offset 0.
    const text = (this.pieces[0] ??= this.decode(0, 0));
    for (let id = 0; id < n; id++) paths[id] ??= text.slice(start[id]!, start[id + 1]!);
    return paths as readonly string[];
  }

  get(id: number): string {
    if (id < this.paths.length) return (this.paths[id] ??= this.slice(id));
    return this.slice(id);
  }

  private slice(id: number): string {
    const piece = id < this.split ? 0 : 1;
    // The second piece (blob ids, specifiers: megabytes) is decoded whole only once many of its
    // strings are asked for: a warm radius asks for the imports of the changed files alone.
    if (piece === 1 && this.ascii && this.pieces[1] === undefined && ++this.cutAlone <= CUT_ALONE) return this.bytes.toString('latin1', this.start[id]!, this.start[id + 1]!);
    const from = piece === 0 ? 0 : this.start[this.split]!;
    const text = (this.pieces[piece] ??= this.decode(piece, from));
    return text.slice(this.start[id]! - from, this.start[id + 1]! - from);
  }

  private decode(piece: 0 | 1, from: number): string {
    // In ASCII text, code units are bytes; otherwise the pieces cannot be cut by offset, and both are the whole text.
    if (!this.ascii) return this.bytes.toString('utf8');
    return piece === 0 ? this.bytes.toString('latin1', 0, this.start[this.split]) : this.bytes.toString('latin1', from);
  }
}

/** The resolution cache as one buffer: `meta`, the files' records and their reverse index. */
export function encodeResolution(resolved: Resolved, meta: Omit<CompactMeta, 'counts' | 'fileCount' | 'pathCount'>): Buffer {
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
  for (const path of resolved.files.keys()) id(path);
  const fileCount = strings.length;
  // The ids of each list of targets, once per list: a Go package's files are one list, shared by
  // every import of the package (hundreds of thousands of targets in a large tree).
  const targetIds = new Map<readonly string[], readonly number[]>();
  const idsOf = (targets: readonly string[]): readonly number[] => {
    let ids = targetIds.get(targets);
    if (ids === undefined) targetIds.set(targets, (ids = targets.map(id)));
    return ids;
  };
  for (const file of resolved.files.values()) for (const imported of file.imports) idsOf(imported.targets);
  const pathCount = strings.length;
  for (const path of resolved.paths) id(path);
  // Every path up to here: what a run decodes, whereas blob ids and specifiers wait to be asked for.
  const listedCount = strings.length;
  const data: number[] = [];
  const fileStart = new Int32Array(fileCount);
  /** Flat triples: target, importing file × 2 + type-only, offset of the import in `data`. */
  const edges: number[] = [];
  const counts = { edges: 0, unresolved: 0, parseErrors: 0, skipped: 0 };
  for (const [path, file] of resolved.files) {
    const from = id(path);
    fileStart[from] = data.length;
    data.push(from, id(file.blob), file.error === undefined ? 0 : id(file.error) + 1);
    data.push(SKIPS.indexOf(file.skipped?.reason), file.skipped?.size ?? 0, file.imports.length);
    if (file.error !== undefined) counts.parseErrors++;
    if (file.skipped !== undefined) counts.skipped++;
    for (const imported of file.imports) {
      const offset = data.length;
      counts.edges += imported.targets.length;
      if (imported.unresolved !== undefined) counts.unresolved++;
      data.push(id(imported.specifier), KINDS.indexOf(imported.kind) * 2 + (imported.typeOnly ? 1 : 0), imported.line);
      data.push(imported.external === undefined ? 0 : id(imported.external) + 1, imported.unresolved === undefined ? 0 : id(imported.unresolved) + 1);
      data.push(imported.targets.length);
      for (const to of idsOf(imported.targets)) {
        data.push(to);
        if (to !== from) edges.push(to, from * 2 + (imported.typeOnly ? 1 : 0), offset);
      }
    }
  }
  // Grouped by target with a counting sort, which keeps each target's importers in file and import order.
  const reverseStart = new Int32Array(pathCount + 1);
  for (let e = 0; e < edges.length; e += 3) reverseStart[edges[e]! + 1]!++;
  for (let i = 1; i < reverseStart.length; i++) reverseStart[i]! += reverseStart[i - 1]!;
  const reverse = new Int32Array((edges.length / 3) * 2);
  const next = reverseStart.slice(0, pathCount);
  for (let e = 0; e < edges.length; e += 3) {
    const at = next[edges[e]!]!++;
    reverse[at * 2] = edges[e + 1]!;
    reverse[at * 2 + 1] = edges[e + 2]!;
  }
  const paths = Int32Array.from(resolved.paths, id);
  // The files come in git's order, which is this order for ASCII paths: the sort finds them in runs.
  const rank = new Int32Array(pathCount);
  Array.from({ length: pathCount }, (_, i) => i)
    .sort((a, b) => (strings[a]! < strings[b]! ? -1 : 1))
    .forEach((pathId, place) => (rank[pathId] = place));

  const stringStart = new Int32Array(strings.length + 1);
  strings.forEach((text, i) => (stringStart[i + 1] = stringStart[i]! + text.length));
  const text = Buffer.from(strings.join(''), 'utf8');
  const arrays = { stringStart, paths, data: Int32Array.from(data), fileStart, reverseStart, reverse, rank };
  const ascii = text.length === stringStart[strings.length];
  const header = Buffer.from(JSON.stringify({ ...meta, counts, fileCount, pathCount, listedCount, lengths: ARRAYS.map((name) => arrays[name].length), textBytes: text.length, ascii }), 'utf8');
  // magic, header length, header, padding to 4 bytes, the arrays, the string bytes.
  const padding = (4 - ((8 + header.length) % 4)) % 4;
  const prefix = Buffer.alloc(8 + header.length + padding);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(header.length, 4);
  header.copy(prefix, 8);
  return Buffer.concat([prefix, ...ARRAYS.map((name) => Buffer.from(arrays[name].buffer, arrays[name].byteOffset, arrays[name].byteLength)), text]);
}

/** Reads a buffer written by `encodeResolution`, or undefined when it is not one (another version, a torn write). */
export function decodeResolution(buffer: Buffer): CompactResolution | undefined {
  if (buffer.length < 8 || buffer.readUInt32LE(0) !== MAGIC) return undefined;
  const headerLength = buffer.readUInt32LE(4);
  type Header = CompactMeta & { listedCount: number; lengths: number[]; textBytes: number; ascii: boolean };
  let header: Header;
  try {
    header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  const { listedCount, lengths, textBytes, ascii, ...meta } = header;
  if (!Array.isArray(lengths) || lengths.length !== ARRAYS.length) return undefined;
  // The arrays are used where they lie when the buffer allows it (4-byte aligned), else copied.
  const aligned = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
  let at = 8 + headerLength;
  at += (4 - (at % 4)) % 4;
  const arrays: Int32Array[] = [];
  for (const length of lengths) {
    if (at + length * 4 > aligned.length) return undefined;
    arrays.push(new Int32Array(aligned.buffer, aligned.byteOffset + at, length));
    at += length * 4;
  }
  if (at + textBytes !== aligned.length) return undefined;
  const [stringStart, paths, data, fileStart, reverseStart, reverse, rank] = arrays as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  return { meta, strings: new StringTable(aligned.subarray(at), stringStart, ascii ? listedCount : Number.MAX_SAFE_INTEGER, ascii), paths, data, fileStart, reverseStart, reverse, rank };
}
