import { z } from 'zod';
import { isObject, readJson, type Item } from './documents.js';
import { array, dictionary, integer, isoTime, link, name, object, oneOf, sha } from './fields.js';
import { at, fail, validate, type Place } from './problems.js';
import { compact, type DeploymentStatus, type ImportedDeployment, type ImportOptions, type ImportResult } from './records.js';

/**
 * GitHub deployments as the REST API lists them (`GET /repos/{owner}/{repo}/deployments`), with
 * their statuses (`GET .../deployments/{id}/statuses`) either on each deployment as `statuses` or
 * beside them: `{ "deployments": [...], "statuses": { "<id>": [...] } }`. Only the documented
 * fields used here are checked; the many others GitHub sends are ignored.
 */

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
type State = (typeof STATES)[number];

const statusSchema = object({
  id: integer().optional(),
  state: oneOf(STATES),
  created_at: isoTime(),
  log_url: link(),
  // The older name of log_url, still sent.
  target_url: link(),
});
type Status = z.output<typeof statusSchema>;

// The payload is free JSON set by whoever created the deployment; by convention it may name the service.
const servicePayload = object({ service: name().optional(), services: array(name()).optional() });

const deploymentSchema = object({
  id: integer(),
  sha: sha(),
  environment: name(),
  created_at: isoTime(),
  payload: z.unknown(),
  statuses: array(statusSchema).optional(),
});

const combinedSchema = object({ deployments: array(z.unknown()), statuses: dictionary(array(statusSchema)).optional() });

// GitHub has no `queued` in our statuses: a queued deployment is waiting, like a pending one.
const STATUS_OF_STATE: Record<State, DeploymentStatus> = {
  error: 'error',
  failure: 'failure',
  inactive: 'inactive',
  in_progress: 'in_progress',
  queued: 'pending',
  pending: 'pending',
  success: 'success',
};
const TERMINAL: ReadonlySet<State> = new Set(['success', 'failure', 'error']);

/** Newest first: by time, then by id, then as GitHub lists them (newest first). */
const newestFirst = (statuses: readonly Status[]): Status[] =>
  statuses
    .map((status, index) => ({ status, index }))
    .sort((a, b) => b.status.created_at.localeCompare(a.status.created_at) || (b.status.id ?? 0) - (a.status.id ?? 0) || a.index - b.index)
    .map(({ status }) => status);

/**
 * When the deployment finished: the time of its latest success, failure or error, unless it was
 * started again after that (a later pending, queued or in_progress). `inactive` only says that a
 * newer deployment replaced this one, so it is looked through.
 */
const finishedAt = (statuses: readonly Status[]): string | undefined => {
  const last = statuses.find((status) => status.state !== 'inactive');
  return last && TERMINAL.has(last.state) ? last.created_at : undefined;
};

function servicesOf(payload: unknown, place: Place, options: ImportOptions): string[] {
  // GitHub returns the payload as sent: an object, or a string that may hold JSON.
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      value = undefined;
    }
  }
  const named = isObject(value) ? validate(servicePayload, value, at(place, 'payload')) : {};
  const services = [...new Set([...(named.service === undefined ? [] : [named.service]), ...(named.services ?? [])])];
  if (services.length > 0) return services;
  const fallback = options.defaultService?.trim();
  if (fallback) return [fallback];
  return fail(
    place,
    'no service: the payload names none (payload.service or payload.services) and no default service was given',
    "give the repository's service as the default, or set payload.service when creating deployments; nothing from the file was imported",
  );
}

function toDeployment(item: Item, statusesById: ReadonlyMap<string, readonly Status[]>, options: ImportOptions): ImportedDeployment {
  const deployment = validate(deploymentSchema, item.value, item.place);
  const statuses = newestFirst([...(deployment.statuses ?? []), ...(statusesById.get(String(deployment.id)) ?? [])]);
  const latest = statuses[0];
  const withLog = statuses.find((status) => status.log_url ?? status.target_url);
  return compact({
    source: 'github',
    externalId: String(deployment.id),
    environment: deployment.environment,
    services: servicesOf(deployment.payload, item.place, options),
    sha: deployment.sha,
    // A deployment without any status has not reported yet: GitHub shows it as waiting.
    status: latest ? STATUS_OF_STATE[latest.state] : 'pending',
    startedAt: deployment.created_at,
    finishedAt: finishedAt(statuses),
    url: withLog?.log_url ?? withLog?.target_url,
  });
}

export function importGithubDeployments(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const value = readJson(text, file);
  const root: Place = { file, path: [] };
  if (Array.isArray(value)) {
    const items = value.map((element: unknown, index) => ({ value: element, place: at(root, index) }));
    return { deployments: items.map((item) => toDeployment(item, new Map(), options)), incidents: [] };
  }
  if (!isObject(value) || !('deployments' in value)) {
    fail(root, 'expected the array that GET /repos/{owner}/{repo}/deployments returns, or { "deployments": [...], "statuses": { "<id>": [...] } }');
  }
  const combined = validate(combinedSchema, value, root);
  const items = combined.deployments.map((element, index) => ({ value: element, place: at(root, 'deployments', index) }));
  const statusesById = new Map(Object.entries(combined.statuses ?? {}));
  const deployments = items.map((item) => toDeployment(item, statusesById, options));
  // Statuses of a deployment that is not in the file mean the two lists do not belong together.
  const ids = new Set(deployments.map((deployment) => deployment.externalId));
  const stray = [...statusesById.keys()].find((id) => !ids.has(id));
  if (stray !== undefined) fail(at(root, 'statuses', stray), `no deployment with id ${stray} in "deployments"`);
  return { deployments, incidents: [] };
}
