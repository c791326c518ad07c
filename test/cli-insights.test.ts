import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { EXIT, run } from '../src/cli/run.js';
import { openStore } from '../src/ledger/open.js';
import type { CommitRecord, Store } from '../src/ledger/store.js';
import { createRepo, isolateGitConfig, type TestRepo } from './helpers/repo.js';

isolateGitConfig();

// The same ledger on both backends gives the same report, to the character. Postgres must be reachable.
const POSTGRES = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `blastwall_cli_insights_${process.pid}`;
const REPO = 'shop';

const sha = (prefix: 'a' | 'h', n: number): string => `${prefix}${String(n).padStart(39, '0')}`;
const tool = (id: string) => ({ tool: id, name: id, confidence: 'high' as const, evidence: [{ tool: id, kind: 'co-author' as const, text: `Co-Authored-By: ${id}`, confidence: 'high' as const }] });

/** AI change n: bob's, Claude Code's below 300, Copilot's from 300; one an hour from 1 February 2025. */
const aiCommit = (n: number): CommitRecord => ({
  sha: sha('a', n),
  parents: [],
  author: { name: 'Bob', email: 'bob@example.com' },
  authoredAt: new Date(Date.UTC(2025, 1, 1) + n * 3600_000).toISOString(),
  committedAt: new Date(Date.UTC(2025, 1, 1) + n * 3600_000).toISOString(),
  subject: `ai ${n}`,
  attribution: { ai: true, tools: [tool(n < 300 ? 'claude-code' : 'copilot')], confidence: 'high' },
  added: n % 2 === 0 ? 20 : 120,
  deleted: 1,
  files: 1,
});

/** Human change n: Ada's (even) or Cy's (odd), one every 40 minutes from 1 February 2025. */
const humanCommit = (n: number): CommitRecord => ({
  sha: sha('h', n),
  parents: [],
  author: n % 2 === 0 ? { name: 'Ada', email: 'ada@example.com' } : { name: 'Cy', email: 'cy@example.com' },
  authoredAt: new Date(Date.UTC(2025, 1, 1) + n * 2400_000).toISOString(),
  committedAt: new Date(Date.UTC(2025, 1, 1) + n * 2400_000).toISOString(),
  subject: `human ${n}`,
  attribution: { ai: false, tools: [], confidence: undefined },
  added: n % 4 === 0 ? 120 : 20,
  deleted: 1,
  files: 1,
});

/**
 * 12 of 400 AI-assisted changes failed (a0 and a1 by incidents, a2-a9 and Copilot's a300-a301
 * labelled), 20 of 1,600 others (h0 and h1 shipped by a deployment linked to a SEV1, h2-h19
 * labelled). Deployments: D1 (a0, a1) and D4 (a2) AI-assisted and fine; D2 (h0, h1) linked to the
 * SEV1, D3 (h2) failed.
 */
async function seed(store: Store): Promise<void> {
  await store.importCommits(REPO, [...Array.from({ length: 400 }, (_, n) => aiCommit(n)), ...Array.from({ length: 1600 }, (_, n) => humanCommit(n))]);
  const deploy = (service: string, day: number, status: 'success' | 'failure', shas: string[]) =>
    store.recordDeployment({ repository: REPO, environment: 'prod', service, sha: shas[shas.length - 1]!, startedAt: `2025-02-0${day}T12:00:00Z`, status }, shas);
  await deploy('checkout-api', 2, 'success', [sha('a', 0), sha('a', 1)]);
  const d2 = await deploy('checkout-api', 3, 'success', [sha('h', 0), sha('h', 1)]);
  await deploy('search', 4, 'failure', [sha('h', 2)]);
  await deploy('search', 5, 'success', [sha('a', 2)]);
  const incident = async (key: string, severity: string, minutes: number) =>
    (
      await store.upsertIncident({
        source: 'pagerduty',
        key,
        title: key,
        severity,
        services: [],
        startedAt: '2025-03-01T10:00:00Z',
        resolvedAt: new Date(Date.parse('2025-03-01T10:00:00Z') + minutes * 60_000).toISOString(),
      })
    ).id;
  const link = { method: 'root-cause', confidence: 'high' as const, evidence: '' };
  await store.linkIncident({ ...link, incident: await incident('INC-1', 'SEV2', 45), target: { repository: REPO, sha: sha('a', 0) } });
  await store.linkIncident({ ...link, incident: await incident('INC-2', 'SEV1', 90), target: { deployment: d2.id } });
  await store.linkIncident({ ...link, incident: await incident('INC-3', 'SEV3', 180), target: { repository: REPO, sha: sha('a', 1) } });
  const label = (which: string) => store.labelCommit({ repository: REPO, sha: which, label: 'bug-introducing', method: 'szz', evidence: '' });
  for (let n = 2; n <= 9; n++) await label(sha('a', n));
  for (const n of [300, 301]) await label(sha('a', n));
  for (let n = 2; n <= 19; n++) await label(sha('h', n));
}

