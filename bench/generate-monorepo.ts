/**
 * Generates a synthetic polyglot monorepo for the blast-radius benchmarks, and commits it: pnpm
 * workspaces of TypeScript packages and services whose imports follow a power law (utils, logger
 * and config are imported almost everywhere), Python and Go services, a pnpm v9 lockfile,
 * CODEOWNERS, Backstage catalog files and a blastwall.yml. Every import the generator writes is
 * also recorded with the file it must resolve to (`.git/bench-edges.tsv`), so that tools can be
 * checked against the truth and not only against each other. Deterministic from the seed.
 *
 *   node --import tsx bench/generate-monorepo.ts --out <dir> [--files 30000] [--packages 120] [--seed 1] [--no-install]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { FastImport } from './lib/fast-import.js';
import { generateGo } from './lib/monorepo/golang.js';
import { pnpmLock, type Importer } from './lib/monorepo/lockfile.js';
import { goMod, manifestOf, packageJson, pyproject, readme, rootFiles, rootManifest, tsconfig } from './lib/monorepo/manifests.js';
import { blastwallConfig, catalogInfo, codeowners } from './lib/monorepo/ownership.js';
import { makePlan, type Plan } from './lib/monorepo/plan.js';
import { generatePython } from './lib/monorepo/python.js';
import type { FileLang, GeneratedFile, PlannedEdge, Unit } from './lib/monorepo/types.js';
import { renderModule } from './lib/monorepo/typescript-render.js';
import type { Module, PackageApi } from './lib/monorepo/typescript-model.js';
import { planTypescriptUnit } from './lib/monorepo/typescript.js';
import { Random } from './lib/random.js';
import { WORK, isMain } from './util.js';

export interface MonorepoOptions {
  /** An empty or missing directory; it becomes a repository with one commit on `main`. */
  readonly out: string;
  /** Tracked files in all, manifests included (default 30,000). */
  readonly files?: number;
  /** Folders under packages/ and services/ (default 120). */
  readonly packages?: number;
  readonly seed?: number;
  /**
   * Link workspace packages into each package's node_modules, as `pnpm install` would (default
   * true). The links are git-ignored; tools that resolve through node_modules need them.
   */
  readonly install?: boolean;
}

export interface MonorepoResult {
  readonly files: number;
  readonly byLang: Readonly<Record<FileLang, number>>;
  readonly packages: number;
  readonly services: number;
  /** Imports between files of the repository, as planned. */
  readonly edges: number;
  /** Imports of npm, PyPI, Go and standard-library modules, which stay unresolved. */
  readonly externalImports: number;
  /** Import cycles made on purpose inside packages. */
  readonly cycles: number;
  /** Ten TypeScript and JavaScript files from core to leaf, for radius benchmarks. */
  readonly probes: readonly string[];
  readonly commit: string;
  readonly seconds: number;
}

/** Written into `.git/` of the generated repository: the result, and the planned edges as TSV. */
export const RESULT_FILE = 'bench-monorepo.json';
export const EDGES_FILE = 'bench-edges.tsv';

const DATE = '1717200000 +0000';

