import { resolveCommit, type Repository as GitRepository } from '../git/repository.js';
import { lookupCommits } from '../git/rev-list.js';
import type { Confidence } from '../provenance/markers.js';
import { UserError } from '../shared/errors.js';
import { storeImportedDeployments } from './deployments.js';
import type { ImportedIncident, ImportResult } from './importers/records.js';
import type { Incident, IncidentLink, IncidentRecord } from './records.js';
import { utc } from './rows.js';
import type { Store } from './store.js';

/**
 * Incidents into the ledger: opened, resolved and linked by hand (`blastwall incident`), or
 * imported with the deployments of a file (`blastwall import`). A `root-cause` link is what
 * `incident suspects` takes as explicit evidence.
 */

export interface OpenRequest {
  readonly source: string;
  readonly key: string;
  readonly title: string;
  readonly severity: string;
  readonly services: readonly string[];
  /** Default: the time it was first opened, else now. */
  readonly startedAt?: string | undefined;
  readonly detectedAt?: string | undefined;
}

/** Opens an incident, or updates it when its key is known (keeping its start unless a new one is given). */
export async function openIncident(store: Store, request: OpenRequest, now: string): Promise<{ incident: Incident; created: boolean }> {
  return store.transaction(async (ledger) => {
    const existing = await ledger.incident(request.source, request.key);
    const startedAt = request.startedAt ?? existing?.startedAt ?? now;
    if (request.detectedAt !== undefined) notBefore(request.detectedAt, startedAt, 'detected', request.key);
    const record: IncidentRecord = { ...request, startedAt, resolvedAt: undefined };
    const { created } = await ledger.upsertIncident(record);
    return { incident: (await ledger.incident(request.source, request.key))!, created };
  });
}

/** Resolves a known incident, at `at` or now; resolving it again without a time keeps the first one. */
export async function resolveIncident(store: Store, request: { source: string; key: string; at?: string | undefined }, now: string): Promise<{ incident: Incident; changed: boolean }> {
  return store.transaction(async (ledger) => {
    const existing = await known(ledger, request.source, request.key);
    if (request.at === undefined && existing.resolvedAt !== undefined) return { incident: existing, changed: false };
    const resolvedAt = request.at ?? now;
    notBefore(resolvedAt, existing.startedAt, 'resolved', request.key);
    const { id: _id, ...record } = existing;
    await ledger.upsertIncident({ ...record, resolvedAt });
    const incident = (await ledger.incident(request.source, request.key))!;
    return { incident, changed: incident.resolvedAt !== existing.resolvedAt };
  });
}

export interface LinkRequest {
  readonly source: string;
  readonly key: string;
  /** The repository's name in the ledger, for a commit and to find a deployment. */
  readonly repository: string;
  /** A revision, or the id of a deployment in the ledger. */
  readonly target: { readonly commit: string } | { readonly deployment: number };
  readonly method: string;
  readonly confidence: Confidence;
  readonly evidence: string;
}

/** Links an incident to a commit or a deployment; the same link again updates its confidence and evidence. */
export async function linkIncident(repo: GitRepository, store: Store, request: LinkRequest): Promise<{ incident: Incident; link: IncidentLink; created: boolean }> {
  const sha = 'commit' in request.target ? await resolveCommit(repo, request.target.commit) : undefined;
  return store.transaction(async (ledger) => {
    const incident = await known(ledger, request.source, request.key);
    let target: IncidentLink['target'];
    if (sha !== undefined) target = { repository: request.repository, sha };
    else {
      const id = (request.target as { deployment: number }).deployment;
      const deployment = (await ledger.deployments({ repository: request.repository })).find((candidate) => candidate.id === id);
      if (deployment === undefined) throw new UserError(`no deployment ${id} of ${request.repository} in the ledger`, 'the id is the one `blastwall deploy record` printed');
      target = { deployment: id };
    }
    const link = { incident: incident.id, target, method: request.method, confidence: request.confidence, evidence: request.evidence };
    const { id, created } = await ledger.linkIncident(link);
    return { incident, link: { ...link, id }, created };
  });
}

export interface ImportSummary {
  readonly incidents: { readonly total: number; readonly created: number };
  /** Ledger rows: one per service of each deployment. */
  readonly deployments: { readonly total: number; readonly created: number };
  readonly rootCauses: { readonly total: number; readonly created: number };
  readonly warnings: readonly string[];
}

/**
 * What an importer read, into the ledger in ONE transaction: a failure half-way leaves nothing,
 * and a rerun writes it all. Importing the same records again changes nothing.
 */
export async function importRecords(repo: GitRepository, store: Store, repository: string, imported: ImportResult): Promise<ImportSummary> {
  const causes = imported.incidents.flatMap((incident) => (incident.rootCause === undefined ? [] : [incident.rootCause]));
  const commits = await lookupCommits(repo, causes);
  return store.transaction(async (ledger) => {
    const shipped = await storeImportedDeployments(repo, ledger, repository, imported.deployments);
    const warnings = [...shipped.warnings];
    const incidents = { total: 0, created: 0 };
    const rootCauses = { total: 0, created: 0 };
    for (const incident of imported.incidents) {
      const { id, created } = await ledger.upsertIncident(incidentRecord(incident));
      incidents.total++;
      if (created) incidents.created++;
      if (incident.rootCause === undefined) continue;
      const sha = commits.get(incident.rootCause);
      if (sha === undefined) {
        // Incidents span repositories: a commit this one does not have belongs to another.
        warnings.push(`${incident.source} incident ${incident.key}: root cause ${incident.rootCause} is not a commit of this repository; not linked`);
        continue;
      }
      const evidence = `root cause ${incident.rootCause} named in ${incident.source} incident ${incident.key}`;
      const link = await ledger.linkIncident({ incident: id, target: { repository, sha }, method: 'root-cause', confidence: 'high', evidence });
      rootCauses.total++;
      if (link.created) rootCauses.created++;
    }
    const deployments = { total: shipped.deployments.length, created: shipped.deployments.filter((deployment) => deployment.created).length };
    return { incidents, deployments, rootCauses, warnings };
  });
}

const incidentRecord = (incident: ImportedIncident): IncidentRecord => ({
  source: incident.source,
  key: incident.key,
  title: incident.title,
  severity: incident.severity,
  services: incident.services,
  startedAt: incident.startedAt,
  detectedAt: incident.detectedAt,
  resolvedAt: incident.resolvedAt,
});

async function known(store: Store, source: string, key: string): Promise<Incident> {
  const incident = await store.incident(source, key);
  if (incident === undefined) throw new UserError(`no incident ${key} from source "${source}" in the ledger`, `open it first with \`blastwall incident open --key ${key}\`, or name its --source`);
  return incident;
}

function notBefore(time: string, startedAt: string, what: string, key: string): void {
  if (utc(time) < utc(startedAt)) throw new UserError(`incident ${key} cannot be ${what} at ${utc(time)}, before it started (${utc(startedAt)})`);
}
