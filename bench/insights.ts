/**
 * `blastwall insights --format json` over a synthetic ledger of 1,000,000 changes and 20,000
 * incidents, end to end (process start to exit), on SQLite and on Postgres (issue #5: under 3 s on
 * both). The ledger is written through the store's own import methods, in one transaction per
 * backend, into bench/.work/insights-<spec>.db and the Postgres schema `bench_insights`; both are
 * kept for later runs (a marker says the generation finished).
 *
 * The data: one repository, 40 services, 300 authors, three years of commits, 30% AI-assisted
 * (Claude Code, Copilot, Cursor, aider, several at once), lines added log-normal with AI changes
 * about twice as large; every 5-15 commits of a service go out in one production deployment (3% of
 * them fail); incidents are caused by changes chosen with odds rising with size and 1.3x for
 * AI-assisted ones, linked to the deployment (60%) or to the commit (40%); about 3% of changes are
 * labelled reverted or bug-introducing on the same odds.
 *
 *   node --import tsx bench/insights.ts [--changes 1000000] [--incidents 20000] [--seed 1] [--runs 5] [--warmup 1] [--by 0] [--postgres 1]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { KyselyStore } from '../src/ledger/kysely-store.js';
import { connectPostgres } from '../src/ledger/postgres/connect.js';
import type { CommitRecord, Store } from '../src/ledger/store.js';
import { connectSqlite } from '../src/ledger/sqlite/connect.js';
import { Random } from './lib/random.js';
import { timeSteps, type Step } from './lib/rounds.js';
import { BIN, WORK, benchOptions, formatMs, formatRss, isMain, markdownTable, requireBuild } from './util.js';

export interface InsightsBenchOptions {
  readonly changes: number;
  readonly incidents: number;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  /** 1: also time `--by tool`, `--by month` and `--by service`. */
  readonly by: number;
  /** 0: SQLite only. */
  readonly postgres: number;
}

const POSTGRES_URL = process.env.BLASTWALL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_SCHEMA = 'bench_insights';
const REPOSITORY = 'bench/shop';
const START = Date.UTC(2022, 0, 1);
const SPAN_MS = 3 * 365 * 24 * 3600_000;
const BATCH = 10_000;

const TOOLS = [
  [['claude-code'], 40],
  [['copilot'], 28],
  [['cursor'], 17],
  [['aider'], 7],
  [['codex'], 3],
  [['claude-code', 'copilot'], 5],
] as const;
const SEVERITIES = [['SEV1', 4], ['SEV2', 14], ['SEV3', 42], ['SEV4', 40]] as const;
/** Relative odds of failing by size band (lines added 1-10, 11-50, 51-200, 201-1000, more). */
const BAND_ODDS = [0.5, 0.8, 1.2, 2, 3];
const AI_ODDS = 1.3;

/** What the generator remembers of each change after it went into the store. */
interface Ledger {
  readonly odds: Float64Array;
  readonly time: Float64Array;
  readonly deployment: Int32Array;
  readonly sha: (i: number) => string;
}

const shaOf = (seed: number) => (i: number): string => `${(i * 2654435761 + seed).toString(16).padStart(12, '0')}${i.toString(16).padStart(28, '0')}`;
const band = (added: number): number => (added <= 10 ? 0 : added <= 50 ? 1 : added <= 200 ? 2 : added <= 1000 ? 3 : 4);

/** Log-normal with the given median, by Box-Muller. */
function logNormal(random: Random, median: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return median * Math.exp(sigma * z);
}

function commitAt(random: Random, i: number, ledger: Ledger, options: InsightsBenchOptions): CommitRecord {
  const merge = random.chance(0.03);
  const ai = !merge && random.chance(0.3);
  const added = merge ? 0 : Math.max(0, Math.round(logNormal(random, ai ? 60 : 28, 1.4)));
  const tools = ai ? random.weighted(TOOLS.map(([ids, weight]) => [ids.join(' '), weight] as const)).split(' ') : [];
  const time = START + Math.floor((i / options.changes) * SPAN_MS);
  const author = random.int(0, 299);
  ledger.time[i] = time;
  ledger.odds[i] = merge ? 0 : BAND_ODDS[band(added)]! * (ai ? AI_ODDS : 1);
  const date = new Date(time).toISOString();
  return {
    sha: ledger.sha(i),
    parents: i === 0 ? [] : merge ? [ledger.sha(i - 1), ledger.sha(Math.max(0, i - 7))] : [ledger.sha(i - 1)],
    author: { name: `Developer ${author}`, email: `dev${author}@shop.example` },
    authoredAt: date,
    committedAt: date,
    subject: merge ? `Merge pull request #${i}` : `Change ${i} to the ${random.pick(['cart', 'search', 'payments', 'catalog', 'auth'])} module`,
    attribution: {
      ai,
      tools: tools.map((tool) => ({ tool, name: tool, confidence: 'high', evidence: [{ tool, kind: 'co-author', text: `Co-Authored-By: ${tool} <ai@example.com>`, confidence: 'high' }] })),
      confidence: ai ? 'high' : undefined,
    },
    added,
    deleted: Math.round(added * random.next()),
    files: 1 + Math.floor(added / 40),
  };
}

