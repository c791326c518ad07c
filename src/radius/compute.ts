import { normalize } from 'node:path/posix';
import type { ChangedFile } from '../git/diff.js';
import type { ModuleGraph } from '../graph/graph.js';
import { packageInFolder, packageOf, type WorkspacePackage } from '../graph/workspaces.js';
import type { Coupling } from '../history/cochange.js';
import { ownersLookup, type CodeownersRule } from '../ownership/codeowners.js';
import { compileGlob, globFolder } from '../ownership/glob.js';
import { folderOf } from '../shared/path.js';
import type { Criticality, RadiusRules, ZonesConfig } from '../ownership/schema.js';
import { callersOf, serviceOfPath, type ServiceCatalog } from '../ownership/services.js';
import { zonesOf } from '../ownership/zones.js';
import { reachDependents, type Reach, type Seed } from './dependents.js';
import { isLockfile } from './lockfile.js';
import { score, type Score } from './score.js';

export interface RadiusInput {
  readonly changed: readonly ChangedFile[];
  readonly graph: ModuleGraph;
  readonly catalog: ServiceCatalog;
  readonly zones: ZonesConfig;
  readonly codeowners: readonly CodeownersRule[];
  readonly rules: RadiusRules;
  /** Per changed lockfile, the importer folders (repository paths) whose resolved dependencies changed. */
  readonly lockfileImporters: ReadonlyMap<string, readonly string[]>;
  readonly couplings: readonly Coupling[];
  /** Import hops to follow (undefined: all). */
  readonly depth?: number;
}

export interface AffectedFile {
  readonly path: string;
  readonly distance: number;
  readonly via: string | undefined;
  readonly typeOnly: boolean;
  readonly package: string | undefined;
  /** Why a file is a starting point: `changed`, `config: packages/a/package.json`, ... */
  readonly seed?: string;
}

export interface AffectedPackage {
  readonly name: string;
  readonly dir: string;
  readonly distance: number;
  readonly files: number;
  readonly why: readonly string[];
}

export interface AffectedService {
  readonly name: string;
  readonly criticality: Criticality;
  readonly distance: number;
  /** `code`: a file of the service is in the radius; `dependsOn`/`runtime`: it calls a service that is; `rule`: radius.rules says so. */
  readonly reachedBy: 'code' | 'dependsOn' | 'runtime' | 'rule';
  /** The shortest explanation: files of the import chain, then `service:<name>` steps. */
  readonly why: readonly string[];
  readonly owners: readonly string[];
}

export interface AffectedZone {
  readonly name: string;
  readonly criticality: Criticality;
  readonly distance: number;
  readonly why: readonly string[];
}

export interface Radius {
  readonly changed: readonly ChangedFile[];
  readonly files: readonly AffectedFile[];
  readonly packages: readonly AffectedPackage[];
  readonly services: readonly AffectedService[];
  readonly zones: readonly AffectedZone[];
  readonly owners: readonly { readonly owner: string; readonly files: number; readonly services: readonly string[] }[];
  /** Files that change with the changed ones in history; `imported` when an import links them too. */
  readonly coupled: readonly (Coupling & { readonly imported: boolean })[];
  /** Set when a radius rule says the change affects everything. */
  readonly everything: string | undefined;
  /** Imports of the changed files that lead nowhere. */
  readonly unresolved: readonly { readonly file: string; readonly specifier: string; readonly reason: string }[];
  /** Files in the radius that did not parse (their imports may be incomplete) or were not read (symlink, over the size cap). */
  readonly problems: readonly { readonly file: string; readonly problem: string }[];
  readonly score: Score;
  readonly summary: string;
}