export async function generateMonorepo(options: MonorepoOptions): Promise<MonorepoResult> {
  const started = performance.now();
  const files = options.files ?? 30000;
  const seed = options.seed ?? 1;
  mkdirSync(options.out, { recursive: true });
  if (readdirSync(options.out).length > 0) throw new Error(`${options.out} is not empty`);

  // Each part draws from its own stream, so that changing one leaves the others as they were.
  const stream = (salt: number): Random => new Random((seed * 0x9e3779b1) ^ salt);
  const plan = makePlan(stream(1), { sourceFiles: files, units: options.packages ?? 120, pythonShare: 0.1, goShare: 0.1 });
  fitTotal(plan, files);

  const ts = generateTypescript(stream(2), plan);
  const py = generatePython(stream(3), plan.py);
  const go = generateGo(stream(4), plan.go);
  const manifests = generateManifests(stream(5), plan, ts.apis, ts.tested, go.requires);
  const all = [...ts.files, ...py.files, ...go.files, ...manifests].sort((a, b) => (a.path < b.path ? -1 : 1));
  const edges = [...ts.edges, ...py.edges, ...go.edges];

  const commit = await commitFiles(options.out, all);
  if (options.install !== false) linkWorkspaces(options.out, plan.ts);
  const byLang: Record<FileLang, number> = { ts: 0, tsx: 0, js: 0, cjs: 0, py: 0, go: 0, other: 0 };
  for (const file of all) byLang[file.lang]++;
  const result: MonorepoResult = {
    files: all.length,
    byLang,
    packages: [...plan.ts, ...plan.py, ...plan.go].filter((unit) => unit.dir.startsWith('packages/')).length,
    services: plan.services.length,
    edges: edges.length,
    externalImports: ts.externalImports + py.externalImports + go.externalImports,
    cycles: ts.cycles,
    probes: pickProbes(stream(6), plan, ts.apis, ts.modules, ts.edges),
    commit,
    seconds: (performance.now() - started) / 1000,
  };
  const gitDir = join(options.out, '.git');
  writeFileSync(join(gitDir, EDGES_FILE), ['from\tto\tspecifier\thow\tform', ...edges.map((e) => `${e.from}\t${e.to}\t${e.specifier}\t${e.how}\t${e.form}`)].join('\n') + '\n');
  writeFileSync(join(gitDir, RESULT_FILE), JSON.stringify({ options: { files, packages: options.packages ?? 120, seed }, result }, null, 2) + '\n');
  return result;
}

export interface MonorepoSpec {
  readonly files: number;
  readonly packages: number;
  readonly seed: number;
}

/**
 * A generated monorepo under bench/.work, made once and reused, as `ensureRepo` does for histories.
 * Delete the folder after changing the generator: the cache knows the spec, not the code.
 */
export async function ensureMonorepo(spec: MonorepoSpec): Promise<{ dir: string; result: MonorepoResult }> {
  const dir = join(WORK, `monorepo-f${spec.files}-s${spec.seed}${spec.packages === 120 ? '' : `-p${spec.packages}`}`);
  // Written last by the generator: without it, the folder is a generation that was interrupted.
  const complete = join(dir, '.git', RESULT_FILE);
  if (existsSync(complete)) return { dir, result: (JSON.parse(readFileSync(complete, 'utf8')) as { result: MonorepoResult }).result };
  rmSync(dir, { recursive: true, force: true });
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  console.error(`generating a ${spec.files}-file monorepo into ${dir} ...`);
  const result = await generateMonorepo({ out: scratch, ...spec });
  renameSync(scratch, dir);
  return { dir, result };
}

/** Moves files between the biggest TypeScript units so that manifests plus sources make exactly `files`. */
function fitTotal(plan: Plan, files: number): void {
  const units = [...plan.ts, ...plan.py, ...plan.go];
  const tsManifests = plan.ts.length * 3;
  const others = (plan.py.length + plan.go.length) * 2;
  const rootCount = 13;
  const overhead = tsManifests + others + plan.services.length + rootCount;
  let excess = units.reduce((n, unit) => n + unit.files, 0) + overhead - files;
  // Round-robin over the biggest, never below 8 files: a tiny `files` stays above the target.
  const biggest = [...plan.ts].sort((a, b) => b.files - a.files);
  while (excess !== 0) {
    const movable = excess < 0 ? biggest.slice(0, 10) : biggest.filter((unit) => unit.files > 8).slice(0, 10);
    if (movable.length === 0) break;
    for (const unit of movable) {
      if (excess === 0 || (excess > 0 && unit.files <= 8)) continue;
      unit.files += excess > 0 ? -1 : 1;
      excess += excess > 0 ? -1 : 1;
    }
  }
}

interface TypescriptOutput {
  readonly files: GeneratedFile[];
  readonly edges: PlannedEdge[];
  readonly apis: Map<string, PackageApi>;
  readonly modules: Map<string, Module[]>;
  readonly tested: Set<string>;
  readonly externalImports: number;
  readonly cycles: number;
}

