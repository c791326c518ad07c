import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { EXTERNALS, resolvedVersion } from './externals.js';
import type { Manifest } from './manifests.js';

/** One workspace folder's declared dependencies, as pnpm records them under `importers:`. */
export interface Importer {
  /** `.`, `packages/utils`, ... */
  readonly dir: string;
  readonly manifest: Manifest;
}

const key = (name: string): string => (name.startsWith('@') ? `'${name}'` : name);

/**
 * A `pnpm-lock.yaml` in lockfile v9 format that agrees with the package.json files: importers with
 * specifiers and resolved versions (`link:` for workspace packages), then `packages:` and `snapshots:`
 * for every external package reached, peers included in snapshot keys as pnpm writes them.
 */
export function pnpmLock(importers: readonly Importer[], workspaceDirs: ReadonlyMap<string, string>): string {
  const out = ["lockfileVersion: '9.0'", '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', '', 'importers:'];
  const reached = new Set<string>();
  for (const importer of [...importers].sort((a, b) => (a.dir === '.' ? -1 : b.dir === '.' ? 1 : a.dir < b.dir ? -1 : 1))) {
    out.push('', `  ${importer.dir}:`);
    for (const field of ['dependencies', 'devDependencies'] as const) {
      const deps = Object.entries(importer.manifest[field]);
      if (deps.length === 0) continue;
      out.push(`    ${field}:`);
      for (const [name, specifier] of deps) {
        const dir = workspaceDirs.get(name);
        const version = dir !== undefined ? `link:${posix.relative(importer.dir, dir)}` : resolvedVersion(name);
        if (dir === undefined) reach(name, reached);
        out.push(`      ${key(name)}:`, `        specifier: ${specifier}`, `        version: ${version}`);
      }
    }
  }
  const names = [...reached].sort();
  out.push('', 'packages:');
  for (const name of names) {
    const external = EXTERNALS[name]!;
    out.push('', `  ${key(`${name}@${external.version}`)}:`, `    resolution: {integrity: ${integrity(name, external.version)}}`);
    if (external.engines !== undefined) out.push(`    engines: {node: '${external.engines}'}`);
    const peers = Object.entries(external.peerDependencies ?? {});
    if (peers.length > 0) out.push('    peerDependencies:', ...peers.map(([peer, range]) => `      ${key(peer)}: ${range}`));
  }
  out.push('', 'snapshots:');
  for (const name of names) {
    const external = EXTERNALS[name]!;
    // A snapshot lists dependencies and resolved peers together.
    const deps = Object.entries({ ...external.dependencies, ...Object.fromEntries(Object.keys(external.peerDependencies ?? {}).map((peer) => [peer, EXTERNALS[peer]!.version])) }).sort(([a], [b]) => (a < b ? -1 : 1));
    const id = key(`${name}@${resolvedVersion(name)}`);
    if (deps.length === 0) out.push('', `  ${id}: {}`);
    else out.push('', `  ${id}:`, '    dependencies:', ...deps.map(([dep, version]) => `      ${key(dep)}: ${resolvedVersion(dep) === version ? version : resolvedVersion(dep)}`));
  }
  return out.join('\n') + '\n';
}

function reach(name: string, reached: Set<string>): void {
  if (reached.has(name)) return;
  reached.add(name);
  const external = EXTERNALS[name]!;
  for (const dep of [...Object.keys(external.dependencies ?? {}), ...Object.keys(external.peerDependencies ?? {})]) reach(dep, reached);
}

/** A stable, well-formed `sha512-...` value: pnpm would verify it, nothing here does. */
function integrity(name: string, version: string): string {
  return `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`;
}