const MANIFEST = /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json|go\.mod|pyproject\.toml|setup\.py|setup\.cfg)$/;
const byCriticality: Record<Criticality, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/** The blast radius of a change. Pure: every input is data. */
export function computeRadius(input: RadiusInput): Radius {
  const { graph, catalog } = input;
  const packageFiles = (pkg: WorkspacePackage): string[] =>
    [...graph.files.keys()].filter((path) => packageOf(graph.packages, path) === pkg);
  const seeds: Seed[] = [];
  const ruleServices = new Map<string, string>();
  let everything: string | undefined;

  const deleted = input.changed.filter((file) => file.status === 'deleted' || (file.status === 'renamed' && file.oldPath !== undefined));
  for (const { importer, gone } of importersOfDeleted(graph, deleted.map((f) => (f.status === 'deleted' ? f.path : f.oldPath!)))) {
    seeds.push({ path: importer, reason: `imports deleted ${gone}` });
  }
  for (const file of input.changed) {
    if (file.status !== 'deleted') seeds.push({ path: file.path, reason: 'changed' });
    const own = packageOf(graph.packages, file.path);
    if (MANIFEST.test(file.path) && own) {
      for (const path of packageFiles(own)) seeds.push({ path, reason: `config: ${file.path}` });
    }
    if (isLockfile(file.path)) {
      for (const dir of input.lockfileImporters.get(file.path) ?? []) {
        const pkg = graph.packages.find((p) => p.dir === dir);
        if (pkg) for (const path of packageFiles(pkg)) seeds.push({ path, reason: `lockfile: ${file.path} (${pkg.name})` });
      }
    }
    for (const rule of input.rules) {
      if (!rule.paths.some((glob) => compileGlob(glob)(file.path))) continue;
      const why = `rule: ${file.path}${rule.why ? ` (${rule.why})` : ''}`;
      if (rule.affects === 'everything') everything ??= why;
      else if (rule.affects === 'package' && own) for (const path of packageFiles(own)) seeds.push({ path, reason: why });
      else if (rule.affects === 'packages') {
        for (const name of rule.packages) {
          const pkg = graph.packages.find((p) => p.name === name);
          if (pkg) for (const path of packageFiles(pkg)) seeds.push({ path, reason: why });
        }
      } else if (rule.affects === 'services') for (const name of rule.services) if (!ruleServices.has(name)) ruleServices.set(name, why);
    }
  }
  if (everything !== undefined) for (const path of graph.files.keys()) seeds.push({ path, reason: everything });

  const reached = reachDependents(seeds, graph.dependents, input.depth);
  // A radius asks these for every reached file; when every pattern names whole folders, the
  // answer depends on the folder alone and is asked once per folder.
  const servicePaths = [...catalog.services.values()].flatMap((service) => service.paths);
  const servicesOf = byFolderWhen(servicePaths, (path) => serviceOfPath(catalog, path));
  const ownersOfPath = ownersLookup(input.codeowners);
  // Nearest first, by path at each distance: the order in which reachDependents gives them. So the
  // files of a folder sit together, and what depends on the folder alone (package, service, zone,
  // the owners of most files) is asked once per run of them.
  const runs = folderRuns(reached);
  // Each file's package, for the file list and the package list.
  const owning = new Array<WorkspacePackage | undefined>(reached.size);
  for (const run of runs) owning.fill(packageInFolder(graph.packages, run.folder), run.start, run.end);
  const files: AffectedFile[] = [];
  for (let i = 0; i < reached.size; i++) files.push(toAffected(reached, i, owning[i]));

  const packages = new Map<string, AffectedPackage & { files: number }>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    // A lockfile reaches the packages of its changed importers, not the package it sits in.
    const pkg = isLockfile(file.path) ? undefined : owning[i];
    if (!pkg) continue;
    const known = packages.get(pkg.name);
    if (known) known.files++;
    else packages.set(pkg.name, { name: pkg.name, dir: pkg.dir, distance: file.distance, files: 1, why: reached.chain(i) });
  }

  const services = new Map<string, AffectedService>();
  const addService = (service: AffectedService): void => {
    const known = services.get(service.name);
    if (!known || service.distance < known.distance) services.set(service.name, service);
  };
  const serviceInfo = (name: string) => catalog.services.get(name);
  for (const run of runs) {
    for (let i = run.start; i < run.end; i++) {
      const file = files[i]!;
      const match = servicesOf.lookup(file.path, run.folder)[0];
      // Files come nearest first: the first file of a service gives its distance and why.
      if (match && !services.has(match.service)) {
        const info = serviceInfo(match.service);
        addService({ name: match.service, criticality: info?.criticality ?? 'normal', distance: file.distance, reachedBy: 'code', why: reached.chain(i), owners: info?.owners ?? [] });
      }
      // When the folder decides, the run's first file answers for all of it.
      if (servicesOf.byFolder) break;
    }
  }
  for (const [name, why] of ruleServices) {
    const info = serviceInfo(name);
    addService({ name, criticality: info?.criticality ?? 'normal', distance: 0, reachedBy: 'rule', why: [why], owners: info?.owners ?? [] });
  }
  for (const direct of [...services.values()]) {
    for (const caller of callersOf(catalog, direct.name)) {
      const info = serviceInfo(caller.service);
      addService({
        name: caller.service,
        criticality: info?.criticality ?? 'normal',
        distance: direct.distance + caller.chain.length - 1,
        reachedBy: caller.via[caller.via.length - 1] ?? 'dependsOn',
        why: [...direct.why, ...caller.chain.slice(1).map((name) => `service:${name}`)],
        owners: info?.owners ?? [],
      });
    }
  }

  const zones = new Map<string, AffectedZone>();
  const addZone = (zone: AffectedZone): void => {
    const known = zones.get(zone.name);
    if (!known || zone.distance < known.distance) zones.set(zone.name, zone);
  };
  // Likewise the first file in a zone gives its distance and why.
  for (const [name, zone] of Object.entries(input.zones)) {
    const at = firstIn(pathFilter(zone.paths ?? []), runs, files);
    if (at >= 0) addZone({ name, criticality: zone.criticality, distance: files[at]!.distance, why: reached.chain(at) });
  }
  for (const service of services.values()) {
    for (const zone of zonesOf(input.zones, { service: service.name })) addZone({ name: zone.zone, criticality: zone.criticality, distance: service.distance, why: service.why });
  }

  const owners = new Map<string, { owner: string; files: number; services: Set<string> }>();
  const owner = (name: string) => owners.get(name) ?? owners.set(name, { owner: name, files: 0, services: new Set() }).get(name)!;
  for (const run of runs) {
    const whole = ownersOfPath.wholeFolder(run.folder);
    if (whole !== undefined) for (const name of whole.rule?.owners ?? []) owner(name).files += run.end - run.start;
    else for (let i = run.start; i < run.end; i++) for (const name of ownersOfPath(files[i]!.path, run.folder)?.owners ?? []) owner(name).files++;
  }
  for (const service of services.values()) for (const name of service.owners) owner(name).services.add(service.name);

  const importLinked = (a: string, b: string): boolean =>
    (graph.files.get(a)?.imports.some((i) => i.targets.includes(b)) ?? false) || (graph.files.get(b)?.imports.some((i) => i.targets.includes(a)) ?? false);
  const coupled = input.couplings.map((c) => ({ ...c, imported: importLinked(c.file, c.coupled) }));

  const unresolved = input.changed.flatMap((file) =>
    (graph.files.get(file.path)?.imports ?? []).filter((i) => i.unresolved !== undefined).map((i) => ({ file: file.path, specifier: i.specifier, reason: i.unresolved! })),
  );

  // Asking every reached file of a cached graph would make each one's node: skipped when none has a problem.
  const problems = graph.stats.parseErrors + graph.stats.skipped === 0 ? [] : files.flatMap((file) => {
    const node = graph.files.get(file.path);
    if (node?.error !== undefined) return [{ file: file.path, problem: `does not parse: ${node.error}` }];
    if (node?.skipped !== undefined) {
      const size = node.skipped.size === undefined ? '' : ` (${thousands(node.skipped.size)} bytes)`;
      return [{ file: file.path, problem: `not read: ${node.skipped.reason}${size}` }];
    }
    return [];
  });

  const serviceList = [...services.values()].sort((a, b) => byCriticality[a.criticality] - byCriticality[b.criticality] || a.distance - b.distance || (a.name < b.name ? -1 : 1));
  const zoneList = [...zones.values()].sort((a, b) => byCriticality[a.criticality] - byCriticality[b.criticality] || a.distance - b.distance || (a.name < b.name ? -1 : 1));
  const packageList = [...packages.values()].sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  const ownerList = [...owners.values()]
    .map((o) => ({ owner: o.owner, files: o.files, services: [...o.services].sort() }))
    .sort((a, b) => b.files - a.files || b.services.length - a.services.length || (a.owner < b.owner ? -1 : 1));
  const radiusScore = score({
    services: serviceList.map((s) => ({ name: s.name, criticality: s.criticality, distance: s.distance })),
    zones: zoneList.map((z) => ({ name: z.name, criticality: z.criticality, distance: z.distance })),
    packages: packageList.length,
    files: files.filter((f) => f.distance > 0).length,
  });
  const radius = { changed: input.changed, files, packages: packageList, services: serviceList, zones: zoneList, owners: ownerList, coupled, everything, unresolved, problems, score: radiusScore };
  return { ...radius, summary: summarize(radius) };
}

