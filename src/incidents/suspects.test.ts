import { describe, expect, it } from 'vitest';
import type { CommitRecord, Deployment, Incident } from '../ledger/records.js';
import { rankSuspects, sizeFactor, timeFactor } from './suspects.js';

const sha = (c: string) => c.repeat(40);
const commit = (s: string, added: number, ai = false): CommitRecord => ({
  sha: s,
  parents: [],
  author: { name: 'A', email: 'a@example.com' },
  authoredAt: '2026-11-01T00:00:00.000Z',
  committedAt: '2026-11-01T00:00:00.000Z',
  subject: 'change',
  attribution: ai ? { ai: true, tools: [{ tool: 'claude-code', name: 'Claude Code', confidence: 'high', evidence: [] }], confidence: 'high' } : { ai: false, tools: [], confidence: undefined },
  added,
  deleted: 0,
  files: 1,
});
const deployment = (id: number, service: string, startedAt: string, commits: string[], status: Deployment['status'] = 'success'): Deployment => ({
  id,
  repository: 'shop',
  environment: 'prod',
  service,
  sha: commits[commits.length - 1]!,
  startedAt,
  status,
  commits,
});
const incident: Incident = { id: 1, source: 'pagerduty', key: 'P1', title: 'Checkout errors', severity: 'SEV1', services: ['checkout'], startedAt: '2026-11-30T12:00:00.000Z' };
const commits = new Map([
  [sha('a'), commit(sha('a'), 999, true)],
  [sha('b'), commit(sha('b'), 9)],
  [sha('c'), commit(sha('c'), 99)],
  [sha('d'), commit(sha('d'), 10)],
]);

describe('suspects', () => {
  it('documented factors', () => {
    expect([timeFactor(0), timeFactor(6), timeFactor(12)]).toEqual([1, 0.5, 0.25]);
    expect([sizeFactor(0), sizeFactor(9999)]).toEqual([0.25, 1]);
  });

  it('explicit evidence first, then deployments by time x reach x size; AI shown, not ranked on', () => {
    const suspects = rankSuspects({
      incident,
      links: [],
      deployments: [
        deployment(1, 'checkout', '2026-11-30T06:00:00.000Z', [sha('a')]), // 6 h before, direct, 999 lines
        deployment(2, 'checkout', '2026-11-30T11:00:00.000Z', [sha('b')]), // 1 h before, direct, 9 lines
        deployment(3, 'payments', '2026-11-30T11:30:00.000Z', [sha('c')]), // reached through the radius
        deployment(4, 'checkout', '2026-11-29T06:00:00.000Z', [sha('d')]), // 30 h before: outside the window
        deployment(5, 'checkout', '2026-11-30T11:50:00.000Z', [sha('d')], 'failure'), // did not ship
        deployment(6, 'checkout', '2026-11-30T12:30:00.000Z', [sha('d')]), // after the start
      ],
      commits,
      laterCommits: [
        { sha: sha('e'), message: `Revert "x"\n\nThis reverts commit ${sha('c').slice(0, 10)}.`, committedAt: '2026-11-30T12:40:00.000Z' },
        { sha: sha('f'), message: `Revert "y"\n\nThis reverts commit ${sha('b')}.`, committedAt: '2026-11-30T09:00:00.000Z' }, // before the start
      ],
      reach: new Map([[3, ['checkout']]]),
    });
    expect(suspects.map((s) => [s.rank, s.kind, s.sha.slice(0, 1), s.score, s.confidence])).toEqual([
      [1, 'commit', 'c', 9, 'high'],
      [2, 'deployment', 'a', 0.406, 'low'],
      [3, 'deployment', 'b', 0.39, 'low'],
      [4, 'deployment', 'c', 0.295, 'low'],
    ]);
    expect(suspects[0]!.evidence).toEqual([`reverted by ${sha('e').slice(0, 12)} after the incident started`]);
    expect(suspects[1]!.evidence).toEqual([
      'deployed to prod/checkout 6 h before the incident started (time 0.5)',
      'checkout is an affected service (reach 1)',
      '1 commit, 999 lines changed (size 0.813)',
    ]);
    expect(suspects[1]!.ai).toEqual({ commits: 1, tools: ['claude-code'] });
    expect(suspects[3]!.evidence[1]).toBe('its blast radius reaches checkout (reach 0.5)');
  });

  it('a root cause link and a Fixes: trailer', () => {
    const suspects = rankSuspects({
      incident,
      links: [{ id: 1, incident: 1, target: { repository: 'shop', sha: sha('d') }, method: 'root-cause', confidence: 'high', evidence: 'postmortem' }],
      deployments: [],
      commits,
      laterCommits: [{ sha: sha('e'), message: `Guard against nulls\n\nFixes: ${sha('b').slice(0, 12)} ("change")`, committedAt: '2026-11-30T13:00:00.000Z' }],
    });
    expect(suspects.map((s) => [s.rank, s.sha.slice(0, 1), s.score, s.evidence])).toEqual([
      [1, 'd', 10, ['root-cause (high): postmortem']],
      [2, 'b', 8, [`named by "Fixes:" in ${sha('e').slice(0, 12)} after the incident started`]],
    ]);
  });
});
