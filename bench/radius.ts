/**
 * The blast radius of ten files in a generated 30,000-file monorepo: `blastwall radius` with a
 * cold module graph (its cache deleted before each run) and a warm one, against dependency-cruiser
 * (`--reaches`, the modules that can reach the files: their dependents; also with its own `--cache`)
 * and madge (the whole graph; dependents are walked from it afterwards, in milliseconds). Rounds
 * are interleaved, timings are medians, peak RSS comes from GNU time. Each tool's affected files
 * (the ten and their dependents) are counted against the imports the generator planned.
 *
 * `--compare 0` times blastwall alone (dependency-cruiser cold takes minutes a run). Then the warm
 * radius is taken apart phase by phase (`--phase-runs`, 0 for none).
 *
 *   node --import tsx bench/radius.ts [--files 30000] [--packages 120] [--seed 1] [--runs 3] [--warmup 1] [--compare 1] [--phase-runs 5]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensureMonorepo } from './generate-monorepo.js';
import { radiusFiles } from './lib/blastwall.js';
import { depcruiseModules, expandGoEdges, fromEdges, parseMadge, plannedSource, readPlanned } from './lib/graphs.js';
import { loadTimes, phaseTable, phaseTimes } from './lib/phases.js';
import { timeSteps, type Step } from './lib/rounds.js';
import { capture, depcruiseCommand, madgeCommand, radiusCommand } from './lib/tools.js';
import { BIN, ROOT, WORK, benchOptions, formatMs, formatRss, git, isMain, markdownTable } from './util.js';

export interface RadiusOptions {
  readonly files: number;
  readonly packages: number;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  /** 0: blastwall alone, without dependency-cruiser and madge. */
  readonly compare?: number;
  /** Fresh processes for the phase breakdown of the warm radius (0: none). */
  readonly 'phase-runs'?: number;
}

/** Why `blastwall radius` cannot run yet, or undefined when it can. */
export function radiusUnavailable(): string | undefined {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) return 'dist/ is missing: run `npm run build` first';
  const help = spawnSync(process.execPath, [BIN, 'radius', '--help'], { encoding: 'utf8' });
  return help.status === 0 ? undefined : `\`blastwall radius --help\` exited with ${help.status}: ${(help.stderr || help.stdout).trim().split('\n')[0] ?? ''}`;
}

/**
 * A second ten-file change that reaches far less: the probes of middling to no reach (a checkout
 * adapter, a component, a build script, a service leaf, a test) and the last source file of the
 * first five TypeScript services.
 */
export function narrowProbes(dir: string, probes: readonly string[]): string[] {
  const services = new Map<string, string>();
  for (const file of git(dir, ['ls-files', 'services/*/src/*.ts']).split('\n').sort()) {
    if (!file.endsWith('.test.ts')) services.set(file.split('/').slice(0, 2).join('/'), file);
  }
  return [...[4, 5, 7, 8, 9].flatMap((i) => (probes[i] === undefined ? [] : [probes[i]])), ...[...services.values()].slice(0, 5)];
}