/** The position of the first of `files` (cut into `runs`) for which `test` holds, or -1: asked once per run when the folder decides. */
function firstIn(test: ByFolder<boolean>, runs: readonly FolderRun[], files: readonly AffectedFile[]): number {
  if (test.byFolder) {
    for (const run of runs) if (test.lookup(files[run.start]!.path, run.folder)) return run.start;
    return -1;
  }
  for (const run of runs) for (let i = run.start; i < run.end; i++) if (test.lookup(files[i]!.path, run.folder)) return i;
  return -1;
}

/** Whether any of the globs matches a path (a zone's `paths`), asked once per folder when they all name whole folders. */
function pathFilter(globs: readonly string[]): ByFolder<boolean> {
  const matchers = globs.map(compileGlob);
  // Asked of every reached file when a glob is not a folder (`**/*.md`): a plain loop, no callback made per call.
  const anyMatch = (path: string): boolean => {
    for (const matches of matchers) if (matches(path)) return true;
    return false;
  };
  return byFolderWhen(globs, matchers.length === 1 ? matchers[0]! : anyMatch);
}

/**
 * `lookup`, asked less often when `globs` (what it tests) all name whole folders (`folder/**`,
 * `folder/`): then the answer for a path depends only on which of those folders contain it, which
 * the deepest of them does say. So each folder takes the answer of its deepest glob folder, through
 * its parent's, and `lookup` runs once per glob folder, not once per file or per folder.
 */