function generateTypescript(rng: Random, plan: Plan): TypescriptOutput {
  const files: GeneratedFile[] = [];
  const edges: PlannedEdge[] = [];
  const apis = new Map<string, PackageApi>();
  const modules = new Map<string, Module[]>();
  const tested = new Set<string>();
  let externalImports = 0;
  let cycles = 0;
  for (const unit of plan.ts) {
    const planned = planTypescriptUnit(rng, unit, apis);
    apis.set(unit.name, planned.api);
    modules.set(unit.name, planned.modules);
    cycles += planned.cycles;
    for (const module of planned.modules) {
      if (module.role === 'test') tested.add(unit.name);
      files.push({ path: module.path, lang: module.ext, text: renderModule(rng, module, `@acme/${unit.name}`) });
      for (const item of module.imports) {
        if (item.to === undefined || item.how === undefined) externalImports++;
        else edges.push({ from: module.path, to: item.to, specifier: item.specifier, how: item.how, form: item.form });
      }
    }
  }
  return { files, edges, apis, modules, tested, externalImports, cycles };
}

function generateManifests(rng: Random, plan: Plan, apis: ReadonlyMap<string, PackageApi>, tested: ReadonlySet<string>, requires: ReadonlyMap<string, ReadonlySet<string>>): GeneratedFile[] {
  const files: GeneratedFile[] = rootFiles(plan.ts, plan.py, plan.go);
  const importers: Importer[] = [{ dir: '.', manifest: rootManifest() }];
  for (const unit of plan.ts) {
    const manifest = manifestOf(unit, tested.has(unit.name));
    importers.push({ dir: unit.dir, manifest });
    files.push(packageJson(unit, apis.get(unit.name)!, manifest, `${rng.int(0, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}`), tsconfig(unit), readme(unit, describe(unit)));
  }
  const pyLib = plan.py.find((unit) => unit.kind === 'py-lib');
  for (const unit of plan.py) files.push(pyproject(unit, pyLib), readme(unit, describe(unit)));
  const kit = plan.go.find((unit) => unit.kind === 'go-lib');
  for (const unit of plan.go) files.push(goMod(unit, requires.get(unit.name) ?? new Set(), kit), readme(unit, describe(unit)));
  for (const service of plan.services) files.push(catalogInfo(service, plan.serviceDeps.get(service.name) ?? []));
  files.push(codeowners(rng, [...plan.ts, ...plan.py, ...plan.go]), blastwallConfig([...plan.ts, ...plan.py, ...plan.go], plan.services));
  files.push({ path: 'pnpm-lock.yaml', lang: 'other', text: pnpmLock(importers, new Map(plan.ts.map((unit) => [`@acme/${unit.name}`, unit.dir]))) });
  return files;
}

function describe(unit: Unit): string {
  const what = unit.dir.startsWith('services/') ? 'service' : 'library';
  return `The ${unit.name.replace(/-/g, ' ')} ${what}${unit.domain === undefined ? '' : ` of the ${unit.domain} domain`}.`;
}

/**
 * Ten files whose blast radius ranges from most of the repository to nothing: foundations of the
 * core packages, domain code, a component, legacy CommonJS, a build script, a service leaf, a test.
 */
