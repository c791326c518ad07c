import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/ledger/open.js';
import type { Store } from '../src/ledger/store.js';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

const POSTGRES = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each([
  ['SQLite', false],
  ['Postgres', true],
] as const)('blastwall incident open|resolve|link into %s', (_name, postgres) => {
  const schemas: string[] = [];
  let repo: TestRepo;
  let database: string | undefined;
  let culprit: string;

  beforeEach(() => {
    repo = createRepo();
    repo.commit({ message: 'init', files: { 'a.ts': 'export const a = 1;\n' } });
    culprit = repo.commit({ message: 'retry forever', files: { 'a.ts': 'export const a = 2;\n' } });
    repo.commit({ message: 'later', files: { 'b.ts': 'export const b = 1;\n' } });
    database = undefined;
    if (postgres) {
      schemas.push(`blastwall_incident_${process.pid}_${schemas.length + 1}`);
      database = `${POSTGRES}?schema=${schemas.at(-1)}`;
    }
  });
  afterEach(() => repo.remove());
  afterAll(async () => {
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  const withDatabase = () => (database ? ['--database', database] : []);
  const incident = (sub: string, ...args: string[]) => cli(['incident', sub, ...withDatabase(), ...args], { cwd: repo.dir });
  const ledger = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore({ root: repo.dir, database });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const open = (...extra: string[]) =>
    incident('open', '--key', 'INC-12', '--title', 'Checkout returns 502', '--severity', 'sev-1', '--service', 'checkout-api', '--service', 'cart-api', '--started', '2026-03-02T10:15:00+01:00', ...extra);
  const INC12 = { id: 1, source: 'manual', key: 'INC-12', title: 'Checkout returns 502', severity: 'SEV1', services: ['checkout-api', 'cart-api'], startedAt: '2026-03-02T09:15:00.000Z' };

  it('opens an incident, updates it under the same key keeping its start, and resolves it once', async () => {
    expect(open('--detected', '2026-03-02T09:20:00Z')).toEqual({ code: 0, stdout: 'opened incident INC-12 (manual, SEV1, checkout-api, cart-api), started 2026-03-02T09:15:00.000Z\n', stderr: '' });
    expect(await ledger((store) => store.incidents())).toEqual([{ ...INC12, detectedAt: '2026-03-02T09:20:00.000Z' }]);

    const before = Date.now();
    const opened = incident('open', '--key', 'OPS-7', '--source', 'opsgenie', '--title', 'Queue backlog', '--severity', 'P4', '--service', 'ledger-worker');
    expect(opened.stdout).toMatch(/^opened incident OPS-7 \(opsgenie, SEV4, ledger-worker\), started \d{4}-.*Z\n$/);
    const started = Date.parse((await ledger((store) => store.incident('opsgenie', 'OPS-7')))!.startedAt);
    expect(started).toBeGreaterThanOrEqual(before - 1000);
    expect(started).toBeLessThanOrEqual(Date.now());

    // Without --started, the start already known stays.
    const retitled = incident('open', '--key', 'INC-12', '--title', 'Checkout and cart return 502', '--severity', 'SEV2', '--service', 'checkout-api');
    expect(retitled.stdout).toBe('updated incident INC-12 (manual, SEV2, checkout-api), started 2026-03-02T09:15:00.000Z\n');

    expect(incident('resolve', '--key', 'INC-12', '--at', '2026-03-02T11:05:09Z')).toEqual({ code: 0, stdout: 'resolved incident INC-12 (manual, SEV2, checkout-api) at 2026-03-02T11:05:09.000Z\n', stderr: '' });
    expect(incident('resolve', '--key', 'INC-12').stdout).toBe('already resolved: incident INC-12 (manual, SEV2, checkout-api) at 2026-03-02T11:05:09.000Z\n');
    expect(await ledger((store) => store.incident('manual', 'INC-12'))).toEqual({
      ...INC12,
      title: 'Checkout and cart return 502',
      severity: 'SEV2',
      services: ['checkout-api'],
      detectedAt: '2026-03-02T09:20:00.000Z',
      resolvedAt: '2026-03-02T11:05:09.000Z',
    });
  });

  it('links an incident to a commit (root-cause) and to a deployment; the same link again is updated, not added', async () => {
    open();
    cli(['deploy', 'record', ...withDatabase(), '--name', 'shop', '--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--started', '2026-03-02T09:00:00Z'], { cwd: repo.dir });
    expect(incident('link', '--key', 'INC-12', '--name', 'shop', '--commit', 'HEAD~1', '--method', 'root-cause', '--evidence', 'post-mortem: the retry loop')).toEqual({
      code: 0,
      stdout: `linked incident INC-12 to commit ${culprit.slice(0, 12)} (root-cause, high)\n`,
      stderr: '',
    });
    expect(incident('link', '--key', 'INC-12', '--name', 'shop', '--deployment', '1', '--evidence', 'went out 15 minutes before').stdout).toBe('linked incident INC-12 to deployment 1 (manual, medium)\n');
    expect(incident('link', '--key', 'INC-12', '--name', 'shop', '--commit', culprit, '--method', 'root-cause', '--confidence', 'medium', '--evidence', 'bisected').stdout).toBe(
      `updated the link of incident INC-12 to commit ${culprit.slice(0, 12)} (root-cause, medium)\n`,
    );
    const links = await ledger((store) => store.linksOf(1));
    expect(links.map(({ id: _id, ...link }) => link)).toEqual([
      { incident: 1, target: { repository: 'shop', sha: culprit }, method: 'root-cause', confidence: 'medium', evidence: 'bisected' },
      { incident: 1, target: { deployment: 1 }, method: 'manual', confidence: 'medium', evidence: 'went out 15 minutes before' },
    ]);
  });

  it('rejects an unknown key, a bad time and a bad severity with exit 2, writing nothing', async () => {
    expect(incident('resolve', '--key', 'INC-404')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: no incident INC-404 from source "manual" in the ledger\nhint: open it first with `blastwall incident open --key INC-404`, or name its --source\n',
    });
    expect(incident('link', '--key', 'INC-404', '--commit', 'HEAD', '--evidence', 'x').stderr).toContain('no incident INC-404 from source "manual"');
    expect(open('--detected', 'yesterday')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: --detected takes an ISO 8601 time with a zone, not "yesterday"\nhint: for example 2026-11-30T10:00:00Z or 2026-11-30T11:00:00+01:00\n',
    });
    expect(open('--detected', '2026-03-02T09:00:00Z')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: incident INC-12 cannot be detected at 2026-03-02T09:00:00.000Z, before it started (2026-03-02T09:15:00.000Z)\n',
    });
    expect(incident('open', '--key', 'X', '--title', 't', '--severity', 'critical', '--service', 's').stderr).toBe('blastwall: error: --severity takes SEV1 (worst) to SEV4, or P1 to P5, not "critical"\n');
    expect(await ledger((store) => store.incidents())).toEqual([]);
  });

  it('rejects a resolution before the start, another source, and links to nothing with exit 2, writing nothing', async () => {
    open();
    expect(incident('resolve', '--key', 'INC-12', '--at', '2026-03-02T09:00:00Z')).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be resolved at 2026-03-02T09:00:00.000Z, before it started') });
    expect(incident('resolve', '--key', 'INC-12', '--source', 'pagerduty').stderr).toContain('no incident INC-12 from source "pagerduty"');
    expect(incident('link', '--key', 'INC-12', '--deployment', '7', '--evidence', 'x')).toEqual({
      code: 2,
      stdout: '',
      stderr: `blastwall: error: no deployment 7 of ${repo.dir.split('/').at(-1)} in the ledger\nhint: the id is the one \`blastwall deploy record\` printed\n`,
    });
    expect(incident('link', '--key', 'INC-12', '--commit', 'HEAD', '--deployment', '1', '--evidence', 'x').stderr).toBe('blastwall: error: incident link takes one of --commit <rev> or --deployment <id>\n');
    expect(incident('link', '--key', 'INC-12', '--evidence', 'x').code).toBe(2);
    expect(incident('link', '--key', 'INC-12', '--commit', 'nope', '--evidence', 'x').stderr).toContain('unknown revision: nope');
    expect(incident('link', '--key', 'INC-12', '--deployment', 'one', '--evidence', 'x').stderr).toBe('blastwall: error: --deployment takes a deployment\'s id (a positive integer), not "one"\n');
    expect(await ledger((store) => store.incidents())).toEqual([INC12]);
    expect(await ledger((store) => store.linksOf(1))).toEqual([]);
  });
});
