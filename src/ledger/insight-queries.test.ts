import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZE_BANDS } from '../insights/stats.js';
import { KyselyStore } from './kysely-store.js';
import { MIGRATION_TABLE, migrate, type LedgerConnection } from './migrations.js';
import { connectPostgres, redactUrl } from './postgres/connect.js';
import { SIZE_BAND_LIMITS, sizeBandIndex } from './rows.js';
import { connectSqlite } from './sqlite/connect.js';
import type { CommitRecord, InsightQuery, Store } from './store.js';

// The insights readers over both backends, as in store.test.ts: Postgres must be reachable (fail, not skip).
const POSTGRES_URL = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `${process.pid}_${Date.now().toString(36)}`;

interface Backend {
  readonly name: string;
  connect(): Promise<LedgerConnection>;
  remove(connection: LedgerConnection): Promise<void>;
}

let sqliteRoot: string | undefined;
let serial = 0;
const sqliteBackend: Backend = {
  name: 'sqlite',
  connect: () => connectSqlite({ root: (sqliteRoot ??= mkdtempSync(join(tmpdir(), 'blastwall-insights-'))), path: `ledger-${++serial}.db` }),
  remove: async () => undefined,
};
const postgresBackend: Backend = {
  name: 'postgres',
  async connect() {
    try {
      return await connectPostgres({ url: POSTGRES_URL, schema: `blastwall_insights_${RUN}_${++serial}` });
    } catch (error) {
      throw new Error(`the Postgres tests need a server at ${redactUrl(POSTGRES_URL)} (set BLASTWALL_TEST_DATABASE_URL for another): ${(error as Error).message}`, { cause: error });
    }
  },
  remove: async ({ db, dialect }) => void (await sql`drop schema ${sql.id(dialect.schema!)} cascade`.execute(db)),
};

afterAll(() => {
  if (sqliteRoot !== undefined) rmSync(sqliteRoot, { recursive: true, force: true });
});

const REPO = 'acme/shop';
const sha = (name: string): string => name.padEnd(40, '0');
const tool = (id: string) => ({ tool: id, name: id, confidence: 'high' as const, evidence: [{ tool: id, kind: 'co-author' as const, text: `Co-Authored-By: ${id}`, confidence: 'high' as const }] });

/** The files of the changes, for the path grouping; a9 has none stored (its count says it changed one), m5 is a merge. */
const FILES: Record<string, string[]> = {
  h1: ['services/cart/cart.ts'],
  a2: ['services/payments/pay.ts', 'services/cart/cart.ts'],
  a3: ['services/payments/refund.ts', 'docs/pay.md'],
  h4: ['services/payments/pay.ts'],
  a6: ['tools/build.sh'],
  h7: ['services/search/index.ts'],
  h8: ['docs/readme.md'],
};

/** A change: name, tools (none: human), lines added, commit day, author. */
function commit(name: string, tools: readonly string[], added: number, day: string, author: string, parents = [sha('p')]): CommitRecord {
  const files = FILES[name];
  return {
    ...(files !== undefined && { changedFiles: files.map((path) => ({ path, added, deleted: 0 })) }),
    sha: sha(name),
    parents,
    author: { name: author, email: `${author}@example.com` },
    authoredAt: `${day}T10:00:00Z`,
    committedAt: `${day}T10:00:00Z`,
    subject: name,
    attribution: tools.length > 0 ? { ai: true, tools: tools.map(tool), confidence: 'high' } : { ai: false, tools: [], confidence: undefined },
    added,
    deleted: 0,
    files: files?.length ?? 1,
  };
}

// Human: h1 (band 0), h4 (band 2), h7 (band 0), h8 (band 1); AI: a2 claude (1), a3 claude+copilot (3),
// a6 copilot (4), a9 cursor (1); m5 is a merge, not a change.
const COMMITS = [
  commit('h1', [], 5, '2025-01-10', 'ada'),
  commit('a2', ['claude-code'], 30, '2025-01-11', 'bob'),
  commit('a3', ['claude-code', 'copilot'], 300, '2025-02-01', 'bob'),
  commit('h4', [], 60, '2025-02-02', 'ada'),
  commit('m5', [], 0, '2025-02-03', 'ada', [sha('a3'), sha('h4')]),
  commit('a6', ['copilot'], 2000, '2025-02-04', 'cy'),
  commit('h7', [], 0, '2025-02-05', 'cy'),
  commit('h8', [], 20, '2025-01-12', 'ada'),
  commit('a9', ['cursor'], 15, '2025-01-13', 'bob'),
];

