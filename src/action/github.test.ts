import type { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type FakeReview } from '../../test/helpers/fake-github.js';
import { UserError } from '../shared/errors.js';
import { COMMENT_MARKER, createClient, listSignOffs, publishCheckRun, upsertComment, type Annotation, type CheckRunInput } from './github.js';

const TOKEN = 'ghs_fake';
const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const PR = { owner: 'octo-org', repo: 'shop', number: 7 };
const KEY = 'octo-org/shop#7';

let gh: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  gh = await startFakeGitHub({ token: TOKEN });
  octokit = createClient({ token: TOKEN, baseUrl: gh.url });
});
afterEach(() => gh.close());

let reviewId = 0;
const review = (login: string, state: FakeReview['state'], minute: number, options: { commit?: string; type?: 'User' | 'Bot' } = {}): FakeReview => ({
  id: ++reviewId,
  user: { login, type: options.type ?? 'User' },
  state,
  commit_id: options.commit ?? HEAD,
  submitted_at: `2025-03-01T10:${String(minute).padStart(2, '0')}:00Z`,
  body: '',
});

const rejection = async (promise: Promise<unknown>): Promise<{ message: string; hint: string | undefined }> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return { message: error.message, hint: error.hint };
};

describe('listSignOffs', () => {
  it("keeps each reviewer's latest deciding review: changes requested or dismissed cancel an approval, a comment does not", async () => {
    gh.state.reviews.set(KEY, [
      review('alice', 'APPROVED', 1),
      review('bob', 'APPROVED', 2),
      review('alice', 'CHANGES_REQUESTED', 3),
      review('bob', 'COMMENTED', 4),
      review('carol', 'APPROVED', 5),
      review('carol', 'DISMISSED', 6),
      review('dave', 'CHANGES_REQUESTED', 7),
      review('dave', 'APPROVED', 8),
      review('erin', 'COMMENTED', 9),
      review('frank', 'PENDING', 10),
    ]);
    expect(await listSignOffs(octokit, PR)).toEqual([
      { by: 'bob', commit: HEAD, source: 'github', at: '2025-03-01T10:02:00Z', bot: false },
      { by: 'dave', commit: HEAD, source: 'github', at: '2025-03-01T10:08:00Z', bot: false },
    ]);
  });

  it('returns an approval of an older head with that commit, and marks bots', async () => {
    gh.state.reviews.set(KEY, [review('alice', 'APPROVED', 1, { commit: OLD }), review('renovate[bot]', 'APPROVED', 2, { type: 'Bot' })]);
    expect(await listSignOffs(octokit, PR)).toEqual([
      { by: 'alice', commit: OLD, source: 'github', at: '2025-03-01T10:01:00Z', bot: false },
      { by: 'renovate[bot]', commit: HEAD, source: 'github', at: '2025-03-01T10:02:00Z', bot: true },
    ]);
  });

  it('reads every page of reviews, and a later page overrides an earlier one', async () => {
    // One second apart: 10:00:00 to 10:02:09.
    const at = (i: number) => new Date(Date.UTC(2025, 2, 1, 10, 0, i)).toISOString().replace('.000', '');
    const reviews = Array.from({ length: 130 }, (_, i) => ({ ...review(`user${i}`, 'APPROVED', 0), submitted_at: at(i) }));
    reviews[120] = { ...reviews[120]!, user: { login: 'user3', type: 'User' }, state: 'CHANGES_REQUESTED' };
    gh.state.reviews.set(KEY, reviews);

    const signOffs = await listSignOffs(octokit, PR);
    expect(signOffs.length).toBe(128);
    expect(signOffs.map((s) => s.by)).not.toContain('user3');
    expect(signOffs.at(-1)).toEqual({ by: 'user129', commit: HEAD, source: 'github', at: '2025-03-01T10:02:09Z', bot: false });
    expect(gh.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/repos/octo-org/shop/pulls/7/reviews', { per_page: '100' }],
      ['GET', '/repos/octo-org/shop/pulls/7/reviews', { per_page: '100', page: '2' }],
    ]);
  });

  it('maps a 403 to the permission the workflow lacks, and a bad token to the token input', async () => {
    gh.fail('listReviews');
    expect(await rejection(listSignOffs(octokit, PR))).toEqual({
      message: 'GitHub answered 403 while reading the reviews of octo-org/shop#7: Resource not accessible by integration',
      hint: 'give the workflow "permissions: pull-requests: read"; pull requests from forks get a read-only token',
    });
    expect(await rejection(listSignOffs(createClient({ token: 'wrong', baseUrl: gh.url }), PR))).toEqual({
      message: 'GitHub answered 401 while reading the reviews of octo-org/shop#7: Bad credentials',
      hint: 'check the action\'s "token" input: it defaults to ${{ github.token }}',
    });
  });

  it('maps a 404 to a hint about the pull request and the permission', async () => {
    gh.fail('listReviews', 404, 'Not Found');
    expect(await rejection(listSignOffs(octokit, PR))).toEqual({
      message: 'GitHub answered 404 while reading the reviews of octo-org/shop#7: Not Found',
      hint: 'check the repository and pull request number; without "permissions: pull-requests: read" a private repository also answers 404',
    });
  });
});

