import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the few GitHub REST routes the gate uses, speaking their documented JSON
 * shapes, so that the real Octokit client is tested end to end without reaching the internet.
 * It is strict where GitHub is (token, 50 annotations per request, required fields) and records
 * every request so that tests can assert what was sent.
 */

export interface FakeUser {
  readonly login: string;
  readonly type: 'User' | 'Bot';
}

export interface FakeReview {
  readonly id: number;
  readonly user: FakeUser | null;
  readonly state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  readonly commit_id: string;
  readonly submitted_at?: string;
  readonly body: string;
}

export interface FakeComment {
  readonly id: number;
  body: string;
  readonly user: FakeUser;
  readonly created_at: string;
  updated_at: string;
}

export interface FakeAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: string;
  readonly message: string;
  readonly title?: string;
}

export interface FakeCheckRun {
  readonly id: number;
  /** `owner/repo` */
  readonly repository: string;
  name: string;
  readonly head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  readonly started_at: string;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation received, in order: GitHub appends those of each update to the earlier ones. */
  readonly annotations: FakeAnnotation[];
}

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type RouteName = 'listReviews' | 'listCheckRuns' | 'createCheckRun' | 'updateCheckRun' | 'listComments' | 'createComment' | 'updateComment';

export interface FakeGitHubState {
  /** Keyed `owner/repo#number`, oldest first as GitHub lists them. */
  readonly reviews: Map<string, FakeReview[]>;
  /** Keyed `owner/repo#number`, oldest first. */
  readonly comments: Map<string, FakeComment[]>;
  readonly checkRuns: FakeCheckRun[];
}

export interface FakeGitHub {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly state: FakeGitHubState;
  /** Makes a route answer with an error from now on (403 "Resource not accessible by integration" unless told). */
  fail(route: RouteName, status?: number, message?: string): void;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  readonly token: string;
  /** Who the token belongs to: the author of the comments it creates. */
  readonly user?: FakeUser;
}

const DOCS = 'https://docs.github.com/rest';
const MAX_ANNOTATIONS = 50;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (request: Parsed) => { status?: number; body: unknown; link?: string };

