import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCache, writeCache } from './fs.js';
import type { FileNode, ResolvedImport } from './graph.js';
import type { Extraction, ImportKind } from './types.js';

/**
 * The graph cache in `.blastwall/cache/`, two files:
 * - extractions: imports as written, by git blob id (valid on any branch: the same content gives
 *   the same imports); read only when some file is not covered by the resolution cache;
 * - resolution: the resolved imports of each path with its blob id, valid while the resolution
 *   context (the set of paths, the manifests and tsconfigs) is the same; all a warm run reads.
 */
export const CACHE_VERSION = 3;

export type Extractions = Map<string, Extraction>;

export interface ResolutionCache {
  readonly context: string;
  readonly files: Map<string, { readonly blob: string; readonly imports: readonly ResolvedImport[]; readonly error?: string; readonly skipped?: FileNode['skipped'] }>;
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
 * strings and one Int32Array of numbers, which deserialise far faster than thirty thousand
 * objects. Per file: error, skip reason and size, import count; per import: specifier, kind and
 * type-only flag, line, external, unresolved reason, and the targets.
 */
interface CompactResolution {
  readonly context: string;
  readonly strings: readonly string[];
  readonly data: Int32Array;
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
  for (const [path, file] of resolution.files) {
    data.push(id(path), id(file.blob), file.error === undefined ? 0 : id(file.error) + 1);
    data.push(SKIPS.indexOf(file.skipped?.reason), file.skipped?.size ?? 0, file.imports.length);
    for (const imported of file.imports) {
      data.push(id(imported.specifier), KINDS.indexOf(imported.kind) * 2 + (imported.typeOnly ? 1 : 0), imported.line);
      data.push(imported.external === undefined ? 0 : id(imported.external) + 1, imported.unresolved === undefined ? 0 : id(imported.unresolved) + 1);
      data.push(imported.targets.length, ...imported.targets.map(id));
    }
  }
  return { context: resolution.context, strings, data: Int32Array.from(data) };
}

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
    const imports: ResolvedImport[] = new Array(data[at++]!);
    for (let i = 0; i < imports.length; i++) {
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
      imports[i] = item;
    }
    files.set(path, {
      blob,
      imports,
      ...(error > 0 && { error: strings[error - 1]! }),
      ...(skip !== undefined && { skipped: skip === 'too-large' ? { reason: skip, size } : { reason: skip } }),
    });
  }
  return { context: compact.context, files };
}

export async function loadResolution(root: string): Promise<ResolutionCache | undefined> {
  const compact = await load(resolutionPath(root), (v): v is CompactResolution => typeof v === 'object' && v !== null && (v as CompactResolution).data instanceof Int32Array);
  return compact === undefined ? undefined : decode(compact);
}

export const saveResolution = (root: string, resolution: ResolutionCache): Promise<void> => writeCache(resolutionPath(root), serialize(encode(resolution)));

/** A hash of what resolution depends on besides a file's own content. */
export function resolutionContext(paths: readonly string[], configBlobs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(path).update('\0');
  hash.update('\u0001');
  for (const blob of configBlobs) hash.update(blob).update('\0');
  return hash.digest('hex');
}
