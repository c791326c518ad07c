import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain, type AuditEntry, type AuditInput } from './audit/chain.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrate, type LedgerConnection } from './migrations.js';
import { connectPostgres, redactUrl } from './postgres/connect.js';
import type { Database } from './schema.js';
import { connectSqlite } from './sqlite/connect.js';
import type { CommitFile, CommitRecord, DeploymentRecord, IncidentRecord, Store } from './store.js';

// One suite, run over both backends. Postgres must be reachable: its tests fail (not skip) without it.
const POSTGRES_URL = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `${process.pid}_${Date.now().toString(36)}`;

/** Where a writer in another thread finds the ledger of a test: a backend's connect module, and its options. */
interface Target {
  readonly module: string;
  readonly connect: 'connectSqlite' | 'connectPostgres';
  readonly options: Record<string, string>;
}

interface Backend {
  readonly name: string;
  /** A new, empty ledger of the test's own. */
  fresh(): Target;
  connect(target: Target): Promise<LedgerConnection>;
  /** The ledger's tables, sorted. */
  tables(connection: LedgerConnection): Promise<string[]>;
  /** A second writer on the same ledger. */
  writer(target: Target): Promise<Writer>;
  /** Removes what fresh made, before the connection closes. */
  remove(connection: LedgerConnection): Promise<void>;
  cleanUp(): void;
}

const moduleUrl = (path: string): string => new URL(path, import.meta.url).href;
let serial = 0;

let sqliteRoot: string | undefined;
const sqliteBackend: Backend = {
  name: 'sqlite',
  fresh: () => {
    sqliteRoot ??= mkdtempSync(join(tmpdir(), 'blastwall-ledger-'));
    return { module: moduleUrl('./sqlite/connect.ts'), connect: 'connectSqlite', options: { root: sqliteRoot, path: `ledger-${++serial}.db` } };
  },
  connect: (target) => connectSqlite({ root: target.options.root!, path: target.options.path }),
  tables: async ({ db }) => (await db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name).sort(),
  writer: threadWriter,
  remove: async () => undefined,
  cleanUp: () => {
    if (sqliteRoot !== undefined) rmSync(sqliteRoot, { recursive: true, force: true });
  },
};

let unreachable: Error | undefined;
const postgresBackend: Backend = {
  name: 'postgres',
  fresh: () => ({ module: moduleUrl('./postgres/connect.ts'), connect: 'connectPostgres', options: { url: POSTGRES_URL, schema: `blastwall_test_${RUN}_${++serial}` } }),
  async connect(target) {
    // Fail every test at once with the first reason, rather than each after its own timeout.
    if (unreachable) throw unreachable;
    try {
      return await connectPostgres({ url: target.options.url!, schema: target.options.schema });
    } catch (error) {
      unreachable = new Error(`the Postgres tests need a server at ${redactUrl(POSTGRES_URL)} (set BLASTWALL_TEST_DATABASE_URL for another): ${(error as Error).message}`);
      throw unreachable;
    }
  },
  async tables({ db, dialect }) {
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    return tables
      .filter((table) => table.schema === dialect.schema)
      .map((table) => table.name)
      .sort();
  },
  // Postgres clients wait for locks without blocking the thread: a second pool here is a second writer.
  writer: async (target) => storeWriter(new KyselyStore((await connectPostgres({ url: target.options.url!, schema: target.options.schema })).db)),
  remove: async ({ db, dialect }) => void (await sql`drop schema ${sql.id(dialect.schema!)} cascade`.execute(db)),
  cleanUp: () => undefined,
};

const TABLES = [
  'audit_log',
  'changes',
  'commit_files',
  'commit_labels',
  'commit_tools',
  'commits',
  'deployment_commits',
  'deployments',
  'incident_links',
  'incidents',
  'ledger_locks',
  'overrides',
  'repositories',
  'sign_offs',
] as const;

type Counts = Record<(typeof TABLES)[number], number>;
const EMPTY: Counts = Object.fromEntries(TABLES.map((table) => [table, 0])) as Counts;

