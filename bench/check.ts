/**
 * `blastwall check` of a committed 20-file change with a warm cache, end to end (process start to
 * exit), on the generated 30,000-file monorepo of the radius benchmark and on a clone of this
 * repository. Each change's head commit carries a Claude co-author trailer, and the base holds a
 * policy with people, teams and rules, one of which requires a sign-off: the check exits 1
 * (needs-signoff), having done all the work. Rounds are interleaved, timings are medians, peak RSS
 * comes from GNU time. Then each phase is timed on its own in fresh processes.
 *
 *   node --import tsx bench/check.ts [--files 30000] [--packages 120] [--seed 1] [--runs 5] [--warmup 1] [--phase-runs 5]
 */
import { ensureMonorepo } from './generate-monorepo.js';
import { monorepoChange, repoSize, selfChange, type CheckChange } from './lib/check-change.js';
import { loadTimes, phaseTable, phaseTimes } from './lib/phases.js';
import { timeSteps, type Step } from './lib/rounds.js';
import { capture } from './lib/tools.js';
import { BIN, benchOptions, formatMs, formatRss, isMain, markdownTable, requireBuild } from './util.js';

export interface CheckBenchOptions {
  readonly files: number;
  readonly packages: number;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  readonly 'phase-runs': number;
}

/** `blastwall check` as CI runs it, without appending to the audit log (so that every run does the same). */
export function checkCommand(change: CheckChange): Step {
  return { cmd: process.execPath, args: [BIN, 'check', '--repo', change.repo, '--base', change.base, '--head', 'HEAD', '--format', 'json', '--no-audit'], okExitCodes: [0, 1] };
}

interface Answer {
  readonly verdict: string;
  readonly rules: string;
  readonly aiCommits: number;
  readonly radiusFiles: number;
}

function answerOf(change: CheckChange): Answer {
  const json = JSON.parse(capture(checkCommand(change))) as {
    verdict?: string;
    decision?: { matched?: { rule: string; effect: string }[] };
    facts?: { commits?: { ai: boolean }[]; radius?: { files: number } };
  };
  return {
    verdict: json.verdict ?? '?',
    rules: (json.decision?.matched ?? []).map((rule) => `${rule.effect}:${rule.rule}`).join(', '),
    aiCommits: (json.facts?.commits ?? []).filter((commit) => commit.ai).length,
    radiusFiles: json.facts?.radius?.files ?? 0,
  };
}

export async function benchCheck(options: CheckBenchOptions): Promise<string> {
  requireBuild();
  const { dir, result } = await ensureMonorepo(options);
  const changes = [monorepoChange(dir, result.probes), selfChange()];
  // The cache is built once, untimed: what is measured is the warm check.
  for (const change of changes) capture(checkCommand(change));
  const answers = new Map(changes.map((change) => [change.name, answerOf(change)]));
  const steps = Object.fromEntries(changes.map((change) => [change.name, checkCommand(change)]));
  const timings = await timeSteps(steps, { runs: options.runs, warmup: options.warmup });

  const lines = [`# blastwall check of a 20-file change, warm cache`, ''];
  lines.push(
    markdownTable(
      ['repository', 'files', 'commits', 'median', 'min', 'CPU (median)', 'peak RSS', 'runs', 'verdict', 'rules matched', 'AI commits', 'radius (files)'],
      changes.map((change) => {
        const size = repoSize(change.repo);
        const timing = timings[change.name]!;
        const answer = answers.get(change.name)!;
        return [change.name, size.files.toLocaleString('en-US'), size.commits.toLocaleString('en-US'), formatMs(timing.medianMs), formatMs(timing.minMs), timing.medianCpuMs === undefined ? 'n/a' : formatMs(timing.medianCpuMs), formatRss(timing.peakRssKb), String(timing.runs), answer.verdict, answer.rules, String(answer.aiCommits), answer.radiusFiles.toLocaleString('en-US')];
      }),
    ),
    '',
  );
  for (const change of changes) {
    const phases = phaseTimes('check-phases.ts', [change.repo, change.base, 'HEAD'], options['phase-runs'], loadTimes(options['phase-runs'], 'check'));
    lines.push(`## Phases of the check on ${change.name} (each alone, fresh process, median of ${options['phase-runs']})`, '');
    lines.push(phaseTable(phases), '');
    lines.push(`Changed files: ${change.files.map((file) => `\`${file}\``).join(', ')}.`, '');
  }
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  benchCheck(benchOptions(process.argv.slice(2), { files: 30000, packages: 120, runs: 5, warmup: 1, 'phase-runs': 5 }))
    .then((report) => console.log(report))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
