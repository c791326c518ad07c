import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { importGithubDeployments } from './github-deployments.js';

// Four deployments as GET /repos/{owner}/{repo}/deployments returns them, each with the statuses
// of GET .../deployments/{id}/statuses (newest first, as GitHub lists them).
const fixture = readFileSync(new URL('fixtures/github-deployments.json', import.meta.url), 'utf8');
const deployments = (): Record<string, unknown>[] => JSON.parse(fixture) as Record<string, unknown>[];

const SHA1 = '4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
const SHA2 = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const SHA3 = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const RUNS = 'https://github.com/octo-org/shop/actions/runs/';

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('importGithubDeployments', () => {
  it('reads deployments with their statuses: the latest status, and the time of the last success, failure or error', () => {
    expect(importGithubDeployments(fixture, 'deployments.json', { defaultService: 'shop' })).toEqual({
      deployments: [
        {
          source: 'github',
          externalId: '1001',
          environment: 'production',
          services: ['checkout-api'],
          sha: SHA1,
          // Replaced by a later deployment after it succeeded; it finished when it succeeded.
          status: 'inactive',
          startedAt: '2026-11-30T10:00:00.000Z',
          finishedAt: '2026-11-30T10:06:30.000Z',
          url: `${RUNS}7001`,
        },
        {
          source: 'github',
          externalId: '1002',
          environment: 'production',
          services: ['payments-api', 'ledger-worker'],
          sha: SHA2,
          status: 'failure',
          // Created at 11:00+01:00.
          startedAt: '2026-11-30T10:00:00.000Z',
          finishedAt: '2026-11-30T10:09:15.000Z',
          url: `${RUNS}7002`,
        },
        {
          source: 'github',
          externalId: '1003',
          environment: 'staging',
          services: ['shop'],
          sha: SHA3,
          status: 'in_progress',
          startedAt: '2026-11-30T12:30:00.000Z',
          url: `${RUNS}7003`,
        },
        // No status yet: waiting.
        { source: 'github', externalId: '1004', environment: 'production', services: ['shop'], sha: SHA3, status: 'pending', startedAt: '2026-11-30T12:45:00.000Z' },
      ],
      incidents: [],
    });
  });

  it('reads statuses given beside the deployments, by deployment id', () => {
    const [first] = deployments();
    const { statuses, ...deployment } = first!;
    const text = JSON.stringify({ deployments: [deployment], statuses: { '1001': statuses } });
    expect(importGithubDeployments(text, 'combined.json').deployments).toEqual([
      {
        source: 'github',
        externalId: '1001',
        environment: 'production',
        services: ['checkout-api'],
        sha: SHA1,
        status: 'inactive',
        startedAt: '2026-11-30T10:00:00.000Z',
        finishedAt: '2026-11-30T10:06:30.000Z',
        url: `${RUNS}7001`,
      },
    ]);
  });

  it('has no finish time when the deployment was started again after it failed', () => {
    const [, second] = deployments();
    const statuses = [{ id: 1, state: 'queued', created_at: '2026-11-30T10:20:00Z' }, ...(second!.statuses as object[])];
    const [deployment] = importGithubDeployments(JSON.stringify([{ ...second, statuses }]), 'd.json').deployments;
    expect([deployment!.status, deployment!.finishedAt]).toEqual(['pending', undefined]);
  });

  it('orders statuses by time, whatever order the file has them in', () => {
    const [, second] = deployments();
    const statuses = [...(second!.statuses as object[])].reverse();
    const [deployment] = importGithubDeployments(JSON.stringify([{ ...second, statuses }]), 'd.json').deployments;
    expect([deployment!.status, deployment!.finishedAt]).toEqual(['failure', '2026-11-30T10:09:15.000Z']);
  });

  it('reads services from a payload sent as a JSON string', () => {
    const [first] = deployments();
    const [deployment] = importGithubDeployments(JSON.stringify([{ ...first, payload: '{"services":["a","b"],"service":"c"}' }]), 'd.json').deployments;
    expect(deployment!.services).toEqual(['c', 'a', 'b']);
  });

  it('rejects the file when a deployment names no service and no default is given, naming its index', () => {
    expect(errorOf(() => importGithubDeployments(fixture, 'deployments.json'))).toBe(
      'deployments.json: [2]: no service: the payload names none (payload.service or payload.services) and no default service was given',
    );
  });

  it('names the field of a broken deployment or status', () => {
    const broken = (change: (list: Record<string, unknown>[]) => void): string => {
      const list = deployments();
      change(list);
      return errorOf(() => importGithubDeployments(JSON.stringify(list), 'deployments.json', { defaultService: 'shop' }));
    };
    expect(broken((list) => delete list[1]!.sha)).toBe('deployments.json: [1].sha: required');
    expect(broken((list) => (list[1]!.sha = 'v2.14.0'))).toBe('deployments.json: [1].sha: expected a full commit id (40 hexadecimal digits)');
    expect(broken((list) => (list[0]!.created_at = 'yesterday'))).toBe('deployments.json: [0].created_at: expected an ISO 8601 time');
    expect(broken((list) => (list[0]!.created_at = '2026-11-30T10:00:00'))).toBe(
      'deployments.json: [0].created_at: expected an ISO 8601 time with a zone (Z or +hh:mm)',
    );
    expect(broken((list) => ((list[0]!.statuses as Record<string, unknown>[])[1]!.state = 'done'))).toBe(
      'deployments.json: [0].statuses[1].state: expected one of error, failure, inactive, in_progress, queued, pending, success',
    );
    expect(broken((list) => (list[2]!.payload = { services: 'checkout-api' }))).toBe('deployments.json: [2].payload.services: expected an array');
  });

  it('rejects statuses of a deployment that is not in the file', () => {
    const [first] = deployments();
    const text = JSON.stringify({ deployments: [first], statuses: { '1001': [], '77': [] } });
    expect(errorOf(() => importGithubDeployments(text, 'combined.json'))).toBe('combined.json: statuses.77: no deployment with id 77 in "deployments"');
  });

  it('rejects other JSON with what it expected', () => {
    expect(errorOf(() => importGithubDeployments('{"total_count": 0}', 'runs.json'))).toBe(
      'runs.json: expected the array that GET /repos/{owner}/{repo}/deployments returns, or { "deployments": [...], "statuses": { "<id>": [...] } }',
    );
  });
});
