import { isAbsolute, join, relative, sep } from 'node:path';
import { ResolverFactory } from 'oxc-resolver';
import type { WorkspacePackage } from '../workspaces.js';

// The native resolver loads with this module, which shard.ts imports only when something is resolved.

/** Where an import leads. */
export type Resolution =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'external'; readonly name: string }
  | { readonly kind: 'builtin' }
  | { readonly kind: 'unresolved'; readonly reason: string };

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
const CONDITIONS = ['source', 'types', 'import', 'module', 'require', 'node', 'default'];
const BUILD_DIR = /^(dist|build|lib|out|esm|cjs)\//;

const packageName = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
};

/** Picks the target of a package.json `exports` entry for a subpath (`.` or `./x`), by condition order. */
export function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === undefined || exports === null) return undefined;
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const found = exportTarget(item, subpath);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.some((key) => key.startsWith('.'))) {
    if (subpath in map) return conditional(map[subpath]);
    // Pattern exports: "./*": "./src/*.ts"
    for (const key of keys) {
      const star = key.indexOf('*');
      if (star === -1) continue;
      const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
      if (subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
        const target = conditional(map[key]);
        return target?.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
      }
    }
    return undefined;
  }
  return subpath === '.' ? conditional(exports) : undefined;
}

function conditional(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(conditional).find((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    for (const condition of CONDITIONS) if (condition in map) {
      const found = conditional(map[condition]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Resolves TypeScript and JavaScript imports as the compiler and bundlers do (oxc-resolver:
 * tsconfig `paths`, `baseUrl`, `extends` and references found from each file, package.json
 * `exports`/`imports`, extension aliases such as `./x.js` -> `./x.ts`). A workspace package imported
 * by name resolves to its source, even when it is not installed or its build output is missing.
 */
export function createTypeScriptResolver(root: string, packages: readonly WorkspacePackage[]) {
  const resolver = new ResolverFactory({
    tsconfig: 'auto',
    extensions: EXTENSIONS,
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.jsx': ['.tsx', '.jsx'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] },
    conditionNames: CONDITIONS,
    mainFields: ['types', 'module', 'main'],
    builtinModules: true,
    symlinks: true,
  });
  const byName = new Map(packages.filter((p) => p.kind === 'npm').map((p) => [p.name, p]));
  // Called for every import of a cold build: the resolver's answers are normalised absolute paths,
  // so one under the root is cut by its prefix; `relative` (which resolves both paths) is the fallback.
  const rootPrefix = root.endsWith(sep) ? root : `${root}${sep}`;
  const toRepoPath = (absolute: string): string | undefined => {
    const path = absolute.startsWith(rootPrefix) ? absolute.slice(rootPrefix.length) : relative(root, absolute);
    if (path.startsWith('..') || isAbsolute(path)) return undefined;
    return sep === '/' ? path : path.split(sep).join('/');
  };
  const tryResolve = (directory: string, request: string): string | undefined => {
    const result = resolver.sync(directory, request);
    return result.path ? toRepoPath(result.path) : undefined;
  };

  /** A workspace package's source for `name` or `name/sub`, mapping build output back to src/. */
  const workspaceSource = (pkg: WorkspacePackage, specifier: string): string | undefined => {
    const dir = join(root, pkg.dir);
    const subpath = `.${specifier.slice(pkg.name.length)}`;
    const manifest = pkg.manifest ?? {};
    const targets = [
      exportTarget(manifest.exports, subpath),
      ...(subpath === '.' ? [manifest.source, manifest.types, manifest.module, manifest.main, './src/index', './index'] : [subpath, `./src/${subpath.slice(2)}`]),
    ].filter((t): t is string => typeof t === 'string');
    for (const target of targets) {
      const request = target.startsWith('.') ? target : `./${target}`;
      const direct = tryResolve(dir, request);
      if (direct && !direct.includes('node_modules/')) return direct;
      const inside = request.slice(2);
      if (BUILD_DIR.test(inside)) {
        const source = `./src/${inside.replace(BUILD_DIR, '').replace(/\.d\.ts$|\.(c|m)?js$/, '')}`;
        const mapped = tryResolve(dir, source);
        if (mapped) return mapped;
      }
    }
    return undefined;
  };

  return (fromPath: string, specifier: string): Resolution => {
    // Repository paths are normalised already: joined without `join`'s normalising, where the separator allows.
    const absolute = sep === '/' ? `${rootPrefix}${fromPath}` : join(root, fromPath);
    const result = resolver.resolveFileSync(absolute, specifier);
    if (result.builtin) return { kind: 'builtin' };
    const found = result.path ? toRepoPath(result.path) : undefined;
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/');
    if (found && !found.includes('node_modules/') && !(bare && byName.has(packageName(specifier)) && /\/(dist|build|lib|out)\//.test(found))) {
      return { kind: 'file', path: found };
    }
    if (bare) {
      const pkg = byName.get(packageName(specifier));
      if (pkg) {
        const source = workspaceSource(pkg, specifier);
        return source ? { kind: 'file', path: source } : { kind: 'unresolved', reason: `workspace package ${pkg.name} has no source for "${specifier}"` };
      }
      return { kind: 'external', name: packageName(specifier) };
    }
    return { kind: 'unresolved', reason: result.error ?? 'not found' };
  };
}

export type TypeScriptResolver = ReturnType<typeof createTypeScriptResolver>;
