import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { openResolution } from './cached-graph.js';
import { decodeResolution, encodeResolution, type Counts } from './compact.js';
import { cacheExists, readCache, readCacheSync, removeStale, writeCache } from './fs.js';
import type { Edge, FileNode } from './graph.js';
import type { Extraction } from './types.js';
import type { WorkspacePackage } from './workspaces.js';

/**
 * The graph cache in `.blastwall/cache/`, three files (and parsed Backstage catalogs, below):
 * - extractions: imports as written, by git blob id (valid on any branch: the same content gives
 *   the same imports); read only when some file is not covered by the resolution cache;
 * - resolution: the resolved imports of each path with its blob id, valid while the resolution
 *   context (the set of paths, the manifests and tsconfigs) is the same, with the work tree's
 *   paths and packages of that context; all a warm run reads (its format: compact.ts);
 * - worktree: the name of the last index that a clean work tree matched, and the context it gave,
 *   so that the next run may skip listing the work tree.
 */
export const CACHE_VERSION = 6;

export type { Counts } from './compact.js';

export type Extractions = Map<string, Extraction>;

export interface ResolutionCache {
  readonly context: string;
  readonly files: ReadonlyMap<string, FileNode>;
  /** Every file of the work tree (sources or not), and its packages: both follow from the context. */
  readonly paths: readonly string[];
  readonly packages: readonly WorkspacePackage[];
  /** Set when read from the cache: changes whenever the cache is written. */
  readonly generation?: string;
  /** The reverse edges as stored, when read from the cache. */
  readonly dependents?: ReadonlyMap<string, readonly Edge[]>;
  /** Edges, unresolved imports, parse errors and files not read, as counted when the cache was written. */
  readonly counts?: Counts;
}

const folder = (root: string): string => join(root, '.blastwall', 'cache');
/** A cache file: `<name>-v<N>.<extension>`, so that files of another cache version are never read. */
const cacheFile = (root: string, name: string, extension = 'bin'): string => join(folder(root), `${name}-v${CACHE_VERSION}.${extension}`);
const extractionsPath = (root: string): string => cacheFile(root, 'extractions');
const resolutionPath = (root: string): string => cacheFile(root, 'resolution');
const workTreePath = (root: string): string => cacheFile(root, 'worktree', 'json');

async function load<T>(path: string, valid: (value: unknown) => value is T): Promise<T | undefined> {
  return loaded(await readCache(path), valid);
}