/** Writes the synthetic ledger through the store's import methods, in one transaction. */
export async function generateLedger(store: Store, options: InsightsBenchOptions, log: (text: string) => void): Promise<void> {
  const random = new Random(options.seed);
  const ledger: Ledger = { odds: new Float64Array(options.changes), time: new Float64Array(options.changes), deployment: new Int32Array(options.changes), sha: shaOf(options.seed) };
  await store.transaction(async (trx) => {
    const services = Array.from({ length: 40 }, (_, i) => `service-${String(i).padStart(2, '0')}`);
    const waiting = services.map(() => [] as number[]);
    const target = services.map(() => random.int(5, 15));
    let deployments = 0;
    for (let from = 0; from < options.changes; from += BATCH) {
      const batch: CommitRecord[] = [];
      for (let i = from; i < Math.min(from + BATCH, options.changes); i++) batch.push(commitAt(random, i, ledger, options));
      await trx.importCommits(REPOSITORY, batch);
      for (let i = from; i < from + batch.length; i++) {
        const s = random.int(0, services.length - 1);
        waiting[s]!.push(i);
        if (waiting[s]!.length < target[s]!) continue;
        const shipped = waiting[s]!.splice(0);
        target[s] = random.int(5, 15);
        const status = random.weighted([['success', 97], ['failure', 2], ['error', 1]] as const);
        const { id } = await trx.recordDeployment(
          { repository: REPOSITORY, environment: 'prod', service: services[s]!, sha: ledger.sha(i), startedAt: new Date(ledger.time[i]! + 1_800_000).toISOString(), status },
          shipped.map(ledger.sha),
        );
        for (const change of shipped) ledger.deployment[change] = id;
        deployments++;
      }
      if ((from / BATCH) % 10 === 9) log(`  ${from + batch.length} changes, ${deployments} deployments`);
    }
    await addFailures(trx, random, ledger, options);
  });
}

/** Incidents, their links and the revert and SZZ labels, caused by changes drawn by their odds. */
async function addFailures(store: Store, random: Random, ledger: Ledger, options: InsightsBenchOptions): Promise<void> {
  let totalOdds = 0;
  for (const odds of ledger.odds) totalOdds += odds;
  // A little over the number wanted, then cut: exactly `incidents` incidents, drawn by the odds.
  const incidentChance = (1.05 * options.incidents) / totalOdds;
  const labelChance = (0.03 * options.changes) / totalOdds;
  let incidents = 0;
  for (let i = 0; i < options.changes; i++) {
    const odds = ledger.odds[i]!;
    if (incidents < options.incidents && random.chance(incidentChance * odds)) {
      const startedAt = ledger.time[i]! + 1_800_000 + random.int(10, 72 * 60) * 60_000;
      const resolved = random.chance(0.97) ? startedAt + Math.round(logNormal(random, 90, 1.1) * 60_000) : undefined;
      const { id } = await store.upsertIncident({
        source: 'pagerduty',
        key: `P${String(incidents).padStart(6, '0')}`,
        title: `Incident ${incidents}`,
        severity: random.weighted(SEVERITIES),
        services: ['service'],
        startedAt: new Date(startedAt).toISOString(),
        ...(resolved !== undefined && { resolvedAt: new Date(resolved).toISOString() }),
      });
      const viaDeployment = ledger.deployment[i]! > 0 && random.chance(0.6);
      await store.linkIncident({
        incident: id,
        target: viaDeployment ? { deployment: ledger.deployment[i]! } : { repository: REPOSITORY, sha: ledger.sha(i) },
        method: viaDeployment ? 'deploy-window' : 'root-cause',
        confidence: viaDeployment ? 'medium' : 'high',
        evidence: 'synthetic',
      });
      incidents++;
    }
    if (random.chance(labelChance * odds)) {
      const reverted = random.chance(0.25);
      await store.labelCommit({ repository: REPOSITORY, sha: ledger.sha(i), label: reverted ? 'reverted' : 'bug-introducing', method: reverted ? 'revert-message' : 'szz', evidence: 'synthetic' });
    }
  }
  if (incidents < options.incidents) throw new Error(`the generator drew ${incidents} incidents, fewer than ${options.incidents}: raise the chance`);
}

const specName = (options: InsightsBenchOptions): string => `c${options.changes}-i${options.incidents}-s${options.seed}`;

/** The SQLite ledger under bench/.work, generated once. */
export async function ensureSqlite(options: InsightsBenchOptions): Promise<string> {
  const path = join(WORK, `insights-${specName(options)}.db`);
  const marker = `${path}.complete`;
  if (existsSync(marker)) return path;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  console.error(`generating the SQLite ledger ${path} ...`);
  const started = performance.now();
  const { db } = await connectSqlite({ root: WORK, path });
  // A page cache that holds the indexes: random sha inserts would otherwise spill pages to the WAL again and again.
  await sql`pragma cache_size = -2000000`.execute(db);
  const store = new KyselyStore(db);
  await generateLedger(store, options, (text) => console.error(text));
  await store.close();
  console.error(`  done in ${formatMs(performance.now() - started)}`);
  writeFileSync(marker, `${JSON.stringify(options)}\n`);
  return path;
}

