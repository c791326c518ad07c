import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import { folderOf } from '../shared/path.js';

/** A package of the repository: a JS workspace package, a Go module or a Python project. */
export interface WorkspacePackage {
  readonly name: string;
  /** Folder relative to the repository root, `''` for the root. */
  readonly dir: string;
  readonly kind: 'npm' | 'go' | 'python';
  /** The parsed package.json of an npm package. */
  readonly manifest?: PackageManifest;
}

export interface PackageManifest {
  readonly name?: string;
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly source?: string;
  readonly exports?: unknown;
  readonly workspaces?: string[] | { packages?: string[] };
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The workspace globs of package.json `workspaces` and pnpm-workspace.yaml `packages`. */
export function workspaceGlobs(rootManifest: string | undefined, pnpmWorkspace: string | undefined): string[] {
  const globs: string[] = [];
  const manifest = parseJson<PackageManifest>(rootManifest);
  const workspaces = manifest?.workspaces;
  if (Array.isArray(workspaces)) globs.push(...workspaces);
  else if (workspaces && Array.isArray(workspaces.packages)) globs.push(...workspaces.packages);
  if (pnpmWorkspace !== undefined) {
    try {
      const parsed = parseYaml(pnpmWorkspace) as { packages?: unknown } | null;
      if (Array.isArray(parsed?.packages)) globs.push(...parsed.packages.filter((p): p is string => typeof p === 'string'));
    } catch {
      // A broken pnpm-workspace.yaml is left to pnpm to report.
    }
  }
  return globs.map((glob) => glob.replace(/^\.\//, '').replace(/\/$/, ''));
}

/**
 * Finds the packages of a repository from its file list and the text of its manifests.
 * `read` returns a file's text (undefined when it cannot be read).
 */
export async function findPackages(paths: readonly string[], read: (path: string) => Promise<string | undefined>): Promise<WorkspacePackage[]> {
  const packages: WorkspacePackage[] = [];
  const globs = workspaceGlobs(await read('package.json'), paths.includes('pnpm-workspace.yaml') ? await read('pnpm-workspace.yaml') : undefined);
  const positive = globs.filter((g) => !g.startsWith('!'));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const included = positive.length > 0 ? picomatch(positive, { dot: false }) : () => false;
  const excluded = negative.length > 0 ? picomatch(negative) : () => false;

  const manifests = paths.filter((path) => path.endsWith('package.json') && (path === 'package.json' || path.endsWith('/package.json')) && !path.includes('node_modules/'));
  const wanted = manifests.filter((path) => dirOf(path) === '' || (included(dirOf(path)) && !excluded(dirOf(path))));
  // Read at once: hundreds of small manifests awaited one by one wait on the thread pool.
  const texts = await Promise.all(wanted.map((path) => read(path)));
  for (const [i, path] of wanted.entries()) {
    const dir = dirOf(path);
    const manifest = parseJson<PackageManifest>(texts[i]);
    if (!manifest) continue;
    if (dir === '' && positive.length > 0 && manifest.name === undefined) continue;
    packages.push({ name: manifest.name ?? (dir || '(root)'), dir, kind: 'npm', manifest });
  }
  for (const path of paths.filter((p) => p === 'go.mod' || p.endsWith('/go.mod'))) {
    const module = /^module\s+(\S+)/m.exec((await read(path)) ?? '')?.[1];
    if (module) packages.push({ name: module, dir: dirOf(path), kind: 'go' });
  }
  for (const path of paths.filter((p) => /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/.test(p))) {
    const dir = dirOf(path);
    if (packages.some((p) => p.kind === 'python' && p.dir === dir)) continue;
    const text = (await read(path)) ?? '';
    const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? (dir || '(root)');
    packages.push({ name, dir, kind: 'python' });
  }
  return packages.sort((a, b) => b.dir.length - a.dir.length || a.name.localeCompare(b.name));
}

/** The innermost package that holds a path (packages must be sorted deepest first, as findPackages returns them). */
export function packageOf(packages: readonly WorkspacePackage[], path: string): WorkspacePackage | undefined {
  return packageInFolder(packages, folderOf(path));
}

/** `packageOf` for the files of a folder (`folderOf`). */
export function packageInFolder(packages: readonly WorkspacePackage[], dir: string): WorkspacePackage | undefined {
  // A radius asks for tens of thousands of files of a few thousand folders: answered once per
  // folder, by walking up its parents to the nearest package folder.
  let index = memo.get(packages);
  if (!index) {
    const at = new Map<string, WorkspacePackage>();
    // The first of each folder in the given order, as a search of the list would find it.
    for (const pkg of packages) if (!at.has(pkg.dir)) at.set(pkg.dir, pkg);
    memo.set(packages, (index = { at, byDir: new Map() }));
  }
  let found = index.byDir.get(dir);
  if (found === undefined) {
    for (let folder = dir; ; folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '') {
      found = index.at.get(folder) ?? index.byDir.get(folder);
      if (found !== undefined || folder === '') break;
    }
    index.byDir.set(dir, found ?? null);
  }
  return found ?? undefined;
}

const memo = new WeakMap<readonly WorkspacePackage[], { at: Map<string, WorkspacePackage>; byDir: Map<string, WorkspacePackage | null> }>();
