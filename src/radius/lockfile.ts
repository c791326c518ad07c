import { parse as parseYaml } from 'yaml';

/**
 * A lockfile change affects only the workspace packages whose resolved dependencies changed, not
 * everything. For each importer (workspace folder) the lockfile gives the closure of resolved
 * packages (`name@version`, with their own resolved dependencies); an importer is affected when
 * its closure differs between the two versions of the lockfile.
 */
export const LOCKFILES = ['pnpm-lock.yaml', 'package-lock.json', 'npm-shrinkwrap.json'] as const;

const LOCKFILE_NAMES: ReadonlySet<string> = new Set(LOCKFILES);

/** A lockfile by its name, in any folder (asked for every file a radius reaches; every name above ends in .yaml or .json). */
export const isLockfile = (path: string): boolean => (path.endsWith('.yaml') || path.endsWith('.json')) && LOCKFILE_NAMES.has(path.slice(path.lastIndexOf('/') + 1));

type Closures = Map<string, Set<string>>;

/** Importer folders (relative to the lockfile's folder, `''` for its root) whose closure changed. */
export function changedImporters(path: string, before: string | undefined, after: string | undefined): string[] {
  const read = (text: string | undefined): Closures => {
    if (text === undefined) return new Map();
    try {
      return path.endsWith('.yaml') ? pnpmClosures(text) : npmClosures(text);
    } catch {
      return new Map();
    }
  };
  const [old, current] = [read(before), read(after)];
  const importers = new Set([...old.keys(), ...current.keys()]);
  const changed: string[] = [];
  for (const importer of importers) {
    const a = old.get(importer) ?? new Set<string>();
    const b = current.get(importer) ?? new Set<string>();
    if (a.size !== b.size || [...a].some((key) => !b.has(key))) changed.push(importer);
  }
  return changed.sort();
}

const versionOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value && typeof value === 'object' && 'version' in value ? String((value as { version: unknown }).version) : undefined;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** pnpm-lock.yaml (v6 to v9): `importers.<dir>.<field>.<name>.version`, closures through `snapshots` (v9) or `packages`. */
function pnpmClosures(text: string): Closures {
  const lock = parseYaml(text) as {
    importers?: Record<string, Record<string, Record<string, unknown>>>;
    packages?: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
    snapshots?: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
  } | null;
  const graph = lock?.snapshots ?? lock?.packages ?? {};
  const keyOf = (name: string, version: string): string => (version.startsWith('/') ? version.slice(1) : `${name}@${version}`);
  const closure = (roots: [string, string][]): Set<string> => {
    const seen = new Set<string>();
    const stack = roots.map(([name, version]) => keyOf(name, version));
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const node = graph[key] ?? graph[`/${key}`];
      for (const deps of [node?.dependencies, node?.optionalDependencies]) {
        for (const [name, version] of Object.entries(deps ?? {})) stack.push(keyOf(name, String(version)));
      }
    }
    return seen;
  };
  const closures: Closures = new Map();
  for (const [dir, importer] of Object.entries(lock?.importers ?? { '.': lock as unknown as Record<string, Record<string, unknown>> })) {
    const roots: [string, string][] = [];
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, value] of Object.entries(importer?.[field] ?? {})) {
        const version = versionOf(value);
        if (version !== undefined) roots.push([name, version]);
      }
    }
    closures.set(dir === '.' ? '' : dir, closure(roots));
  }
  return closures;
}

/** package-lock.json v2/v3: workspace entries in `packages`, dependencies found the way node does (nearest node_modules). */
function npmClosures(text: string): Closures {
  const lock = JSON.parse(text) as { packages?: Record<string, { version?: string; link?: boolean; resolved?: string } & Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>>> };
  const packages = lock.packages ?? {};
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const key = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (packages[key]) return key;
      if (dir === '') return undefined;
    }
  };
  const closures: Closures = new Map();
  for (const [dir, entry] of Object.entries(packages)) {
    if (dir.includes('node_modules/')) continue;
    const seen = new Set<string>();
    const stack: [string, string][] = [];
    for (const field of DEPENDENCY_FIELDS) for (const name of Object.keys(entry[field] ?? {})) stack.push([dir, name]);
    while (stack.length > 0) {
      const [from, name] = stack.pop()!;
      const key = locate(from, name);
      if (key === undefined) continue;
      const found = packages[key]!;
      const id = `${name}@${found.version ?? found.resolved ?? 'link'}`;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const child of Object.keys(found.dependencies ?? {})) stack.push([key, child]);
    }
    closures.set(dir, seen);
  }
  return closures;
}
