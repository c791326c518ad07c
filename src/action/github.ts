import { Octokit } from '@octokit/rest';
import type { SignOff } from '../policy/decision.js';
import { UserError } from '../shared/errors.js';

/**
 * The GitHub side of the gate: reviews in, a check run and one pull request comment out.
 * Every call maps GitHub's permission errors to a `UserError` that names the workflow
 * permission to add, since a missing `permissions:` entry is by far the most common failure.
 */

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_CHECK_NAME = 'blastwall';
/** Starts the gate's pull request comment, so that the next run finds it whoever the token's identity is. */
export const COMMENT_MARKER = '<!-- blastwall:gate -->';
/** The Checks API takes at most this many annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
// Set on the check runs blastwall creates, so that a job's own check run of the same name
// (the Actions job "blastwall", say) is never taken for ours and overwritten.
const EXTERNAL_ID = 'blastwall';

const ignore = (): void => undefined;

/**
 * A client for the REST API at `baseUrl` (`GITHUB_API_URL` on GitHub Enterprise). Octokit's own
 * logging is off: failed requests reach the caller as errors, and only its warnings (deprecated
 * routes) go to `warn` when one is given.
 */
export function createClient({ token, baseUrl, warn }: { token: string; baseUrl?: string; warn?: (message: string) => void }): Octokit {
  if (token === '') throw new UserError('no GitHub token', 'pass the action\'s "token" input (it defaults to ${{ github.token }}) or set GITHUB_TOKEN');
  return new Octokit({
    auth: token,
    baseUrl: baseUrl || DEFAULT_API_URL,
    userAgent: 'blastwall',
    log: { debug: ignore, info: ignore, warn: warn ?? ignore, error: ignore },
  });
}

export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

// The review states that change whether a reviewer approves; COMMENTED and PENDING leave it as it was.
const DECIDING_STATES = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/**
 * The approvals in force on a pull request: each reviewer's latest deciding review, kept when it
 * is an approval. Approvals of older heads are returned too: the gate reports them as stale.
 */
export async function listSignOffs(octokit: Octokit, { owner, repo, number }: PullRequestRef): Promise<SignOff[]> {
  const reviews = await call(`reading the reviews of ${owner}/${repo}#${number}`, 'pull-requests: read', () =>
    octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 }),
  );
  const latest = new Map<string, (typeof reviews)[number]>();
  // GitHub lists reviews oldest first; the sort (stable) only guards that order.
  const ordered = [...reviews].sort((a, b) => (a.submitted_at ?? '').localeCompare(b.submitted_at ?? ''));
  for (const review of ordered) {
    // A deleted account has no user; an approval without a commit or a time cannot be placed.
    if (!review.user || !review.commit_id || !review.submitted_at || !DECIDING_STATES.has(review.state)) continue;
    latest.set(review.user.login, review);
  }
  return [...latest.values()]
    .filter((review) => review.state === 'APPROVED')
    .map((review) => ({ by: review.user!.login, commit: review.commit_id!, source: 'github', at: review.submitted_at!, bot: review.user!.type === 'Bot' }));
}

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly message: string;
  readonly title?: string;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'action_required';

export interface CheckRunInput {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  /** The check's name, the one a ruleset requires; `blastwall` unless set. */
  readonly name?: string;
  readonly conclusion: CheckConclusion;
  readonly output: { readonly title: string; readonly summary: string; readonly text?: string; readonly annotations: readonly Annotation[] };
  readonly detailsUrl?: string;
}

export interface PublishedCheckRun {
  readonly id: number;
  readonly url: string;
  /** Create and update requests sent (the look-up for an earlier run not counted): one per 50 annotations, at least one. */
  readonly requests: number;
}

/**
 * Publishes the gate's verdict as a completed check run on the head commit. A run this action
 * published earlier on the same head is updated rather than joined by a second one, unless it
 * carries annotations: GitHub only ever appends annotations, so the old ones could not be cleared,
 * and a new run (which GitHub shows, and rulesets read, in place of the older one) is created instead.
 */