const POLICY = `people:
  ada: { emails: [ada@example.com] }
  bob: { emails: [bob@example.com] }
  cy: { emails: [cy@example.com] }
teams:
  platform: { members: [ada, bob] }
  web: { members: [cy] }
`;

async function blastwall(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTTY: false, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const VERDICT =
  'AI-assisted changes fail more often than the others. ' +
  'AI-assisted changes failed in 12 of 400 (3.0%), the other changes in 20 of 1,600 (1.3%): a relative risk of 2.40 (95% CI 1.18–4.87). ' +
  "Fisher's exact test: p = 0.016 one-sided (AI higher), p = 0.023 two-sided. Probability that the AI failure rate is higher: 99.2%.";

describe.each([
  ['SQLite', 'sqlite:ledger.db'],
  ['Postgres', `${POSTGRES}?schema=${SCHEMA}`],
] as const)('blastwall insights on %s', (_name, database) => {
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'blastwall-cli-insights-'));
    writeFileSync(join(root, 'blastwall.yml'), POLICY);
    let store: Store;
    try {
      store = await openStore({ root, database });
    } catch (error) {
      if (!database.startsWith('postgres')) throw error;
      throw new Error(`the Postgres tests need a server at 127.0.0.1:5432 (set BLASTWALL_TEST_DATABASE_URL for another): ${(error as Error).message}`, { cause: error });
    }
    try {
      await seed(store);
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    if (database.startsWith('postgres')) {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`drop schema if exists ${SCHEMA} cascade`);
      await client.end();
    }
  });

  const insights = (...args: string[]) => blastwall(['insights', '--database', database, ...args], root);

  it('prints the comparison as text', async () => {
    expect(await insights()).toEqual({ code: EXIT.ok, stderr: '', stdout: TEXT });
  });

  it('prints it as JSON', async () => {
    const { code, stdout } = await insights('--format', 'json');
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout);
    expect(report.overall.ai).toEqual({
      changes: 400,
      failedChanges: 12,
      failureShare: 0.03,
      severityWeightedRate: 16 / 400,
      deployments: 2,
      failedDeployments: 0,
      changeFailureRate: 0,
      incidents: 2,
      openIncidents: 0,
      timeToRestore: { count: 2, median: 112.5, p90: 166.5 },
    });
    expect(report.overall.other).toEqual({
      changes: 1600,
      failedChanges: 20,
      failureShare: 20 / 1600,
      severityWeightedRate: 34 / 1600,
      deployments: 2,
      failedDeployments: 2,
      changeFailureRate: 1,
      incidents: 1,
      openIncidents: 0,
      timeToRestore: { count: 1, median: 90, p90: 90 },
    });
    expect(report.overall.verdict.conclusion).toBe('ai-higher');
    expect(report.overall.verdict.text).toBe(`${VERDICT} ${ADJUSTED}`);
    expect(report.window).toEqual({ since: null, until: null });
    expect(report.by).toBeNull();
  });

  it('prints it as Markdown', async () => {
    expect((await insights('--format', 'markdown')).stdout).toBe(MARKDOWN);
  });

  it('repeats the comparison per tool against every human change', async () => {
    const { code, stdout } = await insights('--by', 'tool');
    expect(code).toBe(EXIT.ok);
    expect(stdout.slice(stdout.indexOf('By tool'))).toBe(BY_TOOL);
  });

  it('repeats it per team of blastwall.yml', async () => {
    const { stdout } = await insights('--by', 'team', '--format', 'json');
    const report = JSON.parse(stdout);
    expect(report.groups.map((g: { group: string; ai: { changes: number; failedChanges: number }; other: { changes: number; failedChanges: number } }) => [g.group, g.ai.changes, g.ai.failedChanges, g.other.changes, g.other.failedChanges])).toEqual([
      ['platform', 400, 12, 800, 10],
      ['web', 0, 0, 800, 10],
    ]);
  });

  it('repeats it per month and keeps to --since and --until', async () => {
    const { stdout } = await insights('--by', 'month', '--since', '2025-02-10', '--until', '2025-03-10T00:00:00Z', '--format', 'json');
    const report = JSON.parse(stdout);
    expect(report.window).toEqual({ since: '2025-02-10T00:00:00.000Z', until: '2025-03-10T00:00:00.000Z' });
    expect([report.overall.ai.changes, report.overall.other.changes]).toEqual([400 - 216, 1332 - 324]);
    expect(report.groups.map((g: { group: string; ai: { changes: number }; other: { changes: number } }) => [g.group, g.ai.changes, g.other.changes])).toEqual([
      ['2025-02', 184, 684],
      ['2025-03', 0, 324],
    ]);
  });

  it('reads the database from BLASTWALL_DATABASE_URL when --database is absent', async () => {
    const before = process.env.BLASTWALL_DATABASE_URL;
    process.env.BLASTWALL_DATABASE_URL = database;
    try {
      expect((await blastwall(['insights'], root)).stdout).toBe(TEXT);
    } finally {
      if (before === undefined) delete process.env.BLASTWALL_DATABASE_URL;
      else process.env.BLASTWALL_DATABASE_URL = before;
    }
  });
});

