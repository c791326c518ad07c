import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../shared/errors.js';
import { formatPath } from '../shared/yaml-location.js';

/**
 * The pull request an Actions run is about, read from the event payload GitHub writes to
 * `GITHUB_EVENT_PATH`. Only the documented fields the gate needs are read; the rest of the
 * (large) payload is let through unchecked, so that new fields never break a run.
 */
export interface PullRequestEvent {
  readonly event: EventName;
  /** The payload's `action`, e.g. `synchronize` or `submitted`. */
  readonly action: string;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly baseRef: string;
  readonly headRef: string;
  /** The pull request author's login. */
  readonly author: string;
  readonly labels: readonly string[];
  readonly draft: boolean;
}

/** The activity types the gate runs on; docs/ci.md lists the same ones in the workflow. */
export const SUPPORTED_ACTIONS = {
  pull_request: ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled', 'ready_for_review'],
  pull_request_review: ['submitted', 'dismissed', 'edited'],
} as const;

export type EventName = keyof typeof SUPPORTED_ACTIONS;

const string = () => z.string({ error: 'expected a string' });
const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape, { error: 'expected an object' });
// A full commit id (SHA-1, or SHA-256 in repositories that use it): it is handed to git later.
const sha = () => string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'expected a full commit id (40 hexadecimal digits)');

const payloadSchema = object({
  action: string(),
  repository: object({ name: string(), owner: object({ login: string() }) }),
  pull_request: object({
    number: z.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a positive number'),
    draft: z.boolean({ error: 'expected true or false' }).default(false),
    user: object({ login: string() }),
    labels: z.array(object({ name: string() }), { error: 'expected an array' }).default([]),
    head: object({ sha: sha(), ref: string() }),
    base: object({ sha: sha(), ref: string() }),
  }),
});

const isEventName = (name: string): name is EventName => Object.hasOwn(SUPPORTED_ACTIONS, name);

/** Validates a parsed event payload. Errors name the field: `event payload: pull_request.head.sha: expected a string`. */
export function parseEvent(name: string, payload: unknown): PullRequestEvent {
  if (!isEventName(name)) {
    throw new UserError(
      `event "${name}" is not supported: blastwall judges pull requests`,
      'run the action on "pull_request" and "pull_request_review" events (see docs/ci.md)',
    );
  }
  const result = payloadSchema.safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = formatPath(issue.path);
    throw new UserError(`event payload: ${field === '' ? '' : `${field}: `}${issue.message}`, 'the payload is written by GitHub Actions; check GITHUB_EVENT_PATH');
  }
  const { action, repository, pull_request: pr } = result.data;
  const actions: readonly string[] = SUPPORTED_ACTIONS[name];
  if (!actions.includes(action)) {
    throw new UserError(
      `event payload: action: "${action}" is not handled for ${name} events; expected one of ${actions.join(', ')}`,
      `list only those in the workflow's "on.${name}.types"`,
    );
  }
  return {
    event: name,
    action,
    owner: repository.owner.login,
    repo: repository.name,
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    headRef: pr.head.ref,
    author: pr.user.login,
    labels: pr.labels.map((label) => label.name),
    draft: pr.draft,
  };
}

/** Reads the event of the current Actions run from the variables GitHub sets. */
export async function readEvent(env: { GITHUB_EVENT_NAME?: string; GITHUB_EVENT_PATH?: string }): Promise<PullRequestEvent> {
  const { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path } = env;
  if (!name || !path) {
    throw new UserError('GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set', 'run "blastwall action" as a step of a GitHub Actions workflow');
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the event payload ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'GITHUB_EVENT_PATH should name the file GitHub Actions wrote');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new UserError(`event payload ${path}: not JSON (${(error as Error).message})`, 'GITHUB_EVENT_PATH should name the file GitHub Actions wrote');
  }
  return parseEvent(name, payload);
}