const deployment = (service: string, day: string, status: 'success' | 'failure' | 'pending', head: string) => ({
  repository: REPO,
  environment: 'prod',
  service,
  sha: sha(head),
  startedAt: `${day}T12:00:00Z`,
  status,
});

/**
 * D1 checkout (h1, a2), linked to SEV1 I1; D2 checkout failed (a3, h4, m5); D3 search (h7); D4 search
 * pending (a6). I2 (SEV3) links h7, I3 (P2, open) links a6. Labels: a3 reverted and bug-introducing,
 * h4 bug-introducing. D1 is recorded before its commits are ingested, the others after.
 */
async function seed(store: Store): Promise<void> {
  const d1 = await store.recordDeployment(deployment('checkout-api', '2025-01-20', 'success', 'a2'), [sha('h1'), sha('a2')]);
  await store.importCommits(REPO, COMMITS);
  await store.recordDeployment(deployment('checkout-api', '2025-02-20', 'failure', 'm5'), [sha('a3'), sha('h4'), sha('m5')]);
  await store.recordDeployment(deployment('search', '2025-02-21', 'success', 'h7'), [sha('h7')]);
  await store.recordDeployment(deployment('search', '2025-02-22', 'pending', 'a6'), [sha('a6')]);
  const incident = async (key: string, severity: string, startedAt: string, resolvedAt?: string): Promise<number> =>
    (await store.upsertIncident({ source: 'pagerduty', key, title: key, severity, services: [], startedAt, ...(resolvedAt !== undefined && { resolvedAt }) })).id;
  const i1 = await incident('I1', 'SEV1', '2025-01-21T00:00:00Z', '2025-01-21T02:00:00Z');
  const i2 = await incident('I2', 'SEV3', '2025-02-23T00:00:00Z', '2025-02-23T00:30:00Z');
  const i3 = await incident('I3', 'P2', '2025-02-24T00:00:00Z');
  await store.linkIncident({ incident: i1, target: { deployment: d1.id }, method: 'deploy-window', confidence: 'medium', evidence: '' });
  await store.linkIncident({ incident: i2, target: { repository: REPO, sha: sha('h7') }, method: 'root-cause', confidence: 'high', evidence: '' });
  await store.linkIncident({ incident: i3, target: { repository: REPO, sha: sha('a6') }, method: 'root-cause', confidence: 'high', evidence: '' });
  await store.labelCommit({ repository: REPO, sha: sha('a3'), label: 'reverted', method: 'revert-message', evidence: '' });
  await store.labelCommit({ repository: REPO, sha: sha('a3'), label: 'bug-introducing', method: 'szz', evidence: '' });
  await store.labelCommit({ repository: REPO, sha: sha('h4'), label: 'bug-introducing', method: 'szz', evidence: '' });
}

const WEIGHTS = new Map([
  ['P2', 4],
  ['SEV1', 8],
  ['SEV3', 2],
]);

/** Rows as compact tuples: [group, ai, band, changes, failed, weight]. */
const changes = async (store: Store, query: InsightQuery): Promise<unknown[][]> =>
  (await store.insightAggregates({ severityWeights: WEIGHTS, ...query })).changes.map((c) => [c.group, c.ai, c.band, c.changes, c.failed, c.weight]);
const deployments = async (store: Store, query: InsightQuery): Promise<unknown[][]> =>
  (await store.insightAggregates({ severityWeights: WEIGHTS, ...query })).deployments.map((d) => [d.group, d.ai, d.deployments, d.failed]);
const incidents = async (store: Store, query: InsightQuery): Promise<unknown[][]> =>
  (await store.insightAggregates({ severityWeights: WEIGHTS, ...query })).incidents.map((i) => [i.incident, i.group, i.ai, i.severity, i.startedAt, i.resolvedAt]);

describe('size bands', () => {
  it('are the insights bands', () => {
    expect(SIZE_BAND_LIMITS).toEqual(SIZE_BANDS.slice(0, -1).map((band) => band.max));
    expect([0, 10, 11, 50, 51, 200, 201, 1000, 1001].map(sizeBandIndex)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4]);
  });
});