const annotations = (count: number, prefix = 'finding'): Annotation[] =>
  Array.from({ length: count }, (_, i) => ({ path: `src/file${i}.ts`, start_line: i + 1, end_line: i + 1, annotation_level: 'warning', message: `${prefix} ${i}` }));

const check = (overrides: Partial<CheckRunInput> = {}): CheckRunInput => ({
  owner: 'octo-org',
  repo: 'shop',
  headSha: HEAD,
  conclusion: 'action_required',
  output: { title: 'Needs 1 sign-off', summary: 'payments is a critical zone', annotations: [] },
  ...overrides,
});

const writes = () => gh.requests.filter((r) => r.method !== 'GET');

describe('publishCheckRun', () => {
  // Only Date: the fake server and fetch keep their real timers.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates a completed check run, then updates the same one when published again', async () => {
    const first = await publishCheckRun(octokit, check({ detailsUrl: 'https://ci.example/run/1' }));
    const id = gh.state.checkRuns[0]!.id;
    expect(first).toEqual({ id, url: `https://github.com/octo-org/shop/runs/${id}`, requests: 1 });
    expect(gh.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/repos/octo-org/shop/commits/${HEAD}/check-runs`],
      ['POST', '/repos/octo-org/shop/check-runs'],
    ]);
    expect(gh.requests[0]!.query).toEqual({ check_name: 'blastwall', filter: 'all', per_page: '100' });
    expect(gh.requests[1]!.body).toEqual({
      name: 'blastwall',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'action_required',
      completed_at: '2025-03-01T12:00:00Z',
      details_url: 'https://ci.example/run/1',
      external_id: 'blastwall',
      output: { title: 'Needs 1 sign-off', summary: 'payments is a critical zone', annotations: [] },
    });

    vi.setSystemTime(new Date('2025-03-01T12:05:00.250Z'));
    const second = await publishCheckRun(octokit, check({ conclusion: 'success', output: { title: 'Passed', summary: 'signed off by @bob', text: 'details', annotations: [] } }));
    expect(second).toEqual({ id, url: `https://github.com/octo-org/shop/runs/${id}`, requests: 1 });
    expect(gh.requests.map((r) => [r.method, r.path]).slice(2)).toEqual([
      ['GET', `/repos/octo-org/shop/commits/${HEAD}/check-runs`],
      ['PATCH', `/repos/octo-org/shop/check-runs/${id}`],
    ]);
    expect(gh.state.checkRuns.map((run) => [run.name, run.status, run.conclusion, run.completed_at, run.output])).toEqual([
      ['blastwall', 'completed', 'success', '2025-03-01T12:05:00Z', { title: 'Passed', summary: 'signed off by @bob', text: 'details' }],
    ]);
  });

  it('sends 120 annotations 50 at a time, with the same title and summary each time', async () => {
    const all = annotations(120);
    const published = await publishCheckRun(octokit, check({ name: 'gate', conclusion: 'failure', output: { title: 'Blocked', summary: 'no AI in payments', annotations: all } }));
    expect(published.requests).toBe(3);
    const id = published.id;
    expect(writes().map((r) => {
      const output = (r.body as { output: { title: string; summary: string; annotations: Annotation[] } }).output;
      return [r.method, r.path, output.title, output.summary, output.annotations.length];
    })).toEqual([
      ['POST', '/repos/octo-org/shop/check-runs', 'Blocked', 'no AI in payments', 50],
      ['PATCH', `/repos/octo-org/shop/check-runs/${id}`, 'Blocked', 'no AI in payments', 50],
      ['PATCH', `/repos/octo-org/shop/check-runs/${id}`, 'Blocked', 'no AI in payments', 20],
    ]);
    expect(gh.state.checkRuns.length).toBe(1);
    expect(gh.state.checkRuns[0]!.name).toBe('gate');
    expect(gh.state.checkRuns[0]!.annotations).toEqual(all);
  });

  it('publishes a new run instead of appending to one that already has annotations', async () => {
    const first = await publishCheckRun(octokit, check({ output: { title: 'Needs sign-off', summary: 's', annotations: annotations(2, 'old') } }));
    vi.setSystemTime(new Date('2025-03-01T12:05:00.250Z'));
    const second = await publishCheckRun(octokit, check({ conclusion: 'success', output: { title: 'Passed', summary: 's', annotations: annotations(1, 'new') } }));
    expect(second.id).not.toBe(first.id);
    expect(gh.state.checkRuns.map((run) => [run.id, run.conclusion, run.annotations.map((a) => a.message)])).toEqual([
      [first.id, 'action_required', ['old 0', 'old 1']],
      [second.id, 'success', ['new 0']],
    ]);
  });

  it("leaves alone a check run of the same name that blastwall did not create (the Actions job's own)", async () => {
    gh.state.checkRuns.push({
      id: 500, repository: 'octo-org/shop', name: 'blastwall', head_sha: HEAD, status: 'in_progress', conclusion: null, external_id: null,
      details_url: null, started_at: '2025-03-01T10:00:00Z', completed_at: null, output: { title: null, summary: null, text: null }, annotations: [],
    });
    const published = await publishCheckRun(octokit, check());
    expect(published.id).toBe(501);
    expect(gh.state.checkRuns.map((run) => [run.id, run.status])).toEqual([[500, 'in_progress'], [501, 'completed']]);
  });

  it('finds its own earlier run behind a newer one of the same name', async () => {
    const ours = await publishCheckRun(octokit, check());
    gh.state.checkRuns.push({ ...gh.state.checkRuns[0]!, id: 900, external_id: null, status: 'in_progress', conclusion: null, annotations: [] });
    expect(await publishCheckRun(octokit, check({ conclusion: 'success' }))).toEqual({ ...ours, requests: 1 });
    expect(gh.state.checkRuns.map((run) => [run.id, run.status, run.conclusion])).toEqual([[ours.id, 'completed', 'success'], [900, 'in_progress', null]]);
  });

  it('maps a 403 to the checks: write permission', async () => {
    gh.fail('createCheckRun');
    expect(await rejection(publishCheckRun(octokit, check()))).toEqual({
      message: `GitHub answered 403 while publishing the check run "blastwall" on aaaaaaa: Resource not accessible by integration`,
      hint: 'give the workflow "permissions: checks: write"; pull requests from forks get a read-only token',
    });
  });
});

