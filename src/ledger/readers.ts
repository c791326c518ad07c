import type { Kysely } from 'kysely';
import type { Change, CommitLabel, CommitRecord, Deployment, DeploymentFilter, Incident, IncidentFilter, IncidentLink, StoredCommitFile, TimeWindow } from './records.js';
import { commitFromRow, deploymentFromRow, incidentFromRow, labelFromRow, overrideFromRow, signOffFromRow, utc, type DeploymentRow } from './rows.js';
import type { Database } from './schema.js';

/** The store's queries that only read: a missing repository or key reads as nothing. */

/** Ids per `in (...)` list, well under both databases' parameter limits. */
const IN_LIST = 1_000;

export async function readCommits(db: Kysely<Database>, repository: string, window: TimeWindow, order: 'oldest-first' | 'latest'): Promise<CommitRecord[]> {
  let query = db
    .selectFrom('commits')
    .innerJoin('repositories', 'repositories.id', 'commits.repository_id')
    .selectAll('commits')
    .where('repositories.name', '=', repository);
  if (window.since !== undefined) query = query.where('commits.committed_at', '>=', utc(window.since));
  if (window.until !== undefined) query = query.where('commits.committed_at', '<', utc(window.until));
  // The sha breaks ties, so that the order is the same on every backend.
  query = order === 'latest' ? query.orderBy('commits.committed_at', 'desc').orderBy('commits.sha', 'desc').limit(1) : query.orderBy('commits.committed_at').orderBy('commits.sha');
  return (await query.execute()).map(commitFromRow);
}