describe.each([sqliteBackend, postgresBackend])('insights readers on $name', (backend) => {
  let connection: LedgerConnection;
  let store: Store;
  let ids: { i1: number; i2: number; i3: number };

  beforeAll(async () => {
    connection = await backend.connect();
    store = new KyselyStore(connection.db);
    await seed(store);
    const id = async (key: string): Promise<number> => (await store.incident('pagerduty', key))!.id;
    ids = { i1: await id('I1'), i2: await id('I2'), i3: await id('I3') };
  });

  afterAll(async () => {
    if (connection === undefined) return;
    await backend.remove(connection);
    await connection.db.destroy();
  });

  it('counts changes by attribution and band, failures with their heaviest severity, merges left out', async () => {
    expect(await changes(store, {})).toEqual([
      [null, false, 0, 2, 2, 10], // h1 (I1 through D1: SEV1, 8), h7 (I2: SEV3, 2)
      [null, false, 1, 1, 0, 0], // h8
      [null, false, 2, 1, 1, 1], // h4 (bug-introducing)
      [null, true, 1, 2, 1, 8], // a2 (I1), a9
      [null, true, 3, 1, 1, 1], // a3 (reverted and bug-introducing: once)
      [null, true, 4, 1, 1, 4], // a6 (I3: P2, 4)
    ]);
  });

  it('weighs every severity 1 when given no weights', async () => {
    const weights = (await store.insightAggregates({})).changes.map((c) => c.weight);
    expect(weights).toEqual([2, 0, 1, 1, 1, 1]);
  });

  it('counts deployments by whether they shipped an AI-assisted change, whichever was recorded first; pending ones left out', async () => {
    expect(await deployments(store, {})).toEqual([
      [null, false, 1, 0], // D3
      [null, true, 2, 2], // D1 (linked to I1; its commits came after it), D2 (failure)
    ]);
  });

  it('lists the incidents linked to changes, once per attribution', async () => {
    expect(await incidents(store, {})).toEqual([
      [ids.i1, null, false, 'SEV1', '2025-01-21T00:00:00.000Z', '2025-01-21T02:00:00.000Z'],
      [ids.i1, null, true, 'SEV1', '2025-01-21T00:00:00.000Z', '2025-01-21T02:00:00.000Z'],
      [ids.i2, null, false, 'SEV3', '2025-02-23T00:00:00.000Z', '2025-02-23T00:30:00.000Z'],
      [ids.i3, null, true, 'P2', '2025-02-24T00:00:00.000Z', undefined],
    ]);
  });

  it('keeps to the window: changes by commit time, deployments by start', async () => {
    const february = { since: '2025-02-01', until: '2025-03-01' };
    expect(await changes(store, february)).toEqual([
      [null, false, 0, 1, 1, 2],
      [null, false, 2, 1, 1, 1],
      [null, true, 3, 1, 1, 1],
      [null, true, 4, 1, 1, 4],
    ]);
    expect(await deployments(store, february)).toEqual([
      [null, false, 1, 0],
      [null, true, 1, 1],
    ]);
    expect((await incidents(store, february)).map((row) => row.slice(0, 3))).toEqual([
      [ids.i2, null, false],
      [ids.i3, null, true],
    ]);
  });

  it('groups by month', async () => {
    const query: InsightQuery = { grouping: { by: 'month' } };
    expect(await changes(store, query)).toEqual([
      ['2025-01', false, 0, 1, 1, 8],
      ['2025-01', false, 1, 1, 0, 0],
      ['2025-01', true, 1, 2, 1, 8],
      ['2025-02', false, 0, 1, 1, 2],
      ['2025-02', false, 2, 1, 1, 1],
      ['2025-02', true, 3, 1, 1, 1],
      ['2025-02', true, 4, 1, 1, 4],
    ]);
    expect(await deployments(store, query)).toEqual([
      ['2025-01', true, 1, 1],
      ['2025-02', false, 1, 0],
      ['2025-02', true, 1, 1],
    ]);
  });

  it('groups by tool: a change of two tools in each, human changes and deployments without AI in the group null', async () => {
    const query: InsightQuery = { grouping: { by: 'tool' } };
    expect(await changes(store, query)).toEqual([
      [null, false, 0, 2, 2, 10],
      [null, false, 1, 1, 0, 0],
      [null, false, 2, 1, 1, 1],
      ['claude-code', true, 1, 1, 1, 8],
      ['claude-code', true, 3, 1, 1, 1],
      ['copilot', true, 3, 1, 1, 1],
      ['copilot', true, 4, 1, 1, 4],
      ['cursor', true, 1, 1, 0, 0],
    ]);
    expect(await deployments(store, query)).toEqual([
      [null, false, 1, 0],
      ['claude-code', true, 2, 2],
      ['copilot', true, 1, 1],
    ]);
    expect((await incidents(store, query)).map((row) => row.slice(0, 3))).toEqual([
      [ids.i1, null, false],
      [ids.i1, 'claude-code', true],
      [ids.i2, null, false],
      [ids.i3, 'copilot', true],
    ]);
  });

  it('groups by the services changes were deployed to', async () => {
    const query: InsightQuery = { grouping: { by: 'service' } };
    expect(await changes(store, query)).toEqual([
      ['checkout-api', false, 0, 1, 1, 8],
      ['checkout-api', false, 2, 1, 1, 1],
      ['checkout-api', true, 1, 1, 1, 8],
      ['checkout-api', true, 3, 1, 1, 1],
      ['search', false, 0, 1, 1, 2],
    ]);
    expect(await deployments(store, query)).toEqual([
      ['checkout-api', true, 2, 2],
      ['search', false, 1, 0],
    ]);
  });

  it('groups by authors: each author in each of its groups, deployments in the groups of their head commit\'s author', async () => {
    const groups = [
      { email: 'ada@example.com', group: 'platform' },
      { email: 'bob@example.com', group: 'platform' },
      { email: 'bob@example.com', group: 'web' },
      { email: 'cy@example.com', group: 'web' },
    ];
    const query: InsightQuery = { grouping: { by: 'author', groups } };
    expect(await changes(store, query)).toEqual([
      ['platform', false, 0, 1, 1, 8],
      ['platform', false, 1, 1, 0, 0],
      ['platform', false, 2, 1, 1, 1],
      ['platform', true, 1, 2, 1, 8],
      ['platform', true, 3, 1, 1, 1],
      ['web', false, 0, 1, 1, 2],
      ['web', true, 1, 2, 1, 8],
      ['web', true, 3, 1, 1, 1],
      ['web', true, 4, 1, 1, 4],
    ]);
    // D1's head a2 is bob's (platform, web), D2's head m5 ada's (platform), D3's head h7 cy's (web).
    expect(await deployments(store, query)).toEqual([
      ['platform', true, 2, 2],
      ['web', false, 1, 0],
      ['web', true, 1, 1],
    ]);
    expect((await incidents(store, query)).map((row) => row.slice(0, 3))).toEqual([
      [ids.i1, 'platform', false],
      [ids.i1, 'platform', true],
      [ids.i1, 'web', true],
      [ids.i2, 'web', false],
      [ids.i3, 'web', true],
    ]);
    expect(await store.insightAggregates({ grouping: { by: 'author', groups: [] } })).toEqual({ changes: [], deployments: [], incidents: [] });
  });

  it('lists severities and author emails', async () => {
    expect(await store.incidentSeverities()).toEqual(['P2', 'SEV1', 'SEV3']);
    expect(await store.authorEmails()).toEqual(['ada@example.com', 'bob@example.com', 'cy@example.com']);
  });

  // Zones as path groups: docs/pay.md is in two; a6 (tools/build.sh) is in none, a9 has no files stored.
  const zones = [
    { path: 'services/cart/cart.ts', group: 'cart' },
    { path: 'services/payments/pay.ts', group: 'payments' },
    { path: 'services/payments/refund.ts', group: 'payments' },
    { path: 'docs/pay.md', group: 'payments' },
    { path: 'docs/pay.md', group: 'docs' },
    { path: 'docs/readme.md', group: 'docs' },
    { path: 'services/search/index.ts', group: 'search' },
    // Changed by no commit, and named twice.
    { path: 'services/payments/unused.ts', group: 'payments' },
    { path: 'services/payments/unused.ts', group: 'payments' },
  ];

  it('groups by the paths changes changed: a change in each of its groups once, one in no group in none', async () => {
    const query: InsightQuery = { grouping: { by: 'path', groups: zones } };
    expect(await changes(store, query)).toEqual([
      ['cart', false, 0, 1, 1, 8], // h1 (I1 through D1)
      ['cart', true, 1, 1, 1, 8], // a2 (I1 through D1)
      ['docs', false, 1, 1, 0, 0], // h8
      ['docs', true, 3, 1, 1, 1], // a3 (labels)
      ['payments', false, 2, 1, 1, 1], // h4 (label)
      ['payments', true, 1, 1, 1, 8], // a2: two of its files are in payments, counted once
      ['payments', true, 3, 1, 1, 1], // a3
      ['search', false, 0, 1, 1, 2], // h7 (I2)
    ]);
    // D1 shipped h1 and a2, D2 a3, h4 and the merge m5, D3 h7; D4 is pending.
    expect(await deployments(store, query)).toEqual([
      ['cart', true, 1, 1],
      ['docs', true, 1, 1],
      ['payments', true, 2, 2],
      ['search', false, 1, 0],
    ]);
    // I3 is linked to a6 alone, in no group.
    expect((await incidents(store, query)).map((row) => row.slice(0, 3))).toEqual([
      [ids.i1, 'cart', false],
      [ids.i1, 'cart', true],
      [ids.i1, 'payments', true],
      [ids.i2, 'search', false],
    ]);
    expect(await store.insightAggregates({ grouping: { by: 'path', groups: [] } })).toEqual({ changes: [], deployments: [], incidents: [] });
  });

  it('takes any number of path groups, inside a transaction too', async () => {
    const query: InsightQuery = { grouping: { by: 'path', groups: zones } };
    const expected = await store.insightAggregates(query);
    // 25,000 more pairs than one statement's parameters could carry, on paths no commit changed: three batches.
    const many = [...zones, ...Array.from({ length: 25_000 }, (_, i) => ({ path: `filler/${i}.ts`, group: 'payments' }))];
    expect(await store.insightAggregates({ grouping: { by: 'path', groups: many } })).toEqual(expected);
    expect(await store.transaction((trx) => trx.insightAggregates(query))).toEqual(expected);
    // The temporary table went with each run: the store reads as before.
    expect(await store.insightAggregates(query)).toEqual(expected);
  });

  it('lists the changed paths and counts the changes without files', async () => {
    expect(await store.changedPaths()).toEqual(['docs/pay.md', 'docs/readme.md', 'services/cart/cart.ts', 'services/payments/pay.ts', 'services/payments/refund.ts', 'services/search/index.ts', 'tools/build.sh']);
    // a9 (the merge m5 is not a change).
    expect(await store.changesWithoutFiles()).toBe(1);
    expect(await store.changesWithoutFiles({ since: '2025-02-01' })).toBe(0);
    expect(await store.changesWithoutFiles({ until: '2025-01-14' })).toBe(1);
  });

  it('fills the new columns and tables for a ledger made before migration 0002', async () => {
    const { db, dialect } = connection;
    const before = await changes(store, {});
    const deploymentsBefore = await deployments(store, {});
    // Back to the ledger of 0001, with the rows it held; then 0002 again.
    await sql`drop index commits_for_insights`.execute(db);
    await sql`drop index commits_for_links`.execute(db);
    await sql`drop index commits_by_author`.execute(db);
    await sql`drop table commit_tools`.execute(db);
    await sql`alter table commits drop column is_merge`.execute(db);
    await sql`alter table commits drop column size_band`.execute(db);
    await sql`alter table deployments drop column ai_changes`.execute(db);
    // 0003 came after it: undone too, so that the migrator runs them again in order.
    await sql`drop table commit_files`.execute(db);
    await sql`alter table repositories drop column files_missing`.execute(db);
    await sql`delete from ${sql.table(MIGRATION_TABLE)} where name in ('0002-insights', '0003-commit-files')`.execute(db);
    expect(await migrate(db, dialect)).toEqual([
      { name: '0002-insights', status: 'applied' },
      { name: '0003-commit-files', status: 'applied' },
    ]);
    expect(await changes(store, {})).toEqual(before);
    expect(await deployments(store, {})).toEqual(deploymentsBefore);
    const tools = await db.selectFrom('commit_tools').select(['sha', 'tool']).orderBy('sha').orderBy('tool').execute();
    expect(tools.map((row) => `${row.sha.slice(0, 2)} ${row.tool}`)).toEqual(['a2 claude-code', 'a3 claude-code', 'a3 copilot', 'a6 copilot', 'a9 cursor']);
    const merges = await db.selectFrom('commits').select('sha').where('is_merge', '=', 1).execute();
    expect(merges.map((row) => row.sha.slice(0, 2))).toEqual(['m5']);
  });
});