function loaded<T>(data: Buffer | undefined, valid: (value: unknown) => value is T): T | undefined {
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

/** Whether a graph cache is there to be read: a warm build takes a fraction of a second, a cold one many. */
export const hasGraphCache = (root: string): boolean => cacheExists(resolutionPath(root));

/**
 * Read at once, in one call: the caller has just set git to work, and goes on to load and parse
 * while git runs. A read in chunks (`fs.promises.readFile`) needs this thread between chunks and
 * was still going, tens of milliseconds later, when git had finished.
 */
export async function loadResolution(root: string): Promise<ResolutionCache | undefined> {
  const data = readCacheSync(resolutionPath(root));
  return data === undefined ? undefined : read(data);
}

/**
 * Writes the resolution cache; returns its new generation, and the cache as a warm run reads it
 * (its reverse edges, numbered and ranked for a radius, and its counts), which costs less than
 * building the reverse edges again from the files.
 */
export async function saveResolution(root: string, resolution: ResolutionCache): Promise<ResolutionCache & { generation: string }> {
  const generation = randomBytes(8).toString('hex');
  const buffer = encodeResolution(resolution, { context: resolution.context, generation, packages: resolution.packages });
  await writeCache(resolutionPath(root), buffer);
  // Files of earlier cache versions would only take space.
  await removeStale(folder(root), new RegExp(`^[a-z]+-v(?!${CACHE_VERSION}\\.)\\d+\\.(bin|json)$`));
  return { ...(read(buffer) ?? resolution), generation };
}

/** The resolution cache in a buffer, as a warm run reads it. */
function read(buffer: Buffer): ResolutionCache | undefined {
  const compact = decodeResolution(buffer);
  if (compact === undefined) return undefined;
  const { context, generation, packages, counts } = compact.meta;
  return { context, generation, packages, counts, ...openResolution(compact) };
}

/**
 * Parsed forms of small files that are not source code (Backstage catalogs), by a hash of path and
 * text: parsing a few dozen YAML documents costs a warm run more than reading them. `parse` runs
 * for the files the cache does not know; then the cache is written, with the current files only.
 */
export async function parsedByContent<T>(
  root: string,
  name: string,
  files: readonly { readonly path: string; readonly text: string }[],
  parse: (text: string, path: string) => T,
  useCache = true,
): Promise<T[]> {
  if (!useCache || files.length === 0) return files.map((file) => parse(file.text, file.path));
  const path = cacheFile(root, name);
  // Small: read in one synchronous call, as the files themselves are (readOptional).
  const known = loaded(readCacheSync(path), (v): v is Map<string, T> => v instanceof Map) ?? new Map<string, T>();
  const current = new Map<string, T>();
  let parsed = 0;
  const results = files.map((file) => {
    const key = createHash('sha256').update(file.path).update('\0').update(file.text).digest('hex');
    let result = known.get(key);
    if (result === undefined) {
      result = parse(file.text, file.path);
      parsed++;
    }
    current.set(key, result);
    return result;
  });
  if (parsed > 0 || current.size !== known.size) await writeCache(path, serialize(current)).catch(ignoreWriteError);
  return results;
}

/**
 * A value that follows from `key` alone (the history of a commit, say), kept in `<name>-v<N>.bin`
 * for the last key asked: `compute` runs when the stored key is another one (or the stored value is
 * not `valid`: a cache is never trusted), and its value is stored in place of the old. The file is
 * read in one synchronous call (it is small, and a warm run asks for it while git is at work).
 */
export async function valueByKey<T>(
  root: string,
  name: string,
  key: string,
  compute: () => Promise<T>,
  valid: (value: unknown) => value is T,
  useCache = true,
): Promise<T> {
  if (!useCache) return compute();
  const path = cacheFile(root, name);
  const stored = loaded(readCacheSync(path), (v): v is { key: unknown; value: unknown } => typeof v === 'object' && v !== null && 'key' in v && 'value' in v);
  if (stored?.key === key && valid(stored.value)) return stored.value;
  const value = await compute();
  await writeCache(path, serialize({ key, value })).catch(ignoreWriteError);
  return value;
}

/**
 * The index a clean work tree last matched (as `readWorkTree` names it), the resolution context of
 * that work tree, and the generation of the resolution cache whose every file was checked against it.
 */
export interface WorkTreeName {
  readonly index: string;
  readonly context: string;
  readonly generation: string;
}

/** Read at the start of a run, before anything else: small, and synchronous so that git starts at once. */
export function loadWorkTreeName(root: string): WorkTreeName | undefined {
  const data = readCacheSync(workTreePath(root));
  try {
    const value = data === undefined ? undefined : (JSON.parse(data.toString('utf8')) as Partial<WorkTreeName>);
    return typeof value?.index === 'string' && typeof value.context === 'string' && typeof value.generation === 'string'
      ? { index: value.index, context: value.context, generation: value.generation }
      : undefined;
  } catch {
    return undefined;
  }
}

export const saveWorkTreeName = (root: string, name: WorkTreeName): Promise<void> => writeCache(workTreePath(root), Buffer.from(`${JSON.stringify(name)}\n`)).catch(ignoreWriteError);

/** These two files only save time: a run that cannot write them (a read-only cache folder) goes on without. */
const ignoreWriteError = (): void => undefined;

/** A hash of what resolution depends on besides a file's own content. */
export function resolutionContext(paths: readonly string[], configBlobs: readonly string[]): string {
  // One update of one string: thirty thousand small updates cost more than the hashing itself.
  const terminated = (items: readonly string[]): string => (items.length === 0 ? '' : `${items.join('\0')}\0`);
  return createHash('sha256').update(`${terminated(paths)}\u0001${terminated(configBlobs)}`).digest('hex');
}