/** Sorted by sha and path (code point order: the databases' collations differ). */
export async function readCommitFiles(db: Kysely<Database>, repository: string): Promise<StoredCommitFile[]> {
  const rows = await db
    .selectFrom('commit_files')
    .innerJoin('repositories', 'repositories.id', 'commit_files.repository_id')
    .select(['commit_files.sha', 'commit_files.path', 'commit_files.added', 'commit_files.deleted'])
    .where('repositories.name', '=', repository)
    .execute();
  return rows.sort((a, b) => (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(({ sha, path, added, deleted }) => ({ sha, path, added, deleted }));
}

/** Whether the repository is marked as holding commits without their files (an unknown one holds none). */
export async function readFilesMissing(db: Kysely<Database>, repository: string): Promise<boolean> {
  const row = await db.selectFrom('repositories').select('files_missing').where('name', '=', repository).executeTakeFirst();
  return row?.files_missing === 1;
}

export async function readChange(db: Kysely<Database>, repository: string, key: string): Promise<Change | undefined> {
  const row = await db
    .selectFrom('changes')
    .innerJoin('repositories', 'repositories.id', 'changes.repository_id')
    .selectAll('changes')
    .where('repositories.name', '=', repository)
    .where('changes.key', '=', key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const signOffs = await db.selectFrom('sign_offs').selectAll().where('change_id', '=', row.id).orderBy('id').execute();
  const overrides = await db.selectFrom('overrides').selectAll().where('change_id', '=', row.id).orderBy('id').execute();
  const decided = row.verdict !== null && row.summary !== null && row.decided_at !== null;
  return {
    id: row.id,
    repository,
    key: row.key,
    base: row.base,
    head: row.head,
    decision: decided ? { verdict: row.verdict as NonNullable<Change['decision']>['verdict'], summary: row.summary!, at: row.decided_at! } : undefined,
    signOffs: signOffs.map(signOffFromRow),
    overrides: overrides.map(overrideFromRow),
  };
}

function deploymentsQuery(db: Kysely<Database>, filter: DeploymentFilter) {
  let query = db.selectFrom('deployments').innerJoin('repositories', 'repositories.id', 'deployments.repository_id').selectAll('deployments').select('repositories.name as repository');
  if (filter.repository !== undefined) query = query.where('repositories.name', '=', filter.repository);
  if (filter.environment !== undefined) query = query.where('deployments.environment', '=', filter.environment);
  if (filter.service !== undefined) query = query.where('deployments.service', '=', filter.service);
  if (filter.since !== undefined) query = query.where('deployments.started_at', '>=', utc(filter.since));
  if (filter.until !== undefined) query = query.where('deployments.started_at', '<', utc(filter.until));
  return query;
}

/** The deployments with the commits each shipped. */
async function withCommits(db: Kysely<Database>, rows: readonly DeploymentRow[]): Promise<Deployment[]> {
  const commits = new Map<number, string[]>(rows.map((row) => [row.id, []]));
  const ids = [...commits.keys()];
  for (let i = 0; i < ids.length; i += IN_LIST) {
    const links = await db
      .selectFrom('deployment_commits')
      .select(['deployment_id', 'sha'])
      .where('deployment_id', 'in', ids.slice(i, i + IN_LIST))
      .orderBy('deployment_id')
      .orderBy('sha')
      .execute();
    for (const link of links) commits.get(link.deployment_id)!.push(link.sha);
  }
  return rows.map((row) => ({ ...deploymentFromRow(row), commits: commits.get(row.id)! }));
}

export async function readDeployments(db: Kysely<Database>, filter: DeploymentFilter): Promise<Deployment[]> {
  const rows = await deploymentsQuery(db, filter).orderBy('deployments.started_at').orderBy('deployments.id').execute();
  return withCommits(db, rows);
}

export async function readPreviousDeployment(
  db: Kysely<Database>,
  where: { repository: string; environment: string; service: string; before: string },
): Promise<Deployment | undefined> {
  const row = await deploymentsQuery(db, where)
    .where('deployments.status', '=', 'success')
    .where('deployments.started_at', '<', utc(where.before))
    .orderBy('deployments.started_at', 'desc')
    .orderBy('deployments.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : (await withCommits(db, [row]))[0];
}

export async function readIncidents(db: Kysely<Database>, filter: IncidentFilter & { key?: string }): Promise<Incident[]> {
  let query = db.selectFrom('incidents').selectAll();
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.key !== undefined) query = query.where('key', '=', filter.key);
  if (filter.since !== undefined) query = query.where('started_at', '>=', utc(filter.since));
  if (filter.until !== undefined) query = query.where('started_at', '<', utc(filter.until));
  const incidents = (await query.orderBy('started_at').orderBy('id').execute()).map(incidentFromRow);
  // Services are JSON text: matched here rather than with a dialect's JSON operators.
  return filter.service === undefined ? incidents : incidents.filter((incident) => incident.services.includes(filter.service!));
}

export async function readLinks(db: Kysely<Database>, incident: number): Promise<IncidentLink[]> {
  const rows = await db
    .selectFrom('incident_links')
    .leftJoin('repositories', 'repositories.id', 'incident_links.repository_id')
    .selectAll('incident_links')
    .select('repositories.name as repository')
    .where('incident_links.incident_id', '=', incident)
    .orderBy('incident_links.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    incident: row.incident_id,
    target: row.deployment_id !== null ? { deployment: row.deployment_id } : { repository: row.repository!, sha: row.sha! },
    method: row.method,
    confidence: row.confidence as IncidentLink['confidence'],
    evidence: row.evidence,
  }));
}

export async function readLabels(db: Kysely<Database>, repository: string): Promise<CommitLabel[]> {
  const rows = await db
    .selectFrom('commit_labels')
    .innerJoin('repositories', 'repositories.id', 'commit_labels.repository_id')
    .select(['repositories.name as repository', 'commit_labels.sha', 'commit_labels.label', 'commit_labels.method', 'commit_labels.evidence'])
    .where('repositories.name', '=', repository)
    .execute();
  // Sorted here: Postgres orders text by its collation, SQLite by code point, and methods are free text.
  const key = (label: CommitLabel): string => `${label.sha}\u0000${label.label}\u0000${label.method}`;
  return rows.map(labelFromRow).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
