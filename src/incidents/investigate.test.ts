import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, isolateGitConfig, type TestRepo } from '../../test/helpers/repo.js';
import { openRepository } from '../git/repository.js';
import { ingestHistory } from '../ledger/ingest.js';
import { openStore } from '../ledger/open.js';
import type { Store } from '../ledger/store.js';
import { parseConfig } from '../policy/config.js';
import { createCatalog } from '../provenance/catalog.js';
import { investigate } from './investigate.js';
import { incidentMarkdown } from './report.js';

isolateGitConfig();

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

describe('investigating an incident from the ledger and git', () => {
  let repo: TestRepo;
  let store: Store;
  const sha: Record<string, string> = {};

  beforeAll(async () => {
    repo = createRepo();
    sha.base = repo.commit({ message: 'init', date: '2026-11-29T08:00:00Z', files: { 'services/checkout/cart.ts': "import { round } from '../../lib/money';\nexport const total = round;\n", 'lib/money.ts': 'export const round = Math.round;\n', 'services/search/index.ts': 'export const q = 1;\n' } });
    sha.money = repo.commit({ message: `Round to cents\n\n${CLAUDE}\n`, date: '2026-11-30T06:00:00Z', files: { 'lib/money.ts': 'export const round = (n: number) => Math.round(n * 100) / 100;\n' } });
    sha.search = repo.commit({ message: 'Tune search', date: '2026-11-30T09:00:00Z', files: { 'services/search/index.ts': 'export const q = 2;\n' } });
    sha.cart = repo.commit({ message: 'Cart tweak', date: '2026-11-30T11:00:00Z', files: { 'services/checkout/cart.ts': "import { round } from '../../lib/money';\nexport const total = (n: number) => round(n);\n" } });
    sha.revert = repo.commit({ message: `Revert "Round to cents"\n\nThis reverts commit ${sha.money}.\n`, date: '2026-11-30T12:30:00Z', files: { 'lib/money.ts': 'export const round = Math.round;\n' } });
    store = await openStore({ root: repo.dir });
    await ingestHistory(await openRepository(repo.dir), store, { name: 'shop', catalog: createCatalog() });
    const deploy = (service: string, startedAt: string, previous: string, head: string, commits: string[]) =>
      store.recordDeployment({ repository: 'shop', environment: 'prod', service, sha: head, previousSha: previous, startedAt, status: 'success' }, commits);
    await deploy('lib-money', '2026-11-30T07:00:00Z', sha.base!, sha.money!, [sha.money!]);
    await deploy('search', '2026-11-30T10:00:00Z', sha.money!, sha.search!, [sha.search!]);
    await deploy('checkout', '2026-11-30T11:30:00Z', sha.search!, sha.cart!, [sha.cart!]);
    await store.upsertIncident({ source: 'manual', key: 'INC-1', title: 'Checkout totals wrong', severity: 'SEV1', services: ['checkout'], startedAt: '2026-11-30T12:00:00Z', resolvedAt: '2026-11-30T13:15:00Z' });
    await store.appendAudit([{ kind: 'decision', at: '2026-11-30T05:59:00Z', actor: 'ci', head: sha.money!, change: 'pr:3', data: { verdict: 'pass', summary: 'pass: no rule asks for more' } }]);
  });
  afterAll(async () => {
    await store.close();
    repo.remove();
  });

  it('ranks the reverted AI commit first, then the deployments that reach checkout; the search deployment is no suspect', async () => {
    const config = parseConfig(`services:\n  checkout: { paths: ["services/checkout/**"], criticality: critical }\n  lib-money: { paths: ["lib/**"] }\n  search: { paths: ["services/search/**"] }\n`);
    const result = await investigate(store, await openRepository(repo.dir), { repository: 'shop', key: 'INC-1', config });
    expect(result.suspects.map((s) => [s.rank, s.kind, s.sha, s.confidence, s.ai.commits])).toEqual([
      [1, 'commit', sha.money, 'high', 1],
      [2, 'deployment', sha.cart, 'low', 0],
      [3, 'deployment', sha.money, 'low', 1],
    ]);
    expect(result.suspects[2]!.evidence[1]).toBe('its blast radius reaches checkout (reach 0.5)');
    const report = incidentMarkdown(result);
    expect(report.split('\n').slice(0, 5)).toEqual([
      '# Incident INC-1: Checkout totals wrong',
      '',
      '| severity | services | started | detected | resolved | time to restore | source |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| SEV1 | checkout | 2026-11-30T12:00:00.000Z |  | 2026-11-30T13:15:00.000Z | 1 h 15 min | manual |',
    ]);
    expect(report).toContain(`- Gate at the time: pass (pr:3, 2026-11-30T05:59:00Z): pass: no rule asks for more`);
    expect(report).toContain(`| 2026-11-30T10:00:00.000Z | deployment 2: prod/search at \`${sha.search!.slice(0, 12)}\` (1 commits, success) |`);
  });

  it('an unknown incident is a clear error', async () => {
    await expect(investigate(store, await openRepository(repo.dir), { repository: 'shop', key: 'NOPE' })).rejects.toThrow('no incident "NOPE" in the ledger');
  });
});