const ZONES_POLICY = `services:
  billing: { paths: ['services/billing/**'] }
zones:
  payments: { paths: ['services/payments/**'], criticality: critical }
  checkout: { paths: ['services/payments/checkout/**'], criticality: high }
  identity: { services: [auth], criticality: high }
  billing: { services: [billing], criticality: normal }
  docs: { paths: ['*.md'], criticality: low }
`;

// auth is a service of the Backstage catalog alone: its folder.
const AUTH_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: auth }
spec: { type: service, owner: team-identity, lifecycle: production }
`;

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

describe.each([
  ['SQLite', 'sqlite:.blastwall/zones.db'],
  ['Postgres', `${POSTGRES}?schema=${SCHEMA}_zones`],
] as const)('blastwall insights --by zone on %s', (_name, database) => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};

  /**
   * A real history, ingested: c1 human (README.md, the auth catalog), c2 AI (payments), c3 human
   * (payments, and checkout inside it), c4 AI (checkout), c5 human (auth's folder), c6 AI (tools/, in
   * no zone), c7 human (billing, a declared service), c8 the revert of c4 (labels it reverted). Then a
   * failed deployment of c3 and c4, an incident linked to c5, and a commit of another repository
   * stored without its files.
   */
  beforeAll(async () => {
    repo = createRepo();
    sha.c1 = repo.commit({ message: 'Initial', files: { 'blastwall.yml': ZONES_POLICY, 'README.md': '# Shop\n', 'services/auth/catalog-info.yaml': AUTH_CATALOG } });
    sha.c2 = repo.commit({ message: `Take payments\n\n${CLAUDE}\n`, files: { 'services/payments/pay.ts': 'export const pay = 1;\n' } });
    sha.c3 = repo.commit({ message: 'Cart', files: { 'services/payments/pay.ts': 'export const pay = 2;\n', 'services/payments/checkout/cart.ts': 'export const cart = 1;\n' } });
    sha.c4 = repo.commit({ message: `Cart totals\n\n${CLAUDE}\n`, files: { 'services/payments/checkout/cart.ts': 'export const cart = 2;\n' } });
    sha.c5 = repo.commit({ message: 'Login', files: { 'services/auth/login.ts': 'export const login = 1;\n' } });
    sha.c6 = repo.commit({ message: `Build script\n\n${CLAUDE}\n`, files: { 'tools/build.sh': 'echo build\n' } });
    sha.c7 = repo.commit({ message: 'Invoices', files: { 'services/billing/invoice.ts': 'export const invoice = 1;\n' } });
    repo.git(['revert', '--no-edit', sha.c4]);
    const ingested = await blastwall(['ingest', '--name', 'shop', '--database', database, '--format', 'json'], repo.dir);
    expect(ingested.code).toBe(EXIT.ok);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ commits: { inserted: 8, present: 0, files: 11 }, labels: { reverted: 1 } });
    const store = await openStore({ root: repo.dir, database });
    try {
      await store.recordDeployment({ repository: 'shop', environment: 'prod', service: 'shop-api', sha: sha.c4, startedAt: '2025-02-01T12:00:00Z', status: 'failure' }, [sha.c3, sha.c4]);
      const { id } = await store.upsertIncident({ source: 'pagerduty', key: 'LOGIN', title: 'Login fails', severity: 'SEV2', services: [], startedAt: '2025-02-02T10:00:00Z' });
      await store.linkIncident({ incident: id, target: { repository: 'shop', sha: sha.c5 }, method: 'root-cause', confidence: 'high', evidence: '' });
      await store.importCommits('legacy', [{ ...humanCommit(1), files: 2 }]);
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    repo.remove();
    if (database.startsWith('postgres')) {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`drop schema if exists ${SCHEMA}_zones cascade`);
      await client.end();
    }
  });

  const insights = (...args: string[]) => blastwall(['insights', '--by', 'zone', '--database', database, ...args], repo.dir);

  it('repeats the comparison per zone: overlapping zones, a zone of a declared and one of a Backstage service, a change in no zone', async () => {
    const { code, stdout } = await insights('--format', 'json');
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout);
    expect(report.by).toBe('zone');
    // c6 is in no zone, nor is the legacy commit: they count in the overall comparison only.
    expect([report.overall.ai.changes, report.overall.other.changes]).toEqual([3, 6]);
    type Group = { group: string; ai: Figures; other: Figures };
    type Figures = { changes: number; failedChanges: number; deployments: number; failedDeployments: number; incidents: number };
    const figures = (side: Figures) => [side.changes, side.failedChanges, side.deployments, side.failedDeployments, side.incidents];
    expect(report.groups.map((g: Group) => [g.group, ...figures(g.ai), ...figures(g.other)])).toEqual([
      ['billing', 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], // c7
      ['checkout', 1, 1, 1, 1, 0, 2, 0, 0, 0, 0], // c4 (reverted); c3, c8; the deployment of c3 and c4
      ['docs', 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], // c1
      ['identity', 0, 0, 0, 0, 0, 2, 1, 0, 0, 1], // c1 (the catalog file), c5 (the incident)
      ['payments', 2, 1, 1, 1, 0, 2, 0, 0, 0, 0], // c2, c4; c3, c8
    ]);
    expect(report.changesWithoutFiles).toBe(1);
  });

  it('prints the zones as text, with the changes it could not place', async () => {
    const { code, stdout } = await insights();
    expect(code).toBe(EXIT.ok);
    const section = stdout.slice(stdout.indexOf('By zone'));
    expect(section.slice(0, section.indexOf('\n\nbilling: '))).toBe(BY_ZONE);
    expect(section.split('\n').filter((line) => /^[a-z]+: /.test(line)).map((line) => line.slice(0, line.indexOf(':')))).toEqual(['billing', 'checkout', 'docs', 'identity', 'payments']);
    expect((await insights('--format', 'markdown')).stdout).toContain(`\n\n> ${BY_ZONE.slice(BY_ZONE.lastIndexOf('\n') + 1)}\n\n**billing**: `);
  });
});

const BY_ZONE = `By zone: AI-assisted changes against the other changes of the same zone
group     AI changes  AI share  other changes  other share  relative risk             size-adjusted  AI CFR  other CFR  conclusion
billing            0  —                     1         0.0%  —                         —              —       —          insufficient-data
checkout           1  100.0%                2         0.0%  4.50 (95% CI 0.32–63.94)  —              100.0%  —          insufficient-data
docs               0  —                     1         0.0%  —                         —              —       —          insufficient-data
identity           0  —                     2        50.0%  —                         —              —       —          insufficient-data
payments           2  50.0%                 2         0.0%  3.00 (95% CI 0.19–47.96)  —              100.0%  —          insufficient-data