function pickProbes(rng: Random, plan: Plan, apis: ReadonlyMap<string, PackageApi>, modules: ReadonlyMap<string, Module[]>, edges: readonly PlannedEdge[]): string[] {
  const probes = new Set<string>();
  const fanIn = new Map<string, number>();
  for (const edge of edges) fanIn.set(edge.to, (fanIn.get(edge.to) ?? 0) + 1);
  const sources = (name: string | undefined): readonly Module[] => (name === undefined ? [] : (apis.get(name)?.sources ?? []));
  const add = (module: Module | undefined): void => void (module !== undefined && probes.add(module.path));
  add(sources('utils')[0]);
  add(sources('logger')[Math.min(1, sources('logger').length - 1)]);
  const config = sources('config');
  add(config[Math.floor(config.length / 2)]);
  const byPrefix = (prefix: string): Unit | undefined => plan.ts.find((unit) => unit.name.startsWith(prefix) && unit.kind !== 'api' && unit.kind !== 'web');
  // Domain code: the payments file imported most, a checkout file imported a middling number of times.
  const byFanIn = (name: string | undefined): Module[] => sources(name).filter((module) => (fanIn.get(module.path) ?? 0) > 0).sort((a, b) => fanIn.get(b.path)! - fanIn.get(a.path)!);
  add(byFanIn(byPrefix('payments-')?.name)[0]);
  const checkout = byFanIn(byPrefix('checkout-')?.name);
  add(checkout[Math.floor(checkout.length / 2)]);
  // The component most imported directly: components nobody imports are common, and uninteresting.
  const components = plan.ts.filter((unit) => unit.kind === 'ui').flatMap((unit) => sources(unit.name)).filter((module) => module.ext === 'tsx');
  add(components.sort((a, b) => (fanIn.get(b.path) ?? 0) - (fanIn.get(a.path) ?? 0))[0]);
  add(sources(plan.ts.find((unit) => unit.kind === 'legacy')?.name)[0]);
  const all = [...modules.values()].flat();
  add(all.find((module) => module.ext === 'cjs'));
  const service = plan.ts.find((unit) => unit.kind === 'api');
  add(sources(service?.name).at(-1));
  add(all.find((module) => module.role === 'test'));
  const fill = all.filter((module) => module.role === 'source');
  while (probes.size < 10 && probes.size < fill.length) probes.add(rng.pick(fill).path);
  return [...probes];
}

async function commitFiles(out: string, files: readonly GeneratedFile[]): Promise<string> {
  git(out, ['init', '-q', '-b', 'main']);
  git(out, ['config', 'gc.auto', '0']);
  git(out, ['config', 'maintenance.auto', 'false']);
  const stream = new FastImport(out);
  const commands = [];
  for (const file of files) {
    commands.push({ op: 'M' as const, path: file.path, mark: stream.blob(Buffer.from(file.text)) });
    if (commands.length % 2000 === 0) await stream.flush();
  }
  const who = { name: 'Acme Bot', email: 'bot@acme.dev', time: Number(DATE.split(' ')[0]), zone: '+0000' };
  stream.commit({ ref: 'refs/heads/main', author: who, committer: who, message: 'chore: import the acme monorepo\n', files: commands });
  await stream.close();
  git(out, ['reset', '-q', '--hard']);
  return git(out, ['rev-parse', 'HEAD']);
}

/** `packages/a/node_modules/@acme/b -> ../../../b`: what `pnpm install` leaves for workspace dependencies. */
function linkWorkspaces(out: string, units: readonly Unit[]): void {
  for (const unit of units) {
    for (const dep of unit.deps) {
      const link = join(out, unit.dir, 'node_modules', '@acme', dep.name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(relative(dirname(link), join(out, dep.dir)), link);
    }
  }
}

function git(cwd: string, args: readonly string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

export function summaryLine(result: MonorepoResult, out: string): string {
  const langs = Object.entries(result.byLang).map(([lang, count]) => `${lang} ${count}`).join(', ');
  return `generated ${result.files} files (${langs}) in ${result.packages} packages and ${result.services} services, ${result.edges} edges planned (+${result.externalImports} external imports, ${result.cycles} import cycles) in ${result.seconds.toFixed(1)}s at ${out}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, files: { type: 'string', default: '30000' }, packages: { type: 'string', default: '120' }, seed: { type: 'string', default: '1' }, 'no-install': { type: 'boolean', default: false } },
  });
  if (values.out === undefined) throw new Error('usage: generate-monorepo.ts --out <dir> [--files 30000] [--packages 120] [--seed 1] [--no-install]');
  const numbers = { files: Number(values.files), packages: Number(values.packages), seed: Number(values.seed) };
  for (const [name, value] of Object.entries(numbers)) if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  const result = await generateMonorepo({ out: values.out, ...numbers, install: !values['no-install'] });
  console.log(summaryLine(result, values.out));
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