export async function publishCheckRun(octokit: Octokit, input: CheckRunInput): Promise<PublishedCheckRun> {
  const { owner, repo, headSha, conclusion, detailsUrl } = input;
  const name = input.name ?? DEFAULT_CHECK_NAME;
  const what = `publishing the check run "${name}" on ${headSha.slice(0, 7)}`;
  const { title, summary, text, annotations } = input.output;
  const batches = chunk(annotations, ANNOTATIONS_PER_REQUEST);
  const outputWith = (batch: readonly Annotation[]) => ({ title, summary, text, annotations: [...batch] });

  // All runs of the name, not only the latest: a job's run of the same name may be newer than ours.
  const found = await call(what, 'checks: write', () =>
    octokit.paginate(octokit.rest.checks.listForRef, { owner, repo, ref: headSha, check_name: name, filter: 'all', per_page: 100 }),
  );
  const ours = found.filter((run) => run.external_id === EXTERNAL_ID).sort((a, b) => b.id - a.id)[0];
  const earlier = ours?.output.annotations_count === 0 ? ours : undefined;

  // Set explicitly: an update would otherwise keep the time the run first completed.
  const completedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const first = {
    status: 'completed',
    conclusion,
    completed_at: completedAt,
    details_url: detailsUrl,
    external_id: EXTERNAL_ID,
    output: outputWith(batches[0] ?? []),
  } as const;
  const { data: run } = await call(what, 'checks: write', (): Promise<{ data: { id: number; html_url: string | null } }> =>
    earlier
      ? octokit.rest.checks.update({ owner, repo, check_run_id: earlier.id, ...first })
      : octokit.rest.checks.create({ owner, repo, name, head_sha: headSha, ...first }),
  );
  for (const batch of batches.slice(1)) {
    await call(what, 'checks: write', () => octokit.rest.checks.update({ owner, repo, check_run_id: run.id, output: outputWith(batch) }));
  }
  return { id: run.id, url: run.html_url ?? '', requests: Math.max(batches.length, 1) };
}

/**
 * Keeps one gate comment on the pull request: the marked comment is edited in place (the newest,
 * should an older bug have left several), or created when there is none. Any author's marked
 * comment counts, since the token's identity differs between GITHUB_TOKEN, apps and PATs.
 */
export async function upsertComment(octokit: Octokit, { owner, repo, number, body }: PullRequestRef & { body: string }): Promise<{ id: number; created: boolean }> {
  const what = `writing the blastwall comment on ${owner}/${repo}#${number}`;
  const permission = 'pull-requests: write (or issues: write)';
  const text = `${COMMENT_MARKER}\n${body}`;
  const comments = await call(what, permission, () =>
    octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }),
  );
  const newest = comments.filter((comment) => comment.body?.startsWith(COMMENT_MARKER)).sort((a, b) => b.id - a.id)[0];
  if (!newest) {
    const created = await call(what, permission, () => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: text }));
    return { id: created.data.id, created: true };
  }
  // An unchanged verdict leaves the comment alone: no "edited" mark, no notification.
  if (newest.body !== text) {
    await call(what, permission, () => octokit.rest.issues.updateComment({ owner, repo, comment_id: newest.id, body: text }));
  }
  return { id: newest.id, created: false };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

interface HttpError {
  readonly status: number;
  readonly response?: { readonly data?: unknown; readonly headers?: Record<string, string | number | undefined> };
}

const isHttpError = (error: unknown): error is HttpError =>
  error instanceof Error && typeof (error as Partial<HttpError>).status === 'number';

/** Runs one API call; authentication, permission and not-found answers become known errors, the rest is re-thrown. */
async function call<T>(what: string, permission: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toUserError(error, what, permission);
  }
}

function toUserError(error: unknown, what: string, permission: string): unknown {
  if (!isHttpError(error)) return error;
  const data = error.response?.data;
  const said = typeof data === 'object' && data !== null && 'message' in data ? `: ${String(data.message)}` : '';
  const message = `GitHub answered ${error.status} while ${what}${said}`;
  switch (error.status) {
    case 401:
      return new UserError(message, 'check the action\'s "token" input: it defaults to ${{ github.token }}');
    case 403:
      if (error.response?.headers?.['x-ratelimit-remaining'] === '0') return new UserError(message, 'the API rate limit is used up: run the job again after it resets');
      return new UserError(message, `give the workflow "permissions: ${permission}"; pull requests from forks get a read-only token`);
    case 404:
      return new UserError(message, `check the repository and pull request number; without "permissions: ${permission}" a private repository also answers 404`);
    default:
      return error;
  }
}
