/**
 * `blastwall ingest` of a whole history into a fresh SQLite ledger against the bare `git log` that
 * feeds it (the very arguments of `readLog`, from `logArgs`), with `blastwall scan` alongside for
 * scale, and a second ingest into a ledger that already holds everything (incremental: nothing new).
 *
 *   node --import tsx bench/ingest.ts [--commits 100000] [--files 3000] [--seed 1] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { logArgs } from '../src/git/log.js';
import { timeSteps, type Step } from './lib/rounds.js';
import { BIN, WORK, benchOptions, comparisonTable, ensureRepo, git, isMain, requireBuild, type Comparison, type RepoSpec } from './util.js';

/** An SQLite ledger with its WAL and shared-memory files. */
const removeLedger = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

interface IngestAnswer {
  readonly commits: { readonly inserted: number; readonly present: number };
}

export async function benchIngest(options: RepoSpec & { runs: number }): Promise<Comparison[]> {
  requireBuild();
  const repo = await ensureRepo(options);
  const head = git(repo, ['rev-parse', 'HEAD']);
  const total = Number(git(repo, ['rev-list', '--count', head]));
  const fresh = join(WORK, `ingest-fresh-${process.pid}.db`);
  const full = join(WORK, `ingest-full-${process.pid}.db`);
  const ingest = (database: string): Step => ({ cmd: process.execPath, args: [BIN, 'ingest', '--repo', repo, '--name', 'bench', '--database', `sqlite:${database}`, '--format', 'json'] });

  try {
    // The incremental step needs a ledger that holds the whole history; filling it also checks
    // that an ingest stores every commit, and the rerun that it finds nothing new.
    removeLedger(full);
    expectCounts(ingest(full), { inserted: total, present: 0 });
    expectCounts(ingest(full), { inserted: 0, present: 0 });

    const timings = await timeSteps(
      {
        // Without a range, ingest reads HEAD's whole history: readLog asks git for `<HEAD's sha>`.
        gitLog: { cmd: 'git', args: logArgs({ revArgs: [head] }), cwd: repo },
        ingest: { ...ingest(fresh), prepare: () => removeLedger(fresh) },
        scan: { cmd: process.execPath, args: [BIN, 'scan', '--repo', repo, '--format', 'json'] },
        incremental: ingest(full),
      },
      { runs: options.runs, warmup: 1 },
    );
    const baseline = 'git log -z --numstat -M --format=<readLog fields>';
    const commits = total.toLocaleString('en-US');
    return [
      { benchmark: `ingest into a fresh SQLite ledger, ${commits} commits`, baseline, baselineTiming: timings.gitLog, blastwallTiming: timings.ingest },
      { benchmark: `scan --format json, ${commits} commits (for scale)`, baseline, baselineTiming: timings.gitLog, blastwallTiming: timings.scan },
      { benchmark: `ingest again into the full ledger (nothing new)`, baseline, baselineTiming: timings.gitLog, blastwallTiming: timings.incremental },
    ];
  } finally {
    removeLedger(fresh);
    removeLedger(full);
  }
}

/** Runs an ingest untimed and fails unless it stored what it should. */
function expectCounts(step: Step, expected: IngestAnswer['commits']): void {
  const result = spawnSync(step.cmd, step.args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${step.args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  const { commits } = JSON.parse(result.stdout) as IngestAnswer;
  if (commits.inserted !== expected.inserted || commits.present !== expected.present) {
    throw new Error(`ingest stored ${JSON.stringify(commits)}, expected ${JSON.stringify(expected)}`);
  }
}

if (isMain(import.meta.url)) {
  benchIngest(benchOptions(process.argv.slice(2), { commits: 100000, runs: 3 }))
    .then((rows) => console.log(comparisonTable(rows)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
