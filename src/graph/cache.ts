import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readCache, writeCache } from './fs.js';
import type { FileNode, ResolvedImport } from './graph.js';
import type { Extraction } from './types.js';

/**
 * The graph cache in `.blastwall/cache/`, two files:
 * - extractions: imports as written, by git blob id (valid on any branch: the same content gives
 *   the same imports); read only when some file is not covered by the resolution cache;
 * - resolution: the resolved imports of each path with its blob id, valid while the resolution
 *   context (the set of paths, the manifests and tsconfigs) is the same; all a warm run reads.
 */
export const CACHE_VERSION = 2;

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

export const loadResolution = (root: string): Promise<ResolutionCache | undefined> =>
  load(resolutionPath(root), (v): v is ResolutionCache => typeof v === 'object' && v !== null && (v as ResolutionCache).files instanceof Map);

export const saveExtractions = (root: string, extractions: Extractions): Promise<void> => writeCache(extractionsPath(root), serialize(extractions));
export const saveResolution = (root: string, resolution: ResolutionCache): Promise<void> => writeCache(resolutionPath(root), serialize(resolution));

/** A hash of what resolution depends on besides a file's own content. */
export function resolutionContext(paths: readonly string[], configBlobs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(path).update('\0');
  hash.update('\u0001');
  for (const blob of configBlobs) hash.update(blob).update('\0');
  return hash.digest('hex');
}