1 change has no files in the ledger (stored before it kept them) and is in no zone: run blastwall ingest in its repository to fill them.`;

describe('blastwall insights input errors', () => {
  let root: string;
  beforeAll(() => void (root = mkdtempSync(join(tmpdir(), 'blastwall-cli-insights-'))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('asks for zones in blastwall.yml for --by zone', async () => {
    expect(await blastwall(['insights', '--by', 'zone', '--database', 'sqlite:ledger.db'], root)).toEqual({
      code: EXIT.input,
      stdout: '',
      stderr: 'blastwall: error: --by zone needs zones in blastwall.yml\nhint: list zones in blastwall.yml (each with paths, services or both, and a criticality), or pass --config\n',
    });
    // A policy with teams but no zones, named with --config.
    writeFileSync(join(root, 'teams.yml'), POLICY);
    expect((await blastwall(['insights', '--by', 'zone', '--config', join(root, 'teams.yml'), '--database', 'sqlite:ledger.db'], root)).code).toBe(EXIT.input);
  });

  it('rejects a time that is not one, and a window that ends before it starts', async () => {
    expect(await blastwall(['insights', '--since', 'last week', '--database', 'sqlite:ledger.db'], root)).toEqual({
      code: EXIT.input,
      stdout: '',
      stderr: 'blastwall: error: --since takes a date or an ISO 8601 time, not "last week"\nhint: write it as 2025-01-31 or 2025-01-31T12:00:00Z\n',
    });
    expect((await blastwall(['insights', '--since', '2025-03-01', '--until', '2025-02-01', '--database', 'sqlite:ledger.db'], root)).stderr).toBe(
      'blastwall: error: --since (2025-03-01) must be before --until (2025-02-01)\n',
    );
  });

  it('asks for teams in blastwall.yml for --by team', async () => {
    expect((await blastwall(['insights', '--by', 'team', '--database', 'sqlite:ledger.db'], root)).stderr).toBe(
      'blastwall: error: --by team needs teams in blastwall.yml\nhint: list people (with the emails they commit with) and teams in blastwall.yml, or pass --config\n',
    );
  });

  it('reads the repository\'s .blastwall/blastwall.db without a database named, from a subfolder too', async () => {
    const repo = createRepo();
    try {
      repo.commit({ message: 'initial\n', files: { 'src/a.ts': 'export const a = 1;\n' } });
      const store = await openStore({ root: repo.dir });
      await store.importCommits('shop', [humanCommit(1)]);
      await store.close();
      const before = process.env.BLASTWALL_DATABASE_URL;
      delete process.env.BLASTWALL_DATABASE_URL;
      try {
        const { code, stdout } = await blastwall(['insights', '--format', 'json'], join(repo.dir, 'src'));
        expect(code).toBe(EXIT.ok);
        expect(JSON.parse(stdout).overall.other.changes).toBe(1);
      } finally {
        if (before !== undefined) process.env.BLASTWALL_DATABASE_URL = before;
      }
    } finally {
      repo.remove();
    }
  });

  it('reads zones of declared services outside a repository, with a database named', async () => {
    writeFileSync(join(root, 'zones.yml'), ZONES_POLICY);
    const { code, stdout, stderr } = await blastwall(['insights', '--by', 'zone', '--config', join(root, 'zones.yml'), '--database', 'sqlite:zones.db', '--format', 'json'], root);
    expect([code, stderr]).toEqual([EXIT.ok, '']);
    expect(JSON.parse(stdout)).toMatchObject({ by: 'zone', groups: [], changesWithoutFiles: 0 });
  });

  it('reports an empty ledger without concluding', async () => {
    const { code, stdout } = await blastwall(['insights', '--database', 'sqlite:empty.db', '--format', 'json'], root);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).overall.verdict).toEqual({ conclusion: 'insufficient-data', text: 'Not enough data to conclude: there are no AI-assisted changes to compare with the 0 other changes.' });
  });
});

const ADJUSTED = 'Adjusted for change size, the relative risk is 2.40 (95% CI 1.15–5.01), about the same as unadjusted.';

const TEXT = `AI-assisted changes against the others: every change in the ledger

                            AI-assisted  other