function byFolderWhen<T>(globs: readonly string[], lookup: (path: string) => T): ByFolder<T> {
  const named = globs.map(globFolder);
  if (!named.every((folder) => folder !== undefined)) return { lookup, byFolder: false };
  const folders = new Set(named);
  const byFolder = new Map<string, T>();
  // Glob folders end in a slash (`services/payments/`); the root is ''. A folder that is not one
  // answers as its parent does.
  const inFolder = (_path: string, folder: string): T => {
    let found = byFolder.get(folder);
    if (found === undefined) {
      const own = folder === '' ? '' : `${folder}/`;
      // A file directly in the glob folder stands for every file below it that no deeper glob folder holds.
      found = folder === '' || folders.has(own) ? lookup(`${own}\u0000`) : inFolder(_path, folder.slice(0, Math.max(0, folder.lastIndexOf('/'))));
      byFolder.set(folder, found);
    }
    return found;
  };
  return { lookup: inFolder, byFolder: true };
}

/** A question about a path (`folder` is its folder, as `folderRuns` cuts it), and whether the folder alone decides the answer. */
interface ByFolder<T> {
  readonly lookup: (path: string, folder: string) => T;
  readonly byFolder: boolean;
}

/** A stretch of the reached files (`start` up to `end`, in their order) that sit in one folder. */
interface FolderRun {
  readonly folder: string;
  readonly start: number;
  end: number;
}

/** The reached files cut into runs of one folder: each folder is sliced once, when its run begins. */
function folderRuns(reached: Reach): FolderRun[] {
  const runs: FolderRun[] = [];
  let run: FolderRun | undefined;
  for (let i = 0; i < reached.size; i++) {
    const path = reached.path(i);
    const slash = path.lastIndexOf('/');
    const same = run !== undefined && (slash === -1 ? run.folder === '' : slash === run.folder.length && path.startsWith(run.folder));
    if (same) run!.end = i + 1;
    else runs.push((run = { folder: folderOf(path), start: i, end: i + 1 }));
  }
  return runs;
}