/** Children before parents, for the foreign keys; the lock row stays. */
const EMPTIED = ['deployment_commits', 'incident_links', 'sign_offs', 'overrides', 'commit_labels', 'commit_tools', 'commit_files', 'commits', 'changes', 'deployments', 'incidents', 'audit_log', 'repositories'] as const;

async function empty(db: Kysely<Database>): Promise<void> {
  for (const table of EMPTIED) await db.deleteFrom(table).execute();
}

async function rowCounts(db: Kysely<Database>): Promise<Counts> {
  const counts = { ...EMPTY };
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

// Fixtures: commit n is committed at 10:00 + n hours, Paris time, so the ledger must turn it into UTC.
const REPO = 'acme/shop';
const sha = (n: number): string => n.toString(16).padStart(40, '0');
const hour = (n: number): string => String(n).padStart(2, '0');
const CLAUDE = {
  tool: 'claude-code',
  name: 'Claude Code',
  confidence: 'high' as const,
  evidence: [{ tool: 'claude-code', kind: 'co-author' as const, text: 'Co-Authored-By: Claude <noreply@anthropic.com>', confidence: 'high' as const }],
};

const commit = (n: number, ai = false): CommitRecord => ({
  sha: sha(n),
  parents: n > 1 ? [sha(n - 1)] : [],
  author: { name: 'Ada', email: 'ada@example.com' },
  authoredAt: `2025-03-01T${hour(9 + n)}:00:00+01:00`,
  committedAt: `2025-03-01T${hour(10 + n)}:00:00+01:00`,
  subject: `change ${n}`,
  attribution: ai ? { ai: true, tools: [CLAUDE], confidence: 'high' } : { ai: false, tools: [], confidence: undefined },
  added: 10 * n,
  deleted: n,
  files: 1 + (n % 3),
});

const file = (path: string, added: number, deleted: number): CommitFile => ({ path, added, deleted });
const withFiles = (n: number, files: readonly CommitFile[]): CommitRecord => ({ ...commit(n), files: new Set(files.map((f) => f.path)).size, changedFiles: files });

/** A commit as the ledger gives it back: times in UTC. */
const stored = (n: number, ai = false): CommitRecord => ({
  ...commit(n, ai),
  authoredAt: `2025-03-01T${hour(8 + n)}:00:00.000Z`,
  committedAt: `2025-03-01T${hour(9 + n)}:00:00.000Z`,
});

const deployment = (overrides: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  repository: REPO,
  environment: 'prod',
  service: 'checkout-api',
  sha: sha(3),
  startedAt: '2025-03-02T10:00:00Z',
  status: 'success',
  ...overrides,
});

const incident = (overrides: Partial<IncidentRecord> = {}): IncidentRecord => ({
  source: 'pagerduty',
  key: 'Q1ABC',
  title: 'Checkout returns 500',
  severity: 'SEV2',
  services: ['checkout-api'],
  startedAt: '2025-03-02T11:00:00+01:00',
  detectedAt: '2025-03-02T10:05:00Z',
  ...overrides,
});

const auditInput = (n: number, actor = 'ci'): AuditInput => ({
  kind: 'decision',
  at: `2025-03-01T10:${hour(Math.floor(n / 60))}:${hour(n % 60)}.000Z`,
  actor,
  head: sha(n),
  change: 'pr:12',
  data: { verdict: 'pass', n },
});

/** Another writer with a connection of its own: what a second CI job is. Between batches, both writers pause. */
interface Writer {
  append(batches: readonly AuditInput[][]): Promise<AuditEntry[][]>;
  close(): Promise<void>;
}

const pause = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function appendAll(store: Store, batches: readonly AuditInput[][]): Promise<AuditEntry[][]> {
  const appended: AuditEntry[][] = [];
  for (const batch of batches) {
    appended.push(await store.appendAudit(batch));
    // SQLite's busy handler polls: without a gap, a writer in a loop would take the lock back every time.
    await pause();
  }
  return appended;
}