changes                     400          1,600
failed changes              12           20
failure share               3.0%         1.3%
severity-weighted rate      0.040        0.021
deployments                 2            2
failed deployments          0            2
change failure rate (DORA)  0.0%         100.0%
incidents                   2            1
incidents still open        0            0
time to restore, median     1 h 53 min   1 h 30 min
time to restore, p90        2 h 47 min   1 h 30 min

statistic                                       value
relative risk of a failed change (AI / other)   2.40 (95% CI 1.18–4.87)
adjusted for lines added (Mantel–Haenszel)      2.40 (95% CI 1.15–5.01), over 2 of 5 bands
Fisher's exact test                             p = 0.016 one-sided (AI higher), p = 0.023 two-sided
probability that the AI failure rate is higher  99.2%

lines added  AI changes  AI failed  AI share  other changes  other failed  other share
1–10                  0          0  —                     0             0  —
11–50               200          6  3.0%              1,200            15  1.3%
51–200              200          6  3.0%                400             5  1.3%
201–1000              0          0  —                     0             0  —
>1000                 0          0  —                     0             0  —

Verdict: AI-assisted changes fail more often than the others. AI-assisted changes failed in 12 of 400 (3.0%), the other changes in 20 of 1,600 (1.3%): a relative risk of 2.40 (95% CI 1.18–4.87). Fisher's exact test: p = 0.016 one-sided (AI higher), p = 0.023 two-sided. Probability that the AI failure rate is higher: 99.2%. Adjusted for change size, the relative risk is 2.40 (95% CI 1.15–5.01), about the same as unadjusted.
`;

const MARKDOWN = `## AI-assisted changes and failures

