/**
 * `blastwall scan` against the `git log` it reads, over the same generated history: the ratio
 * shows what parsing, detection and reporting add on top of git's own work.
 *
 *   node --import tsx bench/scan.ts [--commits 20000] [--files 3000] [--seed 1] [--runs 5]
 */
import { BIN, benchOptions, comparisonTable, ensureRepo, isMain, requireBuild, timeInterleaved, type Comparison, type RepoSpec } from './util.js';

// The same fields and flags as src/git/log.ts asks git for, so that both sides make git do the same work.
const LOG_FORMAT = '--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x00';
const LOG_ARGS = ['log', '-z', '--numstat', '-M', '--diff-merges=off', '--no-textconv', '--no-ext-diff', '--no-color', LOG_FORMAT, 'HEAD'];

export async function benchScan(options: RepoSpec & { runs: number }): Promise<Comparison[]> {
  requireBuild();
  const repo = await ensureRepo(options);
  const scan = (format: string): { cmd: string; args: string[] } => ({ cmd: process.execPath, args: [BIN, 'scan', '--repo', repo, '--format', format] });
  const timings = await timeInterleaved(
    { gitLog: { cmd: 'git', args: LOG_ARGS, cwd: repo }, json: scan('json'), jsonl: scan('jsonl') },
    { runs: options.runs },
  );
  const baseline = 'git log --numstat -M';
  return [
    { benchmark: `scan --format json, ${options.commits} commits`, baseline, baselineTiming: timings.gitLog, blastwallTiming: timings.json },
    { benchmark: `scan --format jsonl, ${options.commits} commits`, baseline, baselineTiming: timings.gitLog, blastwallTiming: timings.jsonl },
  ];
}

if (isMain(import.meta.url)) {
  benchScan(benchOptions(process.argv.slice(2), { commits: 20000, runs: 5 }))
    .then((rows) => console.log(comparisonTable(rows)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
