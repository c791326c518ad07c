import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { readCache, writeCache } from './fs.js';
import type { ResolvedImport } from './graph.js';
import type { Extraction } from './types.js';

/**
 * The graph cache in `.blastwall/cache/`: imports as extracted, by git blob id (valid on any
 * branch, since the same content gives the same imports), and the resolved imports of each file,
 * valid while the resolution context (the set of paths and the manifests and tsconfigs) is the same.
 */
export const CACHE_VERSION = 1;

export interface GraphCache {
  readonly version: number;
  readonly extractions: Map<string, Extraction>;
  readonly resolution: { context: string; files: Map<string, { blob: string; imports: readonly ResolvedImport[] }> } | undefined;
}

export const cachePath = (root: string): string => join(root, '.blastwall', 'cache', `graph-v${CACHE_VERSION}.bin`);

export const emptyCache = (): GraphCache => ({ version: CACHE_VERSION, extractions: new Map(), resolution: undefined });

export async function loadCache(root: string): Promise<GraphCache> {
  const data = await readCache(cachePath(root));
  if (!data) return emptyCache();
  try {
    const cache = deserialize(data) as GraphCache;
    return cache.version === CACHE_VERSION && cache.extractions instanceof Map ? cache : emptyCache();
  } catch {
    // A cache from another version or a torn write is rebuilt, never trusted.
    return emptyCache();
  }
}

export async function saveCache(root: string, cache: GraphCache): Promise<void> {
  await writeCache(cachePath(root), serialize(cache));
}

/** A hash of what resolution depends on besides a file's own content. */
export function resolutionContext(paths: readonly string[], configBlobs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(path).update('\0');
  hash.update('\u0001');
  for (const blob of configBlobs) hash.update(blob).update('\0');
  return hash.digest('hex');
}