const storeWriter = (store: Store): Writer => ({ append: (batches) => appendAll(store, batches), close: () => store.close() });

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const report = (error) => parentPort.postMessage({ error: String((error && error.stack) || error) });
(async () => {
  (await import(workerData.tsx)).register();
  const backend = await import(workerData.target.module);
  const { KyselyStore } = await import(workerData.store);
  const store = new KyselyStore((await backend[workerData.target.connect](workerData.target.options)).db);
  parentPort.on('message', (batches) => {
    if (batches === null) return void store.close().then(() => parentPort.close(), report);
    (async () => {
      const appended = [];
      for (const batch of batches) {
        appended.push(await store.appendAudit(batch));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      parentPort.postMessage({ appended });
    })().catch(report);
  });
  parentPort.postMessage({ ready: true });
})().catch(report);
`;

/**
 * A writer in a thread of its own, which loads the TypeScript source through tsx. better-sqlite3 blocks its thread while it waits for the write
 * lock, so a second SQLite writer in this thread would stall the first one, which holds the lock.
 */
async function threadWriter(target: Target): Promise<Writer> {
  const worker = new Worker(THREAD, { eval: true, workerData: { target, store: moduleUrl('./kysely-store.ts'), tsx: import.meta.resolve('tsx/esm/api') } });
  const reply = (): Promise<{ ready?: true; appended?: AuditEntry[][]; error?: string }> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const ready = await reply();
  if (ready.error !== undefined) throw new Error(`the writer thread failed: ${ready.error}`);
  return {
    async append(batches) {
      const answer = reply();
      worker.postMessage(batches);
      const { appended, error } = await answer;
      if (error !== undefined) throw new Error(`the writer thread failed: ${error}`);
      return appended!;
    },
    async close() {
      const closed = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage(null);
      await closed;
    },
  };
}

describe.each([sqliteBackend, postgresBackend])('ledger store on $name', (backend) => {
  // One ledger per backend and run, emptied before each test: migrating a new one per test costs more than all the tests.
  let target: Target;
  let connection: LedgerConnection | undefined;
  let opened: LedgerConnection;
  let db: Kysely<Database>;
  let store: Store;
  let other: Writer | undefined;

  beforeEach(async () => {
    // Here rather than in beforeAll, so that an unreachable database fails every test by name.
    if (connection === undefined) {
      target = backend.fresh();
      connection = await backend.connect(target);
    }
    opened = connection;
    db = opened.db;
    store = new KyselyStore(db);
    await empty(db);
  });

  afterAll(async () => {
    await other?.close();
    if (connection !== undefined) {
      await backend.remove(connection);
      await connection.db.destroy();
    }
    backend.cleanUp();
  });

  it('migrates once: a second run and a second connection apply nothing and change no table', async () => {
    expect(opened.migrations).toEqual([
      { name: '0001-ledger', status: 'applied' },
      { name: '0002-insights', status: 'applied' },
      { name: '0003-commit-files', status: 'applied' },
    ]);
    const tables = await backend.tables(opened);
    expect(tables).toEqual([...TABLES, MIGRATION_LOCK_TABLE, MIGRATION_TABLE].sort());
    expect(await migrate(db, opened.dialect)).toEqual([]);
    const again = await backend.connect(target);
    expect(again.migrations).toEqual([]);
    await again.db.destroy();
    expect(await backend.tables(opened)).toEqual(tables);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1 });
  });

  it('names a repository once', async () => {
    const first = await store.upsertRepository(REPO);
    expect(await store.upsertRepository(REPO)).toEqual(first);
    expect(first.name).toBe(REPO);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1 });
  });

  it('imports commits once: the same commits again change nothing, and the counts say so', async () => {
    const commits = [commit(1), commit(2, true), commit(3)];
    expect(await store.importCommits(REPO, commits)).toEqual({ inserted: 3, present: 0, files: 0 });
    expect(await store.importCommits(REPO, commits)).toEqual({ inserted: 0, present: 3, files: 0 });
    expect(await store.importCommits(REPO, [commit(4), commit(3)])).toEqual({ inserted: 1, present: 1, files: 0 });
    // The key is (repository, sha): a fork of the repository has the same commits.
    expect(await store.importCommits('acme/shop-fork', [commit(1)])).toEqual({ inserted: 1, present: 0, files: 0 });
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 2, commits: 5, commit_tools: 1 });

    expect(await store.commits(REPO)).toEqual([stored(1), stored(2, true), stored(3), stored(4)]);
    expect(await store.commits(REPO, { since: '2025-03-01T12:00:00+01:00', until: stored(4).committedAt })).toEqual([stored(2, true), stored(3)]);
    expect(await store.lastCommit(REPO)).toEqual(stored(4));
    expect(await store.commits('acme/unknown')).toEqual([]);
    expect(await store.lastCommit('acme/unknown')).toBeUndefined();
  });

  it('imports a long history in batches, in one go', async () => {
    // Five files each: 12,500 commit files, two full batches of 6,000 (the second reusing the first's statement) and 500.
    const changedFiles = (i: number): CommitFile[] => Array.from({ length: 5 }, (_, k) => file(`src/${k}/${i}.ts`, i, k));
    const commits = Array.from({ length: 2_500 }, (_, i) => ({ ...commit(1), sha: sha(1_000 + i), committedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), files: 5, changedFiles: changedFiles(i) }));
    expect(await store.importCommits(REPO, commits)).toEqual({ inserted: 2_500, present: 0, files: 12_500 });
    expect(await store.importCommits(REPO, commits)).toEqual({ inserted: 0, present: 2_500, files: 0 });
    const files = await store.commitFiles(REPO);
    expect(files).toHaveLength(12_500);
    expect(files.filter((row) => row.sha === sha(1_000 + 2_222))).toEqual(changedFiles(2_222).map((f) => ({ sha: sha(1_000 + 2_222), ...f })));
    expect(new Set(files.map((row) => `${row.sha} ${row.path} ${row.added} ${row.deleted}`)).size).toBe(12_500);
    const read = await store.commits(REPO);
    expect(read.map((c) => c.sha)).toEqual(commits.map((c) => c.sha));
    expect(await store.lastCommit(REPO)).toMatchObject({ sha: sha(3_499), committedAt: '2025-01-02T17:39:00.000Z' });
  });

  it('stores the files each commit changed once, none of a merge; a new commit adds only its own', async () => {
    const a = withFiles(1, [file('src/pay.ts', 3, 1), file('docs/pay.md', 1, 0)]);
    // A path listed twice (by hand) is one row with the sums; a binary file counts 0 and 0.
    const b = withFiles(2, [file('src/pay.ts', 2, 2), file('logo.png', 0, 0), file('src/pay.ts', 1, 1)]);
    const merge = { ...withFiles(3, [file('src/pay.ts', 5, 0)]), parents: [sha(2), sha(1)] };
    expect(await store.importCommits(REPO, [a, b, merge])).toEqual({ inserted: 3, present: 0, files: 4 });
    expect(await store.importCommits(REPO, [a, b, merge])).toEqual({ inserted: 0, present: 3, files: 0 });
    expect(await store.importCommits(REPO, [withFiles(4, [file('src/cart.ts', 7, 0)])])).toEqual({ inserted: 1, present: 0, files: 1 });
    expect(await store.commitFiles(REPO)).toEqual([
      { sha: sha(1), path: 'docs/pay.md', added: 1, deleted: 0 },
      { sha: sha(1), path: 'src/pay.ts', added: 3, deleted: 1 },
      { sha: sha(2), path: 'logo.png', added: 0, deleted: 0 },
      { sha: sha(2), path: 'src/pay.ts', added: 3, deleted: 3 },
      { sha: sha(4), path: 'src/cart.ts', added: 7, deleted: 0 },
    ]);
    expect(await store.changedPaths()).toEqual(['docs/pay.md', 'logo.png', 'src/cart.ts', 'src/pay.ts']);
    // The commits to the files were given with: nothing is missing.
    expect(await store.missingFiles(REPO)).toBe(false);
    // Commits come back with their count of files, not the list.
    expect((await store.commits(REPO)).map((c) => [c.sha, c.files, 'changedFiles' in c])).toEqual([
      [sha(1), 2, false],
      [sha(2), 2, false],
      [sha(3), 1, false],
      [sha(4), 1, false],
    ]);
    expect(await store.commitFiles('acme/unknown')).toEqual([]);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1, commits: 4, commit_files: 5 });
  });

  it('marks a repository whose commits came without their files, and fills them when they come again with them', async () => {
    const a = withFiles(1, [file('src/pay.ts', 3, 1)]);
    const b = withFiles(2, [file('src/cart.ts', 2, 0)]);
    const bare = (c: CommitRecord): CommitRecord => ({ ...c, changedFiles: undefined });
    // A merge or a commit that changed no file needs no list.
    expect(await store.importCommits(REPO, [a, { ...bare(a), sha: sha(9), parents: [sha(1), sha(2)] }, { ...bare(a), sha: sha(8), files: 0 }])).toMatchObject({ inserted: 3 });
    expect(await store.missingFiles(REPO)).toBe(false);
    expect(await store.importCommits(REPO, [bare(b)])).toEqual({ inserted: 1, present: 0, files: 0 });
    expect(await store.missingFiles(REPO)).toBe(true);
    expect(await store.missingFiles('acme/unknown')).toBe(false);
    expect(await store.importCommits(REPO, [a, b])).toEqual({ inserted: 0, present: 2, files: 1 });
    expect(await store.missingFiles(REPO)).toBe(true);
    await store.filesFilled(REPO);
    expect(await store.missingFiles(REPO)).toBe(false);
    expect((await store.commitFiles(REPO)).map((row) => [row.sha, row.path])).toEqual([
      [sha(1), 'src/pay.ts'],
      [sha(2), 'src/cart.ts'],
    ]);
  });

  it('migration 0003 marks the repositories of a ledger made before it, whose commits have no files', async () => {
    await store.importCommits(REPO, [commit(1), commit(2)]);
    await store.importCommits('acme/merges-only', [{ ...commit(3), parents: [sha(1), sha(2)] }, { ...commit(4), files: 0 }]);
    // Back to the ledger of 0002, with the rows it held; then 0003 again.
    await sql`drop table commit_files`.execute(db);
    await sql`alter table repositories drop column files_missing`.execute(db);
    await sql`delete from ${sql.table(MIGRATION_TABLE)} where name = '0003-commit-files'`.execute(db);
    expect(await migrate(db, opened.dialect)).toEqual([{ name: '0003-commit-files', status: 'applied' }]);
    expect(await store.missingFiles(REPO)).toBe(true);
    expect(await store.missingFiles('acme/merges-only')).toBe(false);
    expect(await store.commitFiles(REPO)).toEqual([]);
    expect(await store.importCommits(REPO, [withFiles(1, [file('a.ts', 1, 0)]), withFiles(2, [file('b.ts', 2, 0)])])).toEqual({ inserted: 0, present: 2, files: 2 });
    expect(await store.commitFiles(REPO)).toEqual([
      { sha: sha(1), path: 'a.ts', added: 1, deleted: 0 },
      { sha: sha(2), path: 'b.ts', added: 2, deleted: 0 },
    ]);
  });

  it('keeps nothing of a transaction that throws half-way, and all of one that completes', async () => {
    const work = async (trx: Store, fail: boolean): Promise<void> => {
      await trx.importCommits(REPO, [commit(1), commit(2)]);
      await trx.recordDeployment(deployment(), [sha(1), sha(2)]);
      await trx.upsertIncident(incident());
      // Nested: joins the outer transaction.
      await trx.transaction((inner) => inner.appendAudit([auditInput(1)]));
      expect(await trx.commits(REPO)).toHaveLength(2);
      if (fail) throw new Error('crashed half-way');
    };
    await expect(store.transaction((trx) => work(trx, true))).rejects.toThrow('crashed half-way');
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1 });
    expect(await store.readAudit()).toEqual([]);

    await store.transaction((trx) => work(trx, false));
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1, commits: 2, deployments: 1, deployment_commits: 2, incidents: 1, audit_log: 1 });
    expect(verifyChain(await store.readAudit()).ok).toBe(true);
  });

  it('records a deployment and the commits it shipped once; a later status updates the same row', async () => {
    const started = await store.recordDeployment(deployment({ status: 'in_progress', previousSha: sha(1) }), [sha(2), sha(3)]);
    expect(started).toEqual({ id: started.id, created: true, commitsAdded: 2 });
    expect(await store.recordDeployment(deployment({ status: 'in_progress', previousSha: sha(1) }), [sha(2), sha(3)])).toEqual({ id: started.id, created: false, commitsAdded: 0 });
    // The status event repeats neither the previous sha nor all commits: what the ledger holds stays.
    const finished = await store.recordDeployment(deployment({ startedAt: '2025-03-02T11:00:00+01:00', finishedAt: '2025-03-02T10:07:30Z' }), [sha(3), sha(3)]);
    expect(finished).toEqual({ id: started.id, created: false, commitsAdded: 0 });

    expect(await store.deployments()).toEqual([
      {
        id: started.id,
        repository: REPO,
        environment: 'prod',
        service: 'checkout-api',
        sha: sha(3),
        previousSha: sha(1),
        startedAt: '2025-03-02T10:00:00.000Z',
        finishedAt: '2025-03-02T10:07:30.000Z',
        status: 'success',
        commits: [sha(2), sha(3)],
      },
    ]);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1, deployments: 1, deployment_commits: 2 });
  });

  it('finds deployments by service, environment and time, and the previous successful one', async () => {
    const at = (day: number): string => `2025-03-0${day}T10:00:00.000Z`;
    const record = (day: number, overrides: Partial<DeploymentRecord>): Promise<{ id: number }> => store.recordDeployment(deployment({ startedAt: at(day), sha: sha(day), ...overrides }), [sha(day)]);
    const first = await record(1, {});
    const failed = await record(2, { status: 'failure' });
    await record(3, { environment: 'staging' });
    await record(3, { service: 'cart-api' });
    await record(3, { repository: 'acme/other' });
    const fourth = await record(4, {});

    const prodCheckout = await store.deployments({ repository: REPO, environment: 'prod', service: 'checkout-api' });
    expect(prodCheckout.map((d) => [d.id, d.startedAt, d.status, d.commits])).toEqual([
      [first.id, at(1), 'success', [sha(1)]],
      [failed.id, at(2), 'failure', [sha(2)]],
      [fourth.id, at(4), 'success', [sha(4)]],
    ]);
    expect((await store.deployments({ since: at(2), until: at(4) })).map((d) => [d.startedAt, d.repository, d.environment, d.service])).toEqual([
      [at(2), REPO, 'prod', 'checkout-api'],
      [at(3), REPO, 'staging', 'checkout-api'],
      [at(3), REPO, 'prod', 'cart-api'],
      [at(3), 'acme/other', 'prod', 'checkout-api'],
    ]);

    // Before the fourth: the failed second does not count, nor other environments, services or repositories.
    expect(await store.previousDeployment(REPO, 'prod', 'checkout-api', at(4))).toEqual({ ...deployment({ startedAt: at(1), sha: sha(1) }), id: first.id, commits: [sha(1)] });
    expect((await store.previousDeployment(REPO, 'prod', 'checkout-api', '2025-03-05T00:00:00+01:00'))?.id).toBe(fourth.id);
    expect(await store.previousDeployment(REPO, 'prod', 'checkout-api', at(1))).toBeUndefined();
  });

  it('upserts incidents by source and key: resolving one keeps one row', async () => {
    const opened = await store.upsertIncident(incident());
    expect(opened).toEqual({ id: opened.id, created: true });
    expect(await store.upsertIncident(incident({ resolvedAt: '2025-03-02T12:30:00+01:00', severity: 'SEV1' }))).toEqual({ id: opened.id, created: false });
    // A re-import that lacks the resolution does not reopen it.
    expect(await store.upsertIncident(incident({ severity: 'SEV1' }))).toEqual({ id: opened.id, created: false });
    const other = await store.upsertIncident(incident({ source: 'opsgenie', services: ['cart-api', 'checkout-api'], startedAt: '2025-03-03T08:00:00Z', detectedAt: undefined }));
    expect(other.created).toBe(true);

    const resolved = {
      id: opened.id,
      source: 'pagerduty',
      key: 'Q1ABC',
      title: 'Checkout returns 500',
      severity: 'SEV1',
      services: ['checkout-api'],
      startedAt: '2025-03-02T10:00:00.000Z',
      detectedAt: '2025-03-02T10:05:00.000Z',
      resolvedAt: '2025-03-02T11:30:00.000Z',
    };
    expect(await store.incident('pagerduty', 'Q1ABC')).toEqual(resolved);
    expect(await store.incident('pagerduty', 'nope')).toBeUndefined();
    expect((await store.incidents()).map((i) => [i.id, i.source])).toEqual([
      [opened.id, 'pagerduty'],
      [other.id, 'opsgenie'],
    ]);
    expect((await store.incidents({ service: 'cart-api' })).map((i) => i.id)).toEqual([other.id]);
    expect(await store.incidents({ source: 'pagerduty', since: '2025-03-02T00:00:00Z', until: '2025-03-03T00:00:00Z' })).toEqual([resolved]);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, incidents: 2 });
  });

  it('links incidents to deployments and commits once per target and method', async () => {
    const { id: incidentId } = await store.upsertIncident(incident());
    const { id: deploymentId } = await store.recordDeployment(deployment(), [sha(3)]);
    const window = { incident: incidentId, target: { deployment: deploymentId }, method: 'deploy-window', confidence: 'medium' as const, evidence: 'deployed 60 min before the incident started' };
    const byWindow = await store.linkIncident(window);
    const rootCause = await store.linkIncident({ incident: incidentId, target: { repository: REPO, sha: sha(3) }, method: 'root-cause', confidence: 'high', evidence: 'root cause: 0003' });
    expect([byWindow.created, rootCause.created]).toEqual([true, true]);
    expect(await store.linkIncident({ ...window, evidence: 'deployed 59 min before the incident started' })).toEqual({ id: byWindow.id, created: false });
    const byRevert = await store.linkIncident({ incident: incidentId, target: { repository: REPO, sha: sha(3) }, method: 'revert', confidence: 'high', evidence: 'reverted by 0004' });
    expect(byRevert.created).toBe(true);

    expect(await store.linksOf(incidentId)).toEqual([
      { id: byWindow.id, incident: incidentId, target: { deployment: deploymentId }, method: 'deploy-window', confidence: 'medium', evidence: 'deployed 59 min before the incident started' },
      { id: rootCause.id, incident: incidentId, target: { repository: REPO, sha: sha(3) }, method: 'root-cause', confidence: 'high', evidence: 'root cause: 0003' },
      { id: byRevert.id, incident: incidentId, target: { repository: REPO, sha: sha(3) }, method: 'revert', confidence: 'high', evidence: 'reverted by 0004' },
    ]);
    expect(await store.linksOf(incidentId + 1)).toEqual([]);
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1, deployments: 1, deployment_commits: 1, incidents: 1, incident_links: 3 });
  });

  it('records changes with their latest decision, sign-offs and overrides once', async () => {
    const change = { repository: REPO, key: 'pr:12', base: sha(1), head: sha(2), decision: { verdict: 'needs-signoff' as const, summary: 'needs-signoff: 1 sign-off from @payments', at: '2025-03-02T12:00:00+02:00' } };
    const recorded = await store.recordChange(change);
    expect(recorded).toEqual({ id: recorded.id, created: true });
    const signOff = { by: 'grace', commit: sha(2), source: 'github' as const, at: '2025-03-02T10:30:00Z' };
    const signed = await store.recordSignOff(recorded.id, signOff);
    expect(signed.created).toBe(true);
    expect(await store.recordSignOff(recorded.id, { ...signOff, at: '2025-03-02T10:45:00Z' })).toEqual({ id: signed.id, created: false });
    await store.recordSignOff(recorded.id, { by: 'dependabot', commit: sha(2), source: 'github', at: '2025-03-02T10:31:00Z', bot: true });
    const override = { by: 'linus', reason: 'hotfix for the outage', commit: sha(3), at: '2025-03-02T11:00:00Z', source: 'cli' as const };
    const overridden = await store.recordOverride(recorded.id, override);
    expect(await store.recordOverride(recorded.id, override)).toEqual({ id: overridden.id, created: false });
    const moved = { ...change, head: sha(3), decision: { verdict: 'pass' as const, summary: 'pass (override by linus)', at: '2025-03-02T11:00:01Z' } };
    expect(await store.recordChange(moved)).toEqual({ id: recorded.id, created: false });

    expect(await store.change(REPO, 'pr:12')).toEqual({
      ...moved,
      id: recorded.id,
      decision: { ...moved.decision, at: '2025-03-02T11:00:01.000Z' },
      signOffs: [
        { ...signOff, at: '2025-03-02T10:30:00.000Z' },
        { by: 'dependabot', commit: sha(2), source: 'github', at: '2025-03-02T10:31:00.000Z', bot: true },
      ],
      overrides: [{ ...override, at: '2025-03-02T11:00:00.000Z' }],
    });
    expect(await store.recordChange({ ...moved, decision: undefined })).toEqual({ id: recorded.id, created: false });
    expect((await store.change(REPO, 'pr:12'))?.decision).toBeUndefined();
    expect(await store.change(REPO, 'pr:13')).toBeUndefined();
    expect(await rowCounts(db)).toEqual({ ...EMPTY, ledger_locks: 1, repositories: 1, changes: 1, sign_offs: 2, overrides: 1 });
  });

  it('labels commits once per label and method', async () => {
    const reverted = { repository: REPO, sha: sha(2), label: 'reverted' as const, method: 'revert-message', evidence: 'This reverts commit 0002' };
    expect(await store.labelCommit(reverted)).toEqual({ created: true });
    expect(await store.labelCommit({ ...reverted, evidence: 'again' })).toEqual({ created: false });
    const szz = { repository: REPO, sha: sha(2), label: 'bug-introducing' as const, method: 'szz', evidence: 'fix 0005 deleted src/pay.ts:12' };
    expect(await store.labelCommit(szz)).toEqual({ created: true });
    expect(await store.labelCommit({ ...reverted, sha: sha(1) })).toEqual({ created: true });
    expect(await store.labels(REPO)).toEqual([{ ...reverted, sha: sha(1) }, szz, reverted]);
    expect(await store.labels('acme/unknown')).toEqual([]);
  });

  it('appends to the audit chain and reads it back as verifyChain expects', async () => {
    expect(await store.appendAudit([])).toEqual([]);
    const first = await store.appendAudit([auditInput(1), auditInput(2)]);
    const [second] = await store.appendAudit([{ ...auditInput(3), at: '2025-03-01T11:00:03+01:00' }]);
    expect(first.map((entry) => entry.seq)).toEqual([1, 2]);
    expect([second!.seq, second!.prev, second!.at]).toEqual([3, first[1]!.hash, '2025-03-01T11:00:03+01:00']);
    const log = await store.readAudit();
    expect(log).toEqual([...first, second]);
    expect(verifyChain(log)).toEqual({ ok: true, entries: 3, head: second!.hash, problems: [] });
  });

  it('makes a second writer wait for the first one to commit, then chains after it', async () => {
    other ??= await backend.writer(target);
    let theirs: Promise<AuditEntry[][]> | undefined;
    let waited = true;
    const [mine] = await store.transaction(async (trx) => {
      const appended = await trx.appendAudit([auditInput(1, 'first')]);
      theirs = other!.append([[auditInput(2, 'second')]]);
      theirs.then(
        () => (waited = false),
        () => undefined,
      );
      await pause(200);
      return appended;
    });
    expect(waited).toBe(true);
    const [[second]] = (await theirs!) as [[AuditEntry]];
    // Without the lock, the second writer would have read an empty log and written another seq 1.
    expect([second.seq, second.prev, second.actor]).toEqual([2, mine!.hash, 'second']);
    expect(verifyChain(await store.readAudit())).toMatchObject({ ok: true, entries: 2 });
  });

  it('keeps one chain when two writers append at once', async () => {
    other ??= await backend.writer(target);
    const batches = (actor: string): AuditInput[][] => Array.from({ length: 25 }, (_, i) => [auditInput(2 * i, actor), auditInput(2 * i + 1, actor)]);
    await Promise.all([other.append(batches('other')), appendAll(store, batches('main'))]);

    const log = await store.readAudit();
    expect(verifyChain(log)).toMatchObject({ ok: true, entries: 100, problems: [] });
    expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([log.filter((entry) => entry.actor === 'main').length, log.filter((entry) => entry.actor === 'other').length]).toEqual([50, 50]);
    // Each batch stays whole: a writer's two entries are never split by the other's.
    for (let i = 0; i < log.length; i += 2) expect(log[i]!.actor).toBe(log[i + 1]!.actor);
  });
});
