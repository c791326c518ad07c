import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { parseEvent, readEvent } from './event.js';

const HEAD = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const BASE = '9049f1265b7d61be4a8904a9a27120d2064dab3b';

// The fields GitHub documents for the pull_request object, plus some of the many others it sends.
const pullRequest = () => ({
  url: 'https://api.github.com/repos/octo-org/shop/pulls/42',
  id: 1,
  number: 42,
  state: 'open',
  title: 'Retry failed charges',
  draft: false,
  user: { login: 'octocat', id: 1, type: 'User' },
  labels: [
    { id: 208045946, name: 'payments', color: 'f29513' },
    { id: 208045947, name: 'ai-assisted', color: 'a2eeef' },
  ],
  head: { label: 'octocat:retry', ref: 'retry', sha: HEAD, repo: { name: 'shop' } },
  base: { label: 'octo-org:main', ref: 'main', sha: BASE, repo: { name: 'shop' } },
});

const payload = (action: string, pr: Record<string, unknown> = pullRequest()) => ({
  action,
  number: 42,
  pull_request: pr,
  repository: { id: 1296269, name: 'shop', full_name: 'octo-org/shop', owner: { login: 'octo-org', type: 'Organization' } },
  sender: { login: 'octocat' },
});

const errorOf = (run: () => unknown): UserError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
};

describe('parseEvent', () => {
  it('reads a pull_request event', () => {
    expect(parseEvent('pull_request', payload('synchronize'))).toEqual({
      event: 'pull_request',
      action: 'synchronize',
      owner: 'octo-org',
      repo: 'shop',
      number: 42,
      headSha: HEAD,
      baseSha: BASE,
      baseRef: 'main',
      headRef: 'retry',
      author: 'octocat',
      labels: ['payments', 'ai-assisted'],
      draft: false,
    });
  });

  it('reads a pull_request_review event, which has no top-level number', () => {
    const { number: _number, ...review } = payload('submitted', { ...pullRequest(), draft: true, labels: [] });
    const event = { ...review, review: { id: 80, state: 'approved', user: { login: 'hubot' }, commit_id: HEAD } };
    expect(parseEvent('pull_request_review', event)).toEqual({
      event: 'pull_request_review',
      action: 'submitted',
      owner: 'octo-org',
      repo: 'shop',
      number: 42,
      headSha: HEAD,
      baseSha: BASE,
      baseRef: 'main',
      headRef: 'retry',
      author: 'octocat',
      labels: [],
      draft: true,
    });
  });

  it('takes an absent draft flag and label list as a ready pull request without labels', () => {
    const { draft: _draft, labels: _labels, ...pr } = pullRequest();
    const event = parseEvent('pull_request', payload('opened', pr));
    expect([event.draft, event.labels]).toEqual([false, []]);
  });

  it('names the field that is missing or wrong', () => {
    const broken = (change: (pr: Record<string, unknown>) => void) => {
      const pr: Record<string, unknown> = pullRequest();
      change(pr);
      return errorOf(() => parseEvent('pull_request', payload('opened', pr))).message;
    };
    expect(broken((pr) => (pr.head = { ref: 'retry' }))).toBe('event payload: pull_request.head.sha: expected a string');
    expect(broken((pr) => (pr.base = { ref: 'main', sha: 'abc123' }))).toBe(
      'event payload: pull_request.base.sha: expected a full commit id (40 hexadecimal digits)',
    );
    expect(broken((pr) => (pr.labels = [{ name: 'ok' }, { name: 7 }]))).toBe('event payload: pull_request.labels[1].name: expected a string');
    expect(broken((pr) => (pr.labels = 'payments'))).toBe('event payload: pull_request.labels: expected an array');
    expect(broken((pr) => (pr.number = '42'))).toBe('event payload: pull_request.number: expected a number');
    expect(broken((pr) => (pr.user = null))).toBe('event payload: pull_request.user: expected an object');
    expect(broken((pr) => (pr.draft = 'no'))).toBe('event payload: pull_request.draft: expected true or false');
  });

  it('names a missing pull request, repository or payload', () => {
    const { pull_request: _pr, ...withoutPr } = payload('opened');
    expect(errorOf(() => parseEvent('pull_request', withoutPr)).message).toBe('event payload: pull_request: expected an object');
    const noOwner = { ...payload('opened'), repository: { name: 'shop' } };
    expect(errorOf(() => parseEvent('pull_request', noOwner)).message).toBe('event payload: repository.owner: expected an object');
    expect(errorOf(() => parseEvent('pull_request', null)).message).toBe('event payload: expected an object');
  });

  it('refuses other events and activity types, saying which', () => {
    const push = errorOf(() => parseEvent('push', { ref: 'refs/heads/main' }));
    expect([push.message, push.hint]).toEqual([
      'event "push" is not supported: blastwall judges pull requests',
      'run the action on "pull_request" and "pull_request_review" events (see docs/ci.md)',
    ]);
    const closed = errorOf(() => parseEvent('pull_request', payload('closed')));
    expect([closed.message, closed.hint]).toEqual([
      'event payload: action: "closed" is not handled for pull_request events; expected one of opened, synchronize, reopened, labeled, unlabeled, ready_for_review',
      'list only those in the workflow\'s "on.pull_request.types"',
    ]);
    expect(errorOf(() => parseEvent('pull_request_review', payload('requested'))).message).toBe(
      'event payload: action: "requested" is not handled for pull_request_review events; expected one of submitted, dismissed, edited',
    );
  });
});

describe('readEvent', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads the payload file GitHub Actions writes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'blastwall-event-'));
    const path = join(dir, 'event.json');
    await writeFile(path, JSON.stringify(payload('reopened')));
    const event = await readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path });
    expect([event.action, event.owner, event.repo, event.number, event.headSha]).toEqual(['reopened', 'octo-org', 'shop', 42, HEAD]);
  });

  it('says what is wrong with the file or the variables', async () => {
    dir = await mkdtemp(join(tmpdir(), 'blastwall-event-'));
    const missing = join(dir, 'missing.json');
    await expect(readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: missing })).rejects.toMatchObject({
      message: `cannot read the event payload ${missing}: ENOENT`,
      hint: 'GITHUB_EVENT_PATH should name the file GitHub Actions wrote',
    });
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"action":');
    await expect(readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: broken })).rejects.toThrow(/^event payload .*broken\.json: not JSON \(/);
    await expect(readEvent({ GITHUB_EVENT_PATH: broken })).rejects.toMatchObject({
      message: 'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set',
      hint: 'run "blastwall action" as a step of a GitHub Actions workflow',
    });
  });
});