Scope: every change in the ledger.

|  | AI-assisted | other |
| --- | --- | --- |
| changes | 400 | 1,600 |
| failed changes | 12 | 20 |
| failure share | 3.0% | 1.3% |
| severity-weighted rate | 0.040 | 0.021 |
| deployments | 2 | 2 |
| failed deployments | 0 | 2 |
| change failure rate (DORA) | 0.0% | 100.0% |
| incidents | 2 | 1 |
| incidents still open | 0 | 0 |
| time to restore, median | 1 h 53 min | 1 h 30 min |
| time to restore, p90 | 2 h 47 min | 1 h 30 min |

| statistic | value |
| --- | --- |
| relative risk of a failed change (AI / other) | 2.40 (95% CI 1.18–4.87) |
| adjusted for lines added (Mantel–Haenszel) | 2.40 (95% CI 1.15–5.01), over 2 of 5 bands |
| Fisher's exact test | p = 0.016 one-sided (AI higher), p = 0.023 two-sided |
| probability that the AI failure rate is higher | 99.2% |

| lines added | AI changes | AI failed | AI share | other changes | other failed | other share |
| --- | ---: | ---: | --- | ---: | ---: | --- |
| 1–10 | 0 | 0 | — | 0 | 0 | — |
| 11–50 | 200 | 6 | 3.0% | 1,200 | 15 | 1.3% |
| 51–200 | 200 | 6 | 3.0% | 400 | 5 | 1.3% |
| 201–1000 | 0 | 0 | — | 0 | 0 | — |
| >1000 | 0 | 0 | — | 0 | 0 | — |

> AI-assisted changes fail more often than the others. AI-assisted changes failed in 12 of 400 (3.0%), the other changes in 20 of 1,600 (1.3%): a relative risk of 2.40 (95% CI 1.18–4.87). Fisher's exact test: p = 0.016 one-sided (AI higher), p = 0.023 two-sided. Probability that the AI failure rate is higher: 99.2%. Adjusted for change size, the relative risk is 2.40 (95% CI 1.15–5.01), about the same as unadjusted.
`;

const BY_TOOL = `By tool: each tool’s AI-assisted changes against every human change
group        AI changes  AI share  other changes  other share  relative risk            size-adjusted  AI CFR  other CFR  conclusion
claude-code         300      3.3%          1,600         1.3%  2.67 (95% CI 1.26–5.64)           2.67  0.0%       100.0%  ai-higher
copilot             100      2.0%          1,600         1.3%  1.60 (95% CI 0.38–6.75)           1.60  —          100.0%  insufficient-data

claude-code: AI-assisted changes fail more often than the others. AI-assisted changes failed in 10 of 300 (3.3%), the other changes in 20 of 1,600 (1.3%): a relative risk of 2.67 (95% CI 1.26–5.64). Fisher's exact test: p = 0.013 one-sided (AI higher), p = 0.019 two-sided. Probability that the AI failure rate is higher: 99.4%. Adjusted for change size, the relative risk is 2.67 (95% CI 1.22–5.81), about the same as unadjusted.

copilot: Not enough data to conclude. AI-assisted changes failed in 2 of 100 (2.0%), the other changes in 20 of 1,600 (1.3%): a relative risk of 1.60 (95% CI 0.38–6.75), an interval too wide to tell no difference from a difference of 1.5 times or more. Fisher's exact test: p = 0.37 one-sided (AI higher), p = 0.37 two-sided. Probability that the AI failure rate is higher: 84.8%. Adjusted for change size, the relative risk is 1.60 (95% CI 0.37–6.88), about the same as unadjusted. To detect a relative risk of 1.60 against a failure rate of 1.3% with 80% power (α = 0.05, two-sided) takes about 4,461 changes in each group.
`;
