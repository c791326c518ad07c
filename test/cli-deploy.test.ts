import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/ledger/open.js';
import type { Store } from '../src/ledger/store.js';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

const POSTGRES = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const short = (sha: string) => sha.slice(0, 12);
const sorted = (shas: readonly string[]) => [...shas].sort();
const at = (hour: number) => `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe.each([
  ['SQLite', false],
  ['Postgres', true],
] as const)('blastwall deploy record into %s', (_name, postgres) => {
  const schemas: string[] = [];
  let repo: TestRepo;
  let database: string | undefined;
  const sha: Record<string, string> = {};

  beforeEach(() => {
    repo = createRepo();
    for (const n of [1, 2, 3, 4, 5]) sha[`c${n}`] = repo.commit({ message: `change ${n}`, files: { [`f${n}.ts`]: `export const v = ${n};\n` } });
    database = undefined;
    if (postgres) {
      schemas.push(`blastwall_deploy_${process.pid}_${schemas.length + 1}`);
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

  const deploy = (...args: string[]) => cli(['deploy', 'record', '--name', 'shop', ...(database ? ['--database', database] : []), ...args], { cwd: repo.dir });
  const ledger = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore({ root: repo.dir, database });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const deployments = () => ledger((store) => store.deployments({ repository: 'shop' }));
  const row = (id: number, fields: { service?: string; sha: string; startedAt: string; commits: string[]; status?: string; previousSha?: string; finishedAt?: string }) => ({
    id,
    repository: 'shop',
    environment: 'prod',
    service: fields.service ?? 'checkout-api',
    sha: fields.sha,
    previousSha: fields.previousSha,
    startedAt: fields.startedAt,
    finishedAt: fields.finishedAt,
    status: fields.status ?? 'success',
    commits: sorted(fields.commits),
  });

  it('records the first deployment with its own commit only, the next with exactly the commits since; the same command again adds nothing', async () => {
    const first = deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD~3', '--started', '2026-03-02T01:00:00Z');
    expect(first).toEqual({ code: 0, stdout: `recorded deployment 1 of checkout-api to prod: ${short(sha.c2!)} (1 commit; what ran before is unknown)\n`, stderr: '' });
    const second = deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'main', '--started', '2026-03-02T03:00:00+01:00', '--finished', '2026-03-02T02:05:00Z');
    expect(second).toEqual({ code: 0, stdout: `recorded deployment 2 of checkout-api to prod: ${short(sha.c5!)} (3 commits since ${short(sha.c2!)})\n`, stderr: '' });
    const expected = [
      row(1, { sha: sha.c2!, startedAt: at(1), commits: [sha.c2!] }),
      row(2, { sha: sha.c5!, startedAt: at(2), finishedAt: '2026-03-02T02:05:00.000Z', commits: [sha.c3!, sha.c4!, sha.c5!] }),
    ];
    expect(await deployments()).toEqual(expected);

    const again = deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c5!, '--started', '2026-03-02T02:00:00Z');
    expect(again).toEqual({ code: 0, stdout: `already recorded deployment 2 of checkout-api to prod: ${short(sha.c5!)} (3 commits since ${short(sha.c2!)})\n`, stderr: '' });
    expect(await deployments()).toEqual(expected);
  });

  it('starts from the previous SUCCESSFUL deployment, or from --previous; a status reported again with the same start updates the deployment', async () => {
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c1!, '--started', at(1)).code).toBe(0);
    const failed = deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c3!, '--started', at(2), '--status', 'failure');
    expect(failed.stdout).toBe(`recorded deployment 2 of checkout-api to prod: ${short(sha.c3!)} (2 commits since ${short(sha.c1!)}), status failure\n`);
    // The failed one never ran: the next one ships everything since the last success.
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c4!, '--started', at(3), '--status', 'in_progress').stdout).toBe(
      `recorded deployment 3 of checkout-api to prod: ${short(sha.c4!)} (3 commits since ${short(sha.c1!)}), status in_progress\n`,
    );
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c4!, '--started', at(3), '--finished', '2026-03-02T03:10:00Z').stdout).toBe(
      `already recorded deployment 3 of checkout-api to prod: ${short(sha.c4!)} (3 commits since ${short(sha.c1!)})\n`,
    );
    const fourth = deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c5!, '--previous', 'HEAD~2', '--started', at(4));
    const stored = await deployments();
    // Postgres spends an id on every upsert, the ones that find their row too: the fourth row's id is read back.
    const id = stored[3]!.id;
    expect(fourth.stdout).toBe(`recorded deployment ${id} of checkout-api to prod: ${short(sha.c5!)} (2 commits since ${short(sha.c3!)})\n`);
    expect(stored).toEqual([
      row(1, { sha: sha.c1!, startedAt: at(1), commits: [sha.c1!] }),
      row(2, { sha: sha.c3!, startedAt: at(2), status: 'failure', commits: [sha.c2!, sha.c3!] }),
      row(3, { sha: sha.c4!, startedAt: at(3), finishedAt: '2026-03-02T03:10:00.000Z', commits: [sha.c2!, sha.c3!, sha.c4!] }),
      row(id, { sha: sha.c5!, startedAt: at(4), previousSha: sha.c3!, commits: [sha.c4!, sha.c5!] }),
    ]);
  });

  it('records one deployment per --service, each from its own previous deployment; other environments do not count', async () => {
    deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c2!, '--started', at(1));
    deploy('--env', 'staging', '--service', 'cart-api', '--sha', sha.c4!, '--started', at(1));
    const both = deploy('--env', 'prod', '--service', 'checkout-api', '--service', 'cart-api', '--sha', sha.c5!, '--started', at(2), '--format', 'json');
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout)).toEqual([
      { id: 3, created: true, commitsAdded: 3, environment: 'prod', service: 'checkout-api', sha: sha.c5, status: 'success', startedAt: at(2), since: sha.c2, commits: [sha.c5, sha.c4, sha.c3] },
      { id: 4, created: true, commitsAdded: 1, environment: 'prod', service: 'cart-api', sha: sha.c5, status: 'success', startedAt: at(2), commits: [sha.c5] },
    ]);
    expect((await deployments()).map((deployment) => [deployment.id, deployment.environment, deployment.service, deployment.commits.length])).toEqual([
      [1, 'prod', 'checkout-api', 1],
      [2, 'staging', 'cart-api', 1],
      [3, 'prod', 'checkout-api', 3],
      [4, 'prod', 'cart-api', 1],
    ]);
  });

  it('ships the commits of a merged branch with the merge', async () => {
    deploy('--env', 'prod', '--service', 'checkout-api', '--sha', sha.c5!, '--started', at(1));
    repo.git(['checkout', '-q', '-b', 'feature']);
    const f1 = repo.commit({ message: 'feature 1', files: { 'g1.ts': 'export const g = 1;\n' } });
    const f2 = repo.commit({ message: 'feature 2', files: { 'g2.ts': 'export const g = 2;\n' } });
    repo.git(['checkout', '-q', 'main']);
    const m1 = repo.commit({ message: 'main 1', files: { 'h.ts': 'export const h = 1;\n' } });
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'feature']);
    const merge = repo.git(['rev-parse', 'HEAD']).trim();
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--started', at(2)).stdout).toBe(
      `recorded deployment 2 of checkout-api to prod: ${short(merge)} (4 commits since ${short(sha.c5!)})\n`,
    );
    expect((await deployments())[1]!.commits).toEqual(sorted([f1, f2, m1, merge]));
  });

  it('rejects an unknown revision, a time without a zone and a finish before the start with exit 2, writing nothing', async () => {
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'no-such-rev')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: unknown revision: no-such-rev\nhint: check the name with `git log --oneline`\n',
    });
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--previous', 'v9')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown revision: v9') });
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--started', '2026-03-02 10:00')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: --started takes an ISO 8601 time with a zone, not "2026-03-02 10:00"\nhint: for example 2026-11-30T10:00:00Z or 2026-11-30T11:00:00+01:00\n',
    });
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--started', at(5), '--finished', at(4))).toEqual({
      code: 2,
      stdout: '',
      stderr: `blastwall: error: --finished (${at(4)}) is before the deployment started (${at(5)})\n`,
    });
    expect(deploy('--env', 'prod', '--service', 'checkout-api', '--sha', 'HEAD', '--status', 'done').code).toBe(2);
    expect(deploy('--env', 'prod', '--sha', 'HEAD').stderr).toBe("blastwall: error: required option '--service <name>' not specified\n(run with --help for usage)\n");
    expect(await deployments()).toEqual([]);
  });
});