/** The Postgres ledger in schema bench_insights, generated once (a table of its own records the spec). */
export async function ensurePostgres(options: InsightsBenchOptions): Promise<string> {
  const url = `${POSTGRES_URL}?schema=${POSTGRES_SCHEMA}`;
  const { db } = await connectPostgres({ url: POSTGRES_URL, schema: POSTGRES_SCHEMA });
  try {
    const { rows } = await sql<{ spec: string }>`select spec from bench_insights.bench_spec`.execute(db).catch(() => ({ rows: [] as { spec: string }[] }));
    if (rows[0]?.spec === specName(options)) return url;
  } finally {
    await db.destroy();
  }
  console.error(`generating the Postgres ledger in schema ${POSTGRES_SCHEMA} ...`);
  const started = performance.now();
  const admin = await connectPostgres({ url: POSTGRES_URL });
  await sql`drop schema if exists ${sql.id(POSTGRES_SCHEMA)} cascade`.execute(admin.db);
  await admin.db.destroy();
  const { db: fresh } = await connectPostgres({ url: POSTGRES_URL, schema: POSTGRES_SCHEMA });
  const store = new KyselyStore(fresh);
  await generateLedger(store, options, (text) => console.error(text));
  // What autovacuum does a little after a bulk load: statistics, and the visibility map that index-only scans need.
  await sql`vacuum analyze`.execute(fresh);
  await sql`create table bench_insights.bench_spec (spec text not null)`.execute(fresh);
  await sql`insert into bench_insights.bench_spec values (${specName(options)})`.execute(fresh);
  await store.close();
  console.error(`  done in ${formatMs(performance.now() - started)}`);
  return url;
}

/** The folder the command runs in: its blastwall.yml puts the 300 authors in 12 teams, for --by team. */
function teamsFolder(): string {
  const folder = join(WORK, 'insights-teams');
  mkdirSync(folder, { recursive: true });
  const people = Array.from({ length: 300 }, (_, i) => `  dev${i}: { emails: [dev${i}@shop.example] }`);
  const teams = Array.from({ length: 12 }, (_, t) => `  team-${t}: { members: [${Array.from({ length: 25 }, (_, i) => `dev${t * 25 + i}`).join(', ')}] }`);
  writeFileSync(join(folder, 'blastwall.yml'), `people:\n${people.join('\n')}\nteams:\n${teams.join('\n')}\n`);
  return folder;
}

const insightsCommand = (cwd: string, database: string, by?: string): Step => ({
  cmd: process.execPath,
  args: [BIN, 'insights', '--format', 'json', '--database', database, ...(by === undefined ? [] : ['--by', by])],
  cwd,
});

/**
 * CPU seconds (user + sys) of the blastwall process, by GNU time: what a run costs with a core to itself,
 * whatever else the machine is doing. A Postgres server's own work is not in it.
 */
function cpuSeconds(step: Step): number | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', step.cmd, ...step.args], { cwd: step.cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [user, system] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return result.status === 0 && Number.isFinite(user) && Number.isFinite(system) ? user! + system! : undefined;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function benchInsights(options: InsightsBenchOptions): Promise<string> {
  requireBuild();
  const databases: Record<string, string> = { sqlite: `sqlite:${await ensureSqlite(options)}` };
  if (options.postgres !== 0) databases.postgres = await ensurePostgres(options);
  const cwd = teamsFolder();
  const steps: Record<string, Step> = {};
  for (const [backend, database] of Object.entries(databases)) {
    steps[`insights, ${backend}`] = insightsCommand(cwd, database);
    if (options.by !== 0) for (const by of ['tool', 'month', 'service', 'team']) steps[`insights --by ${by}, ${backend}`] = insightsCommand(cwd, database, by);
  }
  const loadBefore = loadavg()[0]!;
  const timings = await timeSteps(steps, { runs: options.runs, warmup: options.warmup });
  const cpu = Object.fromEntries(
    Object.entries(steps).map(([name, step]) => {
      const samples = Array.from({ length: options.runs }, () => cpuSeconds(step)).filter((seconds): seconds is number => seconds !== undefined);
      return [name, samples.length === 0 ? 'n/a' : formatMs(median(samples) * 1000)];
    }),
  );
  const table = markdownTable(
    ['command (--format json)', 'median', 'fastest', 'CPU of the process (median)', 'peak RSS', 'runs'],
    Object.entries(timings).map(([name, timing]) => [name, formatMs(timing.medianMs), formatMs(timing.minMs), cpu[name]!, formatRss(timing.peakRssKb), String(timing.runs)]),
  );
  return `${table}\n\nload average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after, on ${cpus().length} cores`;
}

if (isMain(import.meta.url)) {
  const options = benchOptions(process.argv.slice(2), { changes: 1_000_000, incidents: 20_000, runs: 5, warmup: 1, by: 0, postgres: 1 });
  try {
    console.log(await benchInsights(options));
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  }
}
