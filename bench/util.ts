/** Helpers shared by the benchmarks: timing commands, and generated repositories cached on disk. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateHistory } from './generate-history.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored: generated repositories and scratch files. */
export const WORK = join(ROOT, 'bench', '.work');
export const BIN = join(ROOT, 'bin', 'blastwall.js');

export interface Command {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Exit codes that are answers, not failures (`blastwall check` exits 1 when a change needs a sign-off). */
  readonly okExitCodes?: readonly number[];
}

export interface Sample {
  readonly ms: number;
  /** Peak resident set of the largest process, from GNU time; undefined where it is missing. */
  readonly rssKb: number | undefined;
  /** User and system CPU time of the process and its children, from GNU time: less swayed than wall time by a busy machine. */
  readonly cpuMs?: number;
  /** Bytes written to stdout: a cheap check that two runs did the same work. */
  readonly bytes: number;
}

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
  readonly peakRssKb: number | undefined;
  readonly bytes: number;
  /** Median user + system CPU time, where GNU time gave it for every run. */
  readonly medianCpuMs?: number;
}

export interface TimeOptions {
  readonly cwd?: string;
  readonly runs?: number;
  /** Untimed runs first, so that every command meets a warm page cache. */
  readonly warmup?: number;
}

const GNU_TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(GNU_TIME);

/**
 * Runs a command once, reading its stdout into nothing (as a consumer of the output would, and
 * without letting a program notice /dev/null and skip work).
 */
export async function runOnce(command: Command): Promise<Sample> {
  mkdirSync(WORK, { recursive: true });
  const rssFile = HAS_GNU_TIME ? join(WORK, `rss-${process.pid}.txt`) : undefined;
  const [cmd, args] = rssFile === undefined ? [command.cmd, command.args] : [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command.cmd, ...command.args]];
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ms = performance.now() - started;
  if (code !== 0 && !(code !== null && command.okExitCodes?.includes(code))) throw new Error(`${command.cmd} ${command.args.join(' ')} exited with ${code}:\n${stderr}`);
  // GNU time writes "Command exited with non-zero status" before the number on failure: take the last line.
  const [rssKb, user, system] = rssFile === undefined ? [] : (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (rssFile !== undefined) rmSync(rssFile, { force: true });
  const cpuMs = user !== undefined && system !== undefined && Number.isFinite(user + system) ? (user + system) * 1000 : undefined;
  return { ms, rssKb: rssKb !== undefined && Number.isFinite(rssKb) ? rssKb : undefined, bytes, ...(cpuMs !== undefined && { cpuMs }) };
}

export async function timeCommand(cmd: string, args: readonly string[], options: TimeOptions = {}): Promise<Timing> {
  const timings = await timeInterleaved({ command: { cmd, args, cwd: options.cwd } }, options);
  return timings.command!;
}

/**
 * Times several commands round by round (A B, B A, A B, ...), so that a slow moment of the machine
 * hits all of them alike instead of whichever happened to run then.
 */
export async function timeInterleaved<K extends string>(commands: Record<K, Command>, options: TimeOptions = {}): Promise<Record<K, Timing>> {
  const runs = options.runs ?? 5;
  const warmup = options.warmup ?? 1;
  const names = Object.keys(commands) as K[];
  const samples = new Map<K, Sample[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const sample = await runOnce({ cwd: options.cwd, ...commands[name] });
      if (round >= warmup) samples.get(name)!.push(sample);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples.get(name)!)])) as Record<K, Timing>;
}

export function summarize(samples: readonly Sample[]): Timing {
  const times = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const rss = samples.map((sample) => sample.rssKb).filter((kb): kb is number => kb !== undefined);
  const cpu = samples.map((sample) => sample.cpuMs).filter((ms): ms is number => ms !== undefined);
  return {
    medianMs: medianOf(times),
    minMs: times[0] ?? NaN,
    runs: samples.length,
    peakRssKb: rss.length > 0 ? Math.max(...rss) : undefined,
    bytes: samples[0]?.bytes ?? 0,
    ...(cpu.length === samples.length && cpu.length > 0 && { medianCpuMs: medianOf(cpu) }),
  };
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface RepoSpec {
  readonly commits: number;
  readonly files: number;
  readonly seed: number;
  /** The folder under bench/.work; by default named after the spec. */
  readonly name?: string;
}

/**
 * A generated repository under bench/.work, made once and reused by later runs. Delete the folder
 * after changing the generator: the cache knows the spec, not the generator's code.
 */
export async function ensureRepo(spec: RepoSpec): Promise<string> {
  const dir = join(WORK, spec.name ?? `history-c${spec.commits}-f${spec.files}-s${spec.seed}`);
  // Written last: a directory without it is a generation that was interrupted.
  const complete = join(dir, '.git', 'bench-complete.json');
  if (existsSync(complete)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  console.error(`generating ${spec.commits} commits into ${dir} ...`);
  const result = await generateHistory({ out: scratch, commits: spec.commits, files: spec.files, seed: spec.seed });
  writeFileSync(join(scratch, '.git', 'bench-complete.json'), JSON.stringify({ spec, result }) + '\n');
  renameSync(scratch, dir);
  return dir;
}

/** Runs git and returns its trimmed stdout; for setup, not for what is being timed. */
export function git(cwd: string, args: readonly string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Fails early, with the fix, when the CLI has not been built. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) throw new Error('dist/ is missing: run `npm run build` first');
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && url === pathToFileURL(realpathSync(script)).href;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatRss(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One line of a benchmark report: blastwall against the plain git work it replaces or builds on. */
export interface Comparison {
  readonly benchmark: string;
  readonly baseline: string;
  readonly baselineTiming: Timing;
  readonly blastwallTiming: Timing;
}

export function comparisonTable(rows: readonly Comparison[]): string {
  return markdownTable(
    ['benchmark', 'baseline', 'baseline median', 'blastwall median', 'blastwall / baseline', 'speedup', 'peak RSS baseline / blastwall', 'runs'],
    rows.map((row) => {
      const ratio = row.blastwallTiming.medianMs / row.baselineTiming.medianMs;
      return [
        row.benchmark,
        `\`${row.baseline}\``,
        formatMs(row.baselineTiming.medianMs),
        formatMs(row.blastwallTiming.medianMs),
        `${ratio.toFixed(2)}×`,
        `${(1 / ratio).toFixed(2)}×`,
        `${formatRss(row.baselineTiming.peakRssKb)} / ${formatRss(row.blastwallTiming.peakRssKb)}`,
        String(row.blastwallTiming.runs),
      ];
    }),
  );
}

/**
 * Numeric options of a benchmark script: `--commits`, `--files`, `--seed`, `--runs`, plus the
 * script's own, each defaulting to the value in `defaults`.
 */
export function benchOptions<D extends Record<string, number>>(argv: readonly string[], defaults: D): RepoSpec & { runs: number } & D {
  const all: Record<string, number> = { commits: 20000, files: 3000, seed: 1, runs: 5, ...defaults };
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(all).map(([name, value]) => [name, { type: 'string' as const, default: String(value) }])),
  });
  const parsed = Object.fromEntries(Object.entries(values).map(([name, text]) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${String(text)}`);
    return [name, value];
  }));
  return parsed as RepoSpec & { runs: number } & D;
}