describe('the fake GitHub', () => {
  it('refuses more than 50 annotations in one request, as GitHub does', async () => {
    const response = await fetch(`${gh.url}/repos/octo-org/shop/check-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'blastwall', head_sha: HEAD, conclusion: 'success', output: { title: 't', summary: 's', annotations: annotations(51) } }),
    });
    expect([response.status, ((await response.json()) as { message: string }).message]).toEqual([422, 'Invalid request.\n\nOnly 50 annotations are allowed per request.']);
    expect(gh.state.checkRuns).toEqual([]);
  });

  it('writes a Link header like GitHub\'s', async () => {
    gh.state.reviews.set(KEY, Array.from({ length: 5 }, (_, i) => review(`u${i}`, 'APPROVED', i)));
    const response = await fetch(`${gh.url}/repos/octo-org/shop/pulls/7/reviews?per_page=2&page=2`, { headers: { authorization: `token ${TOKEN}` } });
    const base = `${gh.url}/repos/octo-org/shop/pulls/7/reviews?per_page=2&page=`;
    expect(response.headers.get('link')).toBe(`<${base}1>; rel="prev", <${base}3>; rel="next", <${base}3>; rel="last", <${base}1>; rel="first"`);
    expect(((await response.json()) as FakeReview[]).map((r) => r.user?.login)).toEqual(['u2', 'u3']);
  });
});

const marked = (body: string) => `${COMMENT_MARKER}\n${body}`;

describe('upsertComment', () => {
  it('creates the comment once, then edits it', async () => {
    const first = await upsertComment(octokit, { ...PR, body: 'Needs 1 sign-off' });
    expect(first.created).toBe(true);
    const second = await upsertComment(octokit, { ...PR, body: 'Passed' });
    expect(second).toEqual({ id: first.id, created: false });
    expect(gh.state.comments.get(KEY)!.map((c) => [c.id, c.body, c.user.login])).toEqual([[first.id, marked('Passed'), 'github-actions[bot]']]);
    expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/repos/octo-org/shop/issues/7/comments', { body: marked('Needs 1 sign-off') }],
      ['PATCH', `/repos/octo-org/shop/issues/comments/${first.id}`, { body: marked('Passed') }],
    ]);
  });

  it('does not edit a comment whose text is already right', async () => {
    const first = await upsertComment(octokit, { ...PR, body: 'Passed' });
    expect(await upsertComment(octokit, { ...PR, body: 'Passed' })).toEqual({ id: first.id, created: false });
    expect(writes().map((r) => r.method)).toEqual(['POST']);
  });

  it("edits the newest marked comment of any author, on any page, and leaves the others", async () => {
    const comment = (id: number, body: string, login = 'someone') => ({ id, body, user: { login, type: 'User' as const }, created_at: '2025-03-01T10:00:00Z', updated_at: '2025-03-01T10:00:00Z' });
    const chatter = Array.from({ length: 110 }, (_, i) => comment(1000 + i, `comment ${i}`));
    gh.state.comments.set(KEY, [comment(10, marked('old verdict'), 'blastwall-app[bot]'), ...chatter, comment(2000, marked('newer verdict'), 'my-pat-user'), comment(2001, `> ${COMMENT_MARKER} quoted`)]);

    expect(await upsertComment(octokit, { ...PR, body: 'Blocked' })).toEqual({ id: 2000, created: false });
    const bodies = new Map(gh.state.comments.get(KEY)!.map((c) => [c.id, c.body]));
    expect([bodies.size, bodies.get(10), bodies.get(2000), bodies.get(2001)]).toEqual([113, marked('old verdict'), marked('Blocked'), `> ${COMMENT_MARKER} quoted`]);
  });

  it('maps a 403 to the pull request write permission', async () => {
    gh.fail('createComment');
    expect(await rejection(upsertComment(octokit, { ...PR, body: 'x' }))).toEqual({
      message: 'GitHub answered 403 while writing the blastwall comment on octo-org/shop#7: Resource not accessible by integration',
      hint: 'give the workflow "permissions: pull-requests: write (or issues: write)"; pull requests from forks get a read-only token',
    });
  });
});

describe('createClient', () => {
  it('refuses an empty token', () => {
    expect(() => createClient({ token: '' })).toThrow(UserError);
    expect(() => createClient({ token: '' })).toThrow('no GitHub token');
  });
});
