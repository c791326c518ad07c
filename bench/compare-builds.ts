/**
 * The warm radius and check of bench/radius.ts and bench/check.ts for two builds at once: this
 * one and the one of an earlier commit (built into bench/.work/build-<commit>), run in alternation
 * so that a busy machine slows both alike. Each build runs on its own copies of the repositories
 * (git worktrees of the generated monorepo, clones of this one), so that their caches, which may
 * differ between versions, never meet. The outputs of the two builds are compared as well.
 *
 *   node --import tsx bench/compare-builds.ts --commit <commit> [--runs 7] [--warmup 1] [--files 30000] [--packages 120] [--seed 1]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCommand } from './check.js';
import { ensureMonorepo } from './generate-monorepo.js';
import { monorepoChange, selfChange } from './lib/check-change.js';
import { timeSteps, type Step } from './lib/rounds.js';
import { capture } from './lib/tools.js';
import { narrowProbes } from './radius.js';
import { BIN, ROOT, WORK, formatMs, formatRss, git, isMain, markdownTable, requireBuild, type Timing } from './util.js';

export interface CompareOptions {
  readonly commit: string;
  readonly runs: number;
  readonly warmup: number;
  readonly files: number;
  readonly packages: number;
  readonly seed: number;
}

/** The CLI of `commit`, built once into bench/.work/build-<id> with this checkout's node_modules. */
export function buildAt(commit: string): { bin: string; id: string } {
  const id = git(ROOT, ['rev-parse', '--short=12', `${commit}^{commit}`]);
  const dir = join(WORK, `build-${id}`);
  const bin = join(dir, 'bin', 'blastwall.js');
  if (existsSync(join(dir, 'dist', 'cli', 'run.js'))) return { bin, id };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const unpack = spawnSync('sh', ['-c', 'git archive "$0" | tar -x -C "$1"', id, dir], { cwd: ROOT, stdio: 'inherit' });
  if (unpack.status !== 0) throw new Error(`git archive ${id} failed`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  // Type errors of that commit do not stop tsc from writing dist/; a missing file does.
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'ignore' });
  if (existsSync(join(dir, 'scripts', 'bundle.mjs'))) spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: dir, stdio: 'inherit' });
  if (!existsSync(join(dir, 'dist', 'cli', 'run.js'))) throw new Error(`building ${id} into ${dir} failed`);
  return { bin, id };
}

/** A detached worktree of the generated monorepo's main: the radius of one build, with its own index and cache. */
function radiusTree(dir: string, path: string): string {
  if (!existsSync(join(path, '.git'))) {
    rmSync(path, { recursive: true, force: true });
    git(dir, ['worktree', 'prune']);
    git(dir, ['worktree', 'add', '-q', '-f', '--detach', path, 'main']);
  }
  return path;
}

/** What two builds must agree on: the output without what changes from run to run (the time, cache statistics). */
function comparable(output: string): string {
  const json = JSON.parse(output) as { facts?: { now?: string }; graph?: Record<string, unknown>; decision?: Record<string, unknown> };
  if (json.facts) json.facts.now = '';
  if (json.graph) for (const key of ['parsed', 'fromCache', 'resolvedFromCache']) delete json.graph[key];
  return JSON.stringify(json);
}

export async function compareBuilds(options: CompareOptions): Promise<string> {
  requireBuild();
  const old = buildAt(options.commit);
  const { dir, result } = await ensureMonorepo(options);
  const probes = result.probes;
  const narrow = narrowProbes(dir, probes);
  const sides = [
    { label: 'this build', bin: BIN, tag: 'new' },
    { label: old.id, bin: old.bin, tag: old.id },
  ];
  const benchmarks: Record<string, (side: (typeof sides)[number]) => Step> = {};
  const repos = new Map(sides.map((side) => [side.tag, {
    radius: radiusTree(dir, join(WORK, `compare-${side.tag}-radius`)),
    check: monorepoChange(dir, probes, join(WORK, `compare-${side.tag}-check`)),
    self: selfChange(join(WORK, `compare-${side.tag}-self`)),
  }]));
  const radius = (repo: string, files: readonly string[], bin: string): Step => ({ cmd: process.execPath, args: [bin, 'radius', '--repo', repo, '--format', 'json', ...files] });
  const check = (change: Parameters<typeof checkCommand>[0], bin: string): Step => ({ ...checkCommand(change), args: [bin, ...checkCommand(change).args.slice(1)] });
  benchmarks['radius, ten files (monorepo)'] = (side) => radius(repos.get(side.tag)!.radius, probes, side.bin);
  benchmarks['radius, narrow ten files (monorepo)'] = (side) => radius(repos.get(side.tag)!.radius, narrow, side.bin);
  benchmarks['check, 20 files (monorepo)'] = (side) => check(repos.get(side.tag)!.check, side.bin);
  benchmarks['check, 20 files (this repository)'] = (side) => check(repos.get(side.tag)!.self, side.bin);

  const steps: Record<string, Step> = {};
  const same = new Map<string, boolean>();
  for (const [name, make] of Object.entries(benchmarks)) {
    const outputs = sides.map((side) => {
      steps[`${name} | ${side.label}`] = make(side);
      // The first run builds the cache: untimed, as in the other benchmarks.
      return comparable(capture({ ...make(side), okExitCodes: [0, 1] }));
    });
    same.set(name, outputs.every((output) => output === outputs[0]));
  }
  const timings = await timeSteps(Object.fromEntries(Object.entries(steps).map(([name, step]) => [name, { ...step, okExitCodes: [0, 1] }])), options);
  const cell = (timing: Timing | undefined, pick: (timing: Timing) => string): string => (timing === undefined ? '' : pick(timing));
  const rows = Object.keys(benchmarks).map((name) => {
    const [now, then] = sides.map((side) => timings[`${name} | ${side.label}`]);
    return [
      name,
      `${cell(then, (t) => formatMs(t.medianMs))} → **${cell(now, (t) => formatMs(t.medianMs))}**`,
      `${cell(then, (t) => formatMs(t.minMs))} → ${cell(now, (t) => formatMs(t.minMs))}`,
      `${cell(then, (t) => (t.medianCpuMs === undefined ? 'n/a' : formatMs(t.medianCpuMs)))} → ${cell(now, (t) => (t.medianCpuMs === undefined ? 'n/a' : formatMs(t.medianCpuMs)))}`,
      `${cell(then, (t) => formatRss(t.peakRssKb))} → ${cell(now, (t) => formatRss(t.peakRssKb))}`,
      String(now?.runs ?? 0),
      same.get(name) ? 'yes' : '**no**',
    ];
  });
  return [
    `# Warm radius and check: ${old.id} → this build (${options.runs} interleaved rounds)`,
    '',
    markdownTable(['benchmark', 'median', 'min', 'CPU (median)', 'peak RSS', 'runs', 'same output'], rows),
    '',
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      commit: { type: 'string' },
      runs: { type: 'string', default: '7' },
      warmup: { type: 'string', default: '1' },
      files: { type: 'string', default: '30000' },
      packages: { type: 'string', default: '120' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (values.commit === undefined) throw new Error('usage: compare-builds.ts --commit <commit> [--runs 7]');
  compareBuilds({ commit: values.commit, runs: Number(values.runs), warmup: Number(values.warmup), files: Number(values.files), packages: Number(values.packages), seed: Number(values.seed) })
    .then((report) => console.log(report))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
