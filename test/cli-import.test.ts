import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRepository } from '../src/git/repository.js';
import { importers } from '../src/ledger/importers/index.js';
import { importRecords } from '../src/ledger/incidents-in.js';
import { openStore } from '../src/ledger/open.js';
import type { IncidentRecord, Store } from '../src/ledger/store.js';
import { cli } from './helpers/cli.js';
import { createRepo, isolateGitConfig, type TestRepo } from './helpers/repo.js';

isolateGitConfig();

const POSTGRES = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PAGERDUTY = readFileSync(new URL('../src/ledger/importers/fixtures/pagerduty-incidents.json', import.meta.url), 'utf8');
const UNKNOWN = 'f'.repeat(40);
const HEADER = 'kind,key,title,severity,services,started_at,detected_at,resolved_at,root_cause,environment,sha,previous_sha,status,finished_at';
const sorted = (shas: readonly string[]) => [...shas].sort();

describe.each([
  ['SQLite', false],
  ['Postgres', true],
] as const)('blastwall import into %s', (_name, postgres) => {
  const schemas: string[] = [];
  let repo: TestRepo;
  let database: string | undefined;
  const sha: Record<string, string> = {};

  beforeEach(() => {
    repo = createRepo();
    for (const n of [1, 2, 3, 4, 5]) sha[`c${n}`] = repo.commit({ message: `change ${n}`, files: { [`f${n}.ts`]: `export const v = ${n};\n` } });
    database = undefined;
    if (postgres) {
      schemas.push(`blastwall_import_${process.pid}_${schemas.length + 1}`);
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

  const importFile = (...args: string[]) => cli(['import', ...args, '--name', 'shop', ...(database ? ['--database', database] : [])], { cwd: repo.dir });
  const ledger = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore({ root: repo.dir, database });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const snapshot = () =>
    ledger(async (store) => {
      const incidents = await store.incidents();
      const links = [];
      for (const incident of incidents) links.push(...(await store.linksOf(incident.id)).map(({ id: _id, ...link }) => ({ ...link, incident: incident.key })));
      return { deployments: await store.deployments(), incidents: incidents.map(({ id: _id, ...incident }) => incident), links };
    });
  const deployment = (id: number, fields: { service: string; sha: string; startedAt: string; commits: string[]; status?: string; finishedAt?: string }) => ({
    id,
    repository: 'shop',
    environment: 'prod',
    previousSha: undefined,
    finishedAt: undefined,
    status: 'success',
    ...fields,
    commits: sorted(fields.commits),
  });

  it('imports deployments with the commits each shipped and incidents with their root cause, in one go; the same file again changes nothing', async () => {
    // Out of time order on purpose: each deployment must still find the one before it.
    repo.write(
      'events.csv',
      [
        HEADER,
        `deployment,,,,checkout-api;cart-api,2026-03-02T09:00:00Z,,,,prod,${sha.c5},,success,`,
        `deployment,,,,checkout-api,2026-03-02T08:00:00Z,,,,prod,${sha.c2},,,2026-03-02T08:05:00Z`,
        `deployment,,,,checkout-api,2026-03-02T09:30:00Z,,,,prod,${UNKNOWN},,failure,`,
        `incident,INC-101,"Checkout errors, then timeouts",SEV1,checkout-api,2026-03-02T09:40:00Z,2026-03-02T09:45:00Z,2026-03-02T10:30:00Z,${sha.c4!.slice(0, 7)},,,,,`,
        'incident,INC-102,Cart slow,P3,cart-api,2026-03-02T11:00:00+01:00,,,abcdef1,,,,,',
        '',
      ].join('\n'),
    );
    const warnings =
      `blastwall: warning: deployment of checkout-api to prod at 2026-03-02T09:30:00.000Z: commit ${UNKNOWN} is not in this repository; recorded without its commits\n` +
      'blastwall: warning: generic incident INC-102: root cause abcdef1 is not a commit of this repository; not linked\n';
    expect(importFile('generic', 'events.csv')).toEqual({
      code: 0,
      stdout: 'imported generic events.csv: 2 incidents (2 new), 4 deployments (4 new), 1 root-cause link (1 new)\n',
      stderr: warnings,
    });
    const expected = {
      deployments: [
        deployment(1, { service: 'checkout-api', sha: sha.c2!, startedAt: '2026-03-02T08:00:00.000Z', finishedAt: '2026-03-02T08:05:00.000Z', commits: [sha.c2!] }),
        deployment(2, { service: 'checkout-api', sha: sha.c5!, startedAt: '2026-03-02T09:00:00.000Z', commits: [sha.c3!, sha.c4!, sha.c5!] }),
        deployment(3, { service: 'cart-api', sha: sha.c5!, startedAt: '2026-03-02T09:00:00.000Z', commits: [sha.c5!] }),
        deployment(4, { service: 'checkout-api', sha: UNKNOWN, startedAt: '2026-03-02T09:30:00.000Z', status: 'failure', commits: [] }),
      ],
      incidents: [
        {
          source: 'generic',
          key: 'INC-101',
          title: 'Checkout errors, then timeouts',
          severity: 'SEV1',
          services: ['checkout-api'],
          startedAt: '2026-03-02T09:40:00.000Z',
          detectedAt: '2026-03-02T09:45:00.000Z',
          resolvedAt: '2026-03-02T10:30:00.000Z',
        },
        { source: 'generic', key: 'INC-102', title: 'Cart slow', severity: 'SEV3', services: ['cart-api'], startedAt: '2026-03-02T10:00:00.000Z' },
      ],
      links: [
        {
          incident: 'INC-101',
          target: { repository: 'shop', sha: sha.c4 },
          method: 'root-cause',
          confidence: 'high',
          evidence: `root cause ${sha.c4!.slice(0, 7)} named in generic incident INC-101`,
        },
      ],
    };
    expect(await snapshot()).toEqual(expected);

    expect(importFile('generic', 'events.csv')).toEqual({
      code: 0,
      stdout: 'imported generic events.csv: 2 incidents (0 new), 4 deployments (0 new), 1 root-cause link (0 new)\n',
      stderr: warnings,
    });
    expect(await snapshot()).toEqual(expected);
  });

  it('imports a PagerDuty export twice: 3 incidents, then none new', async () => {
    repo.write('incidents.json', PAGERDUTY);
    expect(importFile('pagerduty', 'incidents.json')).toEqual({ code: 0, stdout: 'imported pagerduty incidents.json: 3 incidents (3 new), 0 deployments\n', stderr: '' });
    const first = await snapshot();
    // In the order they started.
    expect(first.incidents.map((incident) => [incident.source, incident.key, incident.severity, incident.services])).toEqual([
      ['pagerduty', 'Q7TT2XYZ', 'SEV4', ['search-api']],
      ['pagerduty', 'Q1ZR0VU2', 'SEV1', ['checkout-api']],
      ['pagerduty', 'Q3LK9ABC', 'SEV3', ['payments-api']],
    ]);
    expect(importFile('pagerduty', 'incidents.json')).toEqual({ code: 0, stdout: 'imported pagerduty incidents.json: 3 incidents (0 new), 0 deployments\n', stderr: '' });
    expect(await snapshot()).toEqual(first);
  });

  it('counts an inactive GitHub deployment (replaced by a newer one) as one that ran; --default-service names unnamed ones', async () => {
    const status = (id: number, state: string, at: string) => ({ id, state, created_at: at });
    // Newest first, as GitHub lists them.
    const file = [
      { id: 3, sha: sha.c5, environment: 'prod', created_at: '2026-03-02T12:00:00Z', payload: {}, statuses: [status(31, 'success', '2026-03-02T12:04:00Z')] },
      { id: 2, sha: sha.c3, environment: 'prod', created_at: '2026-03-02T11:00:00Z', payload: { service: 'checkout-api' }, statuses: [status(21, 'success', '2026-03-02T11:03:00Z'), status(22, 'inactive', '2026-03-02T12:04:00Z')] },
      { id: 1, sha: sha.c1, environment: 'prod', created_at: '2026-03-02T10:00:00Z', payload: '{"service":"checkout-api"}', statuses: [status(11, 'success', '2026-03-02T10:02:00Z'), status(12, 'inactive', '2026-03-02T11:03:00Z')] },
    ];
    repo.write('deployments.json', JSON.stringify(file));
    expect(importFile('github-deployments', 'deployments.json').stderr).toContain('[0]: no service');
    expect(importFile('github-deployments', 'deployments.json', '--default-service', 'checkout-api')).toEqual({
      code: 0,
      stdout: 'imported github-deployments deployments.json: 0 incidents, 3 deployments (3 new)\n',
      stderr: '',
    });
    expect((await snapshot()).deployments).toEqual([
      deployment(1, { service: 'checkout-api', sha: sha.c1!, startedAt: '2026-03-02T10:00:00.000Z', finishedAt: '2026-03-02T10:02:00.000Z', status: 'inactive', commits: [sha.c1!] }),
      deployment(2, { service: 'checkout-api', sha: sha.c3!, startedAt: '2026-03-02T11:00:00.000Z', finishedAt: '2026-03-02T11:03:00.000Z', status: 'inactive', commits: [sha.c2!, sha.c3!] }),
      deployment(3, { service: 'checkout-api', sha: sha.c5!, startedAt: '2026-03-02T12:00:00.000Z', finishedAt: '2026-03-02T12:04:00.000Z', commits: [sha.c4!, sha.c5!] }),
    ]);
  });

  it('writes nothing from a file with a bad row, and says so; a missing file is exit 2', async () => {
    repo.write('incidents.json', PAGERDUTY);
    importFile('pagerduty', 'incidents.json');
    const before = await snapshot();
    repo.write('bad.csv', [HEADER, `deployment,,,,checkout-api,2026-03-02T08:00:00Z,,,,prod,${sha.c2},,,`, 'incident,INC-9,Broken,SEV2,checkout-api,yesterday,,,,,,,,', ''].join('\n'));
    expect(importFile('generic', 'bad.csv')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: bad.csv:3: started_at: expected an ISO 8601 time, got "yesterday"\nhint: nothing from the file was imported; docs/import.md describes the formats\n',
    });
    expect(importFile('opsgenie', 'missing.json')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: cannot read missing.json: no such file\nhint: nothing was imported\n' });
    expect(importFile('nagios', 'bad.csv')).toMatchObject({ code: 2, stderr: expect.stringContaining("'nagios' is invalid for argument 'kind'") });
    expect(await snapshot()).toEqual(before);
  });

  it('a failure half-way through the writes (in-process) leaves nothing: the deployments written before it are gone too', async () => {
    const csv = [HEADER, `deployment,,,,checkout-api,2026-03-02T08:00:00Z,,,,prod,${sha.c2},,,`, 'incident,INC-1,First,SEV2,checkout-api,2026-03-02T09:00:00Z,,,,,,,,', 'incident,INC-2,Second,SEV2,checkout-api,2026-03-02T10:00:00Z,,,,,,,,'];
    const records = importers.generic(csv.join('\n'), 'events.csv');
    const git = await openRepository(repo.dir);
    // The store of the transaction fails on the second incident, after a deployment and an incident were written.
    const failOnSecond = (store: Store): Store =>
      new Proxy(store, {
        get(target, property) {
          if (property === 'upsertIncident') return (incident: IncidentRecord) => (incident.key === 'INC-2' ? Promise.reject(new Error('connection lost')) : target.upsertIncident(incident));
          if (property === 'transaction') return <T>(work: (inner: Store) => Promise<T>) => target.transaction((inner) => work(failOnSecond(inner)));
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    await expect(ledger((store) => importRecords(git, failOnSecond(store), 'shop', records))).rejects.toThrow('connection lost');
    expect(await snapshot()).toEqual({ deployments: [], incidents: [], links: [] });
    expect(await ledger((store) => importRecords(git, store, 'shop', records))).toEqual({
      incidents: { total: 2, created: 2 },
      deployments: { total: 1, created: 1 },
      rootCauses: { total: 0, created: 0 },
      warnings: [],
    });
  });
});