export async function benchRadius(options: RadiusOptions): Promise<string> {
  const { dir, result } = await ensureMonorepo(options);
  const probes = result.probes;
  const narrow = narrowProbes(dir, probes);
  const compare = options.compare !== 0;
  const graphCache = join(dir, '.blastwall', 'cache');
  const depcruiseCache = join(WORK, `depcruise-cache-${basename(dir)}`);
  const unavailable = radiusUnavailable();

  const steps: Record<string, Step> = {};
  if (unavailable === undefined) {
    steps['blastwall radius (cold)'] = { ...radiusCommand(dir, probes), prepare: () => rmSync(graphCache, { recursive: true, force: true }) };
    steps['blastwall radius (warm)'] = radiusCommand(dir, probes);
    steps['blastwall radius (warm), narrow change'] = radiusCommand(dir, narrow);
  }
  if (compare) {
    steps['depcruise --reaches'] = depcruiseCommand(dir, { reaches: probes });
    steps['depcruise --reaches --cache (warm)'] = depcruiseCommand(dir, { reaches: probes, cache: depcruiseCache });
    steps['madge --json'] = madgeCommand(dir);
  }
  const timings = await timeSteps(steps, { runs: options.runs, warmup: options.warmup });

  // The affected files each tool names: the ten and everything that reaches them.
  const files = git(dir, ['ls-files']).split('\n');
  const truth = plannedSource(expandGoEdges(readPlanned(dir), files));
  const affected = (changed: readonly string[], dependentsOf: (file: string) => ReadonlySet<string>): Set<string> => new Set(changed.flatMap((probe) => [probe, ...dependentsOf(probe)]));
  const counts = new Map<string, string>();
  const planned = affected(probes, (file) => truth.dependentsOf(file));
  const check = (found: ReadonlySet<string>, expected = planned): string => {
    const missing = [...expected].filter((file) => !found.has(file)).length;
    const extra = [...found].filter((file) => !expected.has(file)).length;
    return `${found.size}${missing + extra === 0 ? '' : ` (${missing} missing, ${extra} extra)`}`;
  };
  let walkMs = 0;
  if (compare) {
    counts.set('depcruise --reaches', check(new Set(depcruiseModules(JSON.parse(capture(depcruiseCommand(dir, { reaches: probes }))) as unknown))));
    counts.set('depcruise --reaches --cache (warm)', counts.get('depcruise --reaches')!);
    const madgeOutput = capture(madgeCommand(dir));
    const walkStarted = performance.now();
    const madge = fromEdges('madge', parseMadge(JSON.parse(madgeOutput) as unknown));
    const madgeAffected = affected(probes, (file) => madge.dependentsOf(file));
    walkMs = performance.now() - walkStarted;
    counts.set('madge --json', check(madgeAffected));
  }
  if (unavailable === undefined) {
    const answer = check(new Set(radiusFiles(JSON.parse(capture(radiusCommand(dir, probes))) as unknown)));
    counts.set('blastwall radius (cold)', answer);
    counts.set('blastwall radius (warm)', answer);
    const plannedNarrow = affected(narrow, (file) => truth.dependentsOf(file));
    counts.set('blastwall radius (warm), narrow change', `${check(new Set(radiusFiles(JSON.parse(capture(radiusCommand(dir, narrow))) as unknown)), plannedNarrow)} of ${plannedNarrow.size} planned`);
  }

  const rows = Object.entries(timings).map(([name, timing]) => [
    name,
    formatMs(timing.medianMs),
    formatMs(timing.minMs),
    timing.medianCpuMs === undefined ? 'n/a' : formatMs(timing.medianCpuMs),
    formatRss(timing.peakRssKb),
    String(timing.runs),
    counts.get(name) ?? '',
  ]);
  const lines = [
    `# Blast radius of ${probes.length} files, ${result.files} files (${result.byLang.ts + result.byLang.tsx + result.byLang.js + result.byLang.cjs} TS/JS) in ${basename(dir)}`,
    '',
    markdownTable(['tool', 'median', 'min', 'CPU (median)', 'peak RSS', 'runs', `affected files (planned: ${planned.size})`], rows),
    '',
  ];
  if (compare) lines.push(`madge gives the whole graph; reading its JSON and walking the dependents of the ${probes.length} files took ${formatMs(walkMs)} more (not in the timing).`);
  lines.push(`Files: ${probes.map((probe) => `\`${probe}\``).join(', ')}.`, `Narrow change: ${narrow.map((probe) => `\`${probe}\``).join(', ')}.`);
  if (unavailable === undefined && options['phase-runs'] !== 0) {
    // The warm radius taken apart, in fresh processes as the command runs (cache as the runs above left it).
    const runs = options['phase-runs'] ?? 5;
    const samples = loadTimes(runs, 'radius');
    phaseTimes('radius-phases.ts', [dir, ...probes], runs, samples);
    phaseTimes('radius-phases.ts', ['--graph', dir, ...probes], runs, samples);
    lines.push('', `## Phases of the warm radius of the ten files (each alone, fresh process, median of ${runs})`, '', phaseTable(samples));
  }
  if (unavailable !== undefined) lines.push('', `blastwall radius skipped: ${unavailable}.`);
  return lines.join('\n') + '\n';
}

if (isMain(import.meta.url)) {
  benchRadius(benchOptions(process.argv.slice(2), { files: 30000, packages: 120, runs: 3, warmup: 1, compare: 1, 'phase-runs': 5 }))
    .then((report) => console.log(report))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