interface Parsed {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly url: URL;
  readonly body: unknown;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const actor = options.user ?? { login: 'github-actions[bot]', type: 'Bot' };
  const state: FakeGitHubState = { reviews: new Map(), comments: new Map(), checkRuns: [] };
  const requests: RecordedRequest[] = [];
  const failures = new Map<RouteName, { status: number; message: string }>();
  let base = '';
  let lastId = 0;
  // Ids above every seeded one, so that a test can seed any ids it likes.
  const nextId = (): number => {
    const seeded = [...state.comments.values()].flat().map((c) => c.id);
    lastId = Math.max(lastId, ...seeded, ...state.checkRuns.map((run) => run.id)) + 1;
    return lastId;
  };
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  const checkRunJson = (run: FakeCheckRun) => {
    const [owner, repo] = run.repository.split('/');
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      name: run.name,
      head_sha: run.head_sha,
      external_id: run.external_id,
      url: `${base}/repos/${run.repository}/check-runs/${run.id}`,
      html_url: `https://github.com/${owner}/${repo}/runs/${run.id}`,
      details_url: run.details_url,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${base}/repos/${run.repository}/check-runs/${run.id}/annotations` },
      check_suite: { id: 1 },
      app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
      pull_requests: [],
    };
  };
  const commentJson = (repository: string, number: string, comment: FakeComment) => ({
    ...comment,
    url: `${base}/repos/${repository}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repository}/pull/${number}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${repository}/issues/${number}`,
    author_association: 'NONE',
  });

  const routes: [string, RouteName, RegExp, Handler][] = [
    ['GET', 'listReviews', /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/, ({ params: [repository, number], url }) =>
      page(url, state.reviews.get(`${repository}#${number}`) ?? [])],
    ['GET', 'listCheckRuns', /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/check-runs$/, ({ params: [repository, ref], query, url }) => {
      let runs = state.checkRuns.filter((run) => run.repository === repository && run.head_sha === ref);
      const name = query.get('check_name');
      if (name !== null) runs = runs.filter((run) => run.name === name);
      // `filter=latest` (the default) keeps the most recent run of each name.
      if (query.get('filter') !== 'all') runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
      runs = [...runs].sort((a, b) => b.id - a.id);
      const { body, link } = page(url, runs);
      return { body: { total_count: runs.length, check_runs: (body as FakeCheckRun[]).map(checkRunJson) }, link };
    }],
    ['POST', 'createCheckRun', /^\/repos\/([^/]+\/[^/]+)\/check-runs$/, ({ params: [repository], body }) => {
      const input = asObject(body);
      if (typeof input.name !== 'string') throw new HttpError(422, 'Invalid request.\n\n"name" wasn\'t supplied.');
      if (typeof input.head_sha !== 'string') throw new HttpError(422, 'Invalid request.\n\n"head_sha" wasn\'t supplied.');
      const run: FakeCheckRun = {
        id: nextId(),
        repository: repository!,
        name: input.name,
        head_sha: input.head_sha,
        status: 'queued',
        conclusion: null,
        external_id: null,
        details_url: null,
        started_at: now(),
        completed_at: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
      };
      applyCheckRun(run, input, now);
      state.checkRuns.push(run);
      return { status: 201, body: checkRunJson(run) };
    }],
    ['PATCH', 'updateCheckRun', /^\/repos\/([^/]+\/[^/]+)\/check-runs\/(\d+)$/, ({ params: [repository, id], body }) => {
      const run = state.checkRuns.find((candidate) => candidate.repository === repository && candidate.id === Number(id));
      if (!run) throw new HttpError(404, 'Not Found');
      applyCheckRun(run, asObject(body), now);
      return { body: checkRunJson(run) };
    }],
    ['GET', 'listComments', /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/, ({ params: [repository, number], url }) => {
      const { body, link } = page(url, state.comments.get(`${repository}#${number}`) ?? []);
      return { body: (body as FakeComment[]).map((comment) => commentJson(repository!, number!, comment)), link };
    }],
    ['POST', 'createComment', /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/, ({ params: [repository, number], body }) => {
      const text = asObject(body).body;
      if (typeof text !== 'string') throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
      const comment: FakeComment = { id: nextId(), body: text, user: actor, created_at: now(), updated_at: now() };
      const key = `${repository}#${number}`;
      state.comments.set(key, [...(state.comments.get(key) ?? []), comment]);
      return { status: 201, body: commentJson(repository!, number!, comment) };
    }],
    ['PATCH', 'updateComment', /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/, ({ params: [repository, id], body }) => {
      const text = asObject(body).body;
      if (typeof text !== 'string') throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
      for (const [key, comments] of state.comments) {
        const comment = key.startsWith(`${repository}#`) ? comments.find((candidate) => candidate.id === Number(id)) : undefined;
        if (!comment) continue;
        comment.body = text;
        comment.updated_at = now();
        return { body: commentJson(repository!, key.slice(key.indexOf('#') + 1), comment) };
      }
      throw new HttpError(404, 'Not Found');
    }],
  ];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const method = request.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(json));
    };
    const credentials = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '');
    if (credentials?.[1] !== options.token) return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    if (typeof body === 'string') return send(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
    for (const [routeMethod, name, pattern, handler] of routes) {
      const match = routeMethod === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      const failure = failures.get(name);
      if (failure) return send(failure.status, { message: failure.message, documentation_url: DOCS, status: String(failure.status) });
      try {
        const result = handler({ params: match.slice(1).map(decodeURIComponent), query: url.searchParams, url, body });
        return send(result.status ?? 200, result.body, result.link ? { link: result.link } : {});
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return send(error.status, { message: error.message, documentation_url: DOCS, status: String(error.status) });
      }
    }
    send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    state,
    fail: (route, status = 403, message = 'Resource not accessible by integration') => void failures.set(route, { status, message }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Octokit's fetch keeps connections alive; without this, close would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One page of a list, with a `Link` header like GitHub's: prev, next, last and first, as they apply. */
function page<T>(url: URL, items: readonly T[]): { body: T[]; link?: string } {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const current = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const pages = Math.max(Math.ceil(items.length / perPage), 1);
  const at = (n: number): string => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.href}>`;
  };
  const links: string[] = [];
  if (current > 1) links.push(`${at(current - 1)}; rel="prev"`);
  if (current < pages) links.push(`${at(current + 1)}; rel="next"`, `${at(pages)}; rel="last"`);
  if (current > 1) links.push(`${at(1)}; rel="first"`);
  const body = items.slice((current - 1) * perPage, current * perPage);
  return links.length === 0 ? { body } : { body, link: links.join(', ') };
}

function applyCheckRun(run: FakeCheckRun, input: Record<string, unknown>, now: () => string): void {
  const output = input.output === undefined ? undefined : asObject(input.output);
  const annotations = output?.annotations === undefined ? [] : (output.annotations as FakeAnnotation[]);
  if (!Array.isArray(annotations)) throw new HttpError(422, 'Invalid request.\n\nFor \'properties/annotations\', it is not an array.');
  if (annotations.length > MAX_ANNOTATIONS) throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_ANNOTATIONS} annotations are allowed per request.`);
  if (output && typeof output.summary !== 'string') throw new HttpError(422, 'Invalid request.\n\n"summary" wasn\'t supplied.');
  if (output && typeof output.title !== 'string' && run.output.title === null) throw new HttpError(422, 'Invalid request.\n\n"title" wasn\'t supplied.');
  // A conclusion completes the run, as on GitHub.
  const conclusion = typeof input.conclusion === 'string' ? input.conclusion : undefined;
  const status = conclusion === undefined ? (input.status as string | undefined) : 'completed';
  if (status === 'completed' && conclusion === undefined && run.conclusion === null) throw new HttpError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
  if (typeof input.name === 'string') run.name = input.name;
  if (typeof input.external_id === 'string') run.external_id = input.external_id;
  if (typeof input.details_url === 'string') run.details_url = input.details_url;
  if (status !== undefined) run.status = status;
  if (conclusion !== undefined) run.conclusion = conclusion;
  if (typeof input.completed_at === 'string') run.completed_at = input.completed_at;
  else if (run.status === 'completed' && run.completed_at === null) run.completed_at = now();
  if (output) {
    run.output = {
      title: typeof output.title === 'string' ? output.title : run.output.title,
      summary: output.summary as string,
      text: typeof output.text === 'string' ? output.text : null,
    };
    run.annotations.push(...annotations);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Problems parsing JSON');
  return value as Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
