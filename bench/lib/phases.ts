import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, formatMs, markdownTable, medianOf } from '../util.js';

/**
 * Runs a phase script of bench/lib (which prints one JSON object of milliseconds by phase) in
 * `runs` fresh processes, as a command runs, and collects each phase's times.
 */
export function phaseTimes(script: string, args: readonly string[], runs: number, samples = new Map<string, number[]>()): Map<string, number[]> {
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'lib', script), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
    for (const [name, ms] of Object.entries(JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>)) samples.set(name, [...(samples.get(name) ?? []), ms]);
  }
  return samples;
}

/**
 * What a command pays before it runs: node's start, loading the bundle as bin/blastwall.js does
 * (through V8's code cache, made by the warm-up runs before), and making the command (run.ts
 * evaluates a command's modules only when it runs), in plain node (the phase scripts run under
 * tsx, whose loader would slow imports down).
 */
export function loadTimes(runs: number, command: string, samples = new Map<string, number[]>()): Map<string, number[]> {
  const loader = pathToFileURL(join(ROOT, 'bin', 'code-cache.js')).href;
  const bundle = join(ROOT, 'dist', 'cli', 'blastwall.cjs');
  const io = '{ stdout() {}, stderr() {}, stderrIsTTY: false, cwd: process.cwd() }';
  const script = [
    `const s = performance.now(); const { loadBundle } = await import(${JSON.stringify(loader)});`,
    `const cli = loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(command)}).exports; const l = performance.now();`,
    `await cli.createProgram(${io}, undefined, [${JSON.stringify(command)}]);`,
    'console.log(JSON.stringify({ start: s, load: l - s, command: performance.now() - l }));',
  ].join('\n');
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`loading the bundle failed: ${result.stderr}`);
    const times = JSON.parse(result.stdout) as { start: number; load: number; command: number };
    const phases = [
      ['node start (to the first line of a script)', times.start],
      ['load the bundled CLI (dist/cli/blastwall.cjs, code cache)', times.load],
      [`make the ${command} command (its modules evaluated)`, times.command],
    ] as const;
    for (const [name, ms] of phases) samples.set(name, [...(samples.get(name) ?? []), ms]);
  }
  return samples;
}

export const phaseTable = (samples: ReadonlyMap<string, readonly number[]>): string =>
  markdownTable(['phase', 'median', 'min'], [...samples].map(([name, values]) => [name, formatMs(medianOf(values)), formatMs(Math.min(...values))]));