const SOURCE_EXTENSION = /\.(d\.ts|tsx?|mts|cts|jsx?|mjs|cjs|py|go|java)$/;

/**
 * A deleted file has no node left, but the files that imported it are broken: their import no
 * longer resolves. An unresolved import names the deleted file when, read from its file's folder
 * (a relative import) or from the folder of the workspace package it names (`@acme/utils/lib/x`,
 * also under the package's `src/`), it gives the deleted file, with or without its extension, or
 * its folder's index.
 */
function importersOfDeleted(graph: ModuleGraph, gone: readonly string[]): { importer: string; gone: string }[] {
  if (gone.length === 0) return [];
  const targets = new Map<string, string>();
  for (const path of gone) {
    const bare = path.replace(SOURCE_EXTENSION, '');
    targets.set(path, path);
    targets.set(bare, path);
    if (bare.endsWith('/index')) targets.set(bare.slice(0, -'/index'.length), path);
  }
  const packages = new Map(graph.packages.filter((pkg) => pkg.kind === 'npm').map((pkg) => [pkg.name, pkg.dir]));
  const match = (joined: string): string | undefined => targets.get(joined) ?? targets.get(joined.replace(SOURCE_EXTENSION, ''));
  const found: { importer: string; gone: string }[] = [];
  for (const node of graph.files.values()) {
    for (const imported of node.imports) {
      if (imported.unresolved === undefined) continue;
      const { specifier } = imported;
      let hit: string | undefined;
      if (specifier.startsWith('.')) hit = match(normalize(`${node.path.includes('/') ? node.path.slice(0, node.path.lastIndexOf('/')) : '.'}/${specifier}`));
      else {
        const name = specifier.startsWith('@') ? specifier.split('/', 2).join('/') : specifier.split('/', 1)[0]!;
        const dir = packages.get(name);
        if (dir === undefined) continue;
        const sub = specifier.slice(name.length).replace(/^\//, '');
        const under = (folder: string) => normalize(`${dir === '' ? '.' : dir}/${folder}${sub}`).replace(/\/$/, '');
        hit = match(under('')) ?? match(under('src/')) ?? (sub === '' ? (match(under('src/index')) ?? match(under('index'))) : undefined);
      }
      if (hit !== undefined) found.push({ importer: node.path, gone: hit });
    }
  }
  return found;
}

function toAffected(reached: Reach, i: number, pkg: WorkspacePackage | undefined): AffectedFile {
  const file: { -readonly [K in keyof AffectedFile]: AffectedFile[K] } = { path: reached.path(i), distance: reached.distance(i), via: reached.via(i), typeOnly: reached.typeOnly(i), package: pkg?.name };
  const seed = reached.seed(i);
  if (seed !== undefined) file.seed = seed;
  return file;
}

/**
 * `12,345`: what `toLocaleString('en-US')` gives for a count, without waking up Intl (its first
 * call costs a short-lived process tens of milliseconds).
 */
const thousands = (n: number): string => (Number.isSafeInteger(n) && n >= 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US'));

/** `touches 3 files; reaches 412 files, 7 packages, 3 services (checkout-api: critical), owners @payments-team` */
export function summarize(radius: Omit<Radius, 'summary'>): string {
  const count = (n: number, word: string): string => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;
  const critical = radius.services.filter((s) => s.criticality === 'critical' || s.criticality === 'high').map((s) => `${s.name}: ${s.criticality}`);
  const reachedFiles = radius.files.filter((f) => f.distance > 0).length;
  const parts = [
    `touches ${count(radius.changed.length, 'file')}`,
    `reaches ${count(reachedFiles, 'file')}, ${count(radius.packages.length, 'package')}, ${count(radius.services.length, 'service')}${critical.length > 0 ? ` (${critical.join(', ')})` : ''}`,
  ];
  const zones = radius.zones.filter((z) => z.criticality === 'critical').map((z) => z.name);
  if (zones.length > 0) parts.push(`critical zones ${zones.join(', ')}`);
  const owners = radius.owners.slice(0, 3).map((o) => o.owner);
  if (owners.length > 0) parts[parts.length - 1] += `, owners ${owners.join(' ')}`;
  return parts.join('; ');
}
