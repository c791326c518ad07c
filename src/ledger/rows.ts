import type { Insertable, Selectable } from 'kysely';
import type { Override, SignOff } from '../policy/decision.js';
import type { Confidence } from '../provenance/markers.js';
import type { AuditEntry } from './audit/chain.js';
import type { CommitLabel, CommitLabelName, CommitRecord, DeploymentRecord, DeploymentStatus, Incident, IncidentRecord, LinkTarget } from './records.js';
import type { AuditLogTable, CommitFilesTable, CommitToolsTable, CommitsTable, Database, IncidentsTable, OverridesTable, SignOffsTable } from './schema.js';

/** Between the domain's records and the tables' rows: one place that knows both shapes. */

/** Rows per insert: 14 columns x 1,000 stays under SQLite's 32,766 and Postgres's 65,535 parameters. */
export const BATCH = 1_000;

/** Commit files per insert: 5 columns x 6,000 stays under SQLite's 32,766 parameters (fewer, larger statements). */
export const FILE_BATCH = 6_000;

export const chunks = <T>(items: readonly T[], size = BATCH): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** An ISO 8601 time in UTC with milliseconds: the one form stored, so that text order is time order. */
export function utc(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not an ISO 8601 time: "${time}"`);
  return date.toISOString();
}

/**
 * The upper bounds of lines added of the change-size bands 0 to 3 (band 4 is above the last), as
 * insights' SIZE_BANDS (a test keeps the two equal). Changing them needs a migration that
 * recomputes `commits.size_band`.
 */
export const SIZE_BAND_LIMITS = [10, 50, 200, 1000] as const;

/** The band of a change by its lines added, an index into SIZE_BAND_LIMITS (and SIZE_BANDS). */
export function sizeBandIndex(linesAdded: number): number {
  const band = SIZE_BAND_LIMITS.findIndex((limit) => linesAdded <= limit);
  return band === -1 ? SIZE_BAND_LIMITS.length : band;
}

const utcOrNull = (time: string | undefined): string | null => (time === undefined ? null : utc(time));
const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;
const bit = (flag: boolean): number => (flag ? 1 : 0);

export const commitRow = (repositoryId: number, commit: CommitRecord): Insertable<CommitsTable> => ({
  repository_id: repositoryId,
  sha: commit.sha,
  parents: JSON.stringify(commit.parents),
  author_name: commit.author.name,
  author_email: commit.author.email,
  authored_at: utc(commit.authoredAt),
  committed_at: utc(commit.committedAt),
  subject: commit.subject,
  ai: bit(commit.attribution.ai),
  tools: JSON.stringify(commit.attribution.tools),
  confidence: commit.attribution.confidence ?? null,
  added: commit.added,
  deleted: commit.deleted,
  files: commit.files,
  is_merge: bit(commit.parents.length > 1),
  size_band: sizeBandIndex(commit.added),
});

/** The commit's tools, one row each (a tool named twice by a hand-built record counts once). */
export const commitToolRows = (repositoryId: number, commit: CommitRecord): Insertable<CommitToolsTable>[] =>
  [...new Set(commit.attribution.tools.map((tool) => tool.tool))].map((tool) => ({ repository_id: repositoryId, sha: commit.sha, tool }));

/**
 * The files of a commit, one row each; none for a merge, whose changes are those of the commits it
 * merges (git log gives it none either). A path listed twice (a hand-built record) is summed.
 */
export function commitFileRows(repositoryId: number, commit: CommitRecord): Insertable<CommitFilesTable>[] {
  if (commit.parents.length > 1 || commit.changedFiles === undefined) return [];
  const rows = new Map<string, Insertable<CommitFilesTable>>();
  for (const { path, added, deleted } of commit.changedFiles) {
    const seen = rows.get(path);
    rows.set(path, seen === undefined ? { repository_id: repositoryId, sha: commit.sha, path, added, deleted } : { ...seen, added: seen.added + added, deleted: seen.deleted + deleted });
  }
  return [...rows.values()];
}

/** Stored without the files it changed, which it has: a non-merge commit that changed files, given without their list. */
export const lacksFiles = (commit: CommitRecord): boolean => commit.changedFiles === undefined && commit.files > 0 && commit.parents.length < 2;

export const commitFromRow = (row: Selectable<CommitsTable>): CommitRecord => ({
  sha: row.sha,
  parents: JSON.parse(row.parents) as string[],
  author: { name: row.author_name, email: row.author_email },
  authoredAt: row.authored_at,
  committedAt: row.committed_at,
  subject: row.subject,
  attribution: { ai: row.ai === 1, tools: JSON.parse(row.tools) as CommitRecord['attribution']['tools'], confidence: orUndefined(row.confidence as Confidence | null) },
  added: row.added,
  deleted: row.deleted,
  files: row.files,
});

export const deploymentRow = (repositoryId: number, deployment: DeploymentRecord): Insertable<Database['deployments']> => ({
  repository_id: repositoryId,
  environment: deployment.environment,
  service: deployment.service,
  sha: deployment.sha,
  previous_sha: deployment.previousSha ?? null,
  started_at: utc(deployment.startedAt),
  finished_at: utcOrNull(deployment.finishedAt),
  status: deployment.status,
});

/** A deployment row joined with its repository's name. */
export type DeploymentRow = Selectable<Database['deployments']> & { repository: string };

export const deploymentFromRow = (row: DeploymentRow): DeploymentRecord & { id: number } => ({
  id: row.id,
  repository: row.repository,
  environment: row.environment,
  service: row.service,
  sha: row.sha,
  previousSha: orUndefined(row.previous_sha),
  startedAt: row.started_at,
  finishedAt: orUndefined(row.finished_at),
  status: row.status as DeploymentStatus,
});

export const incidentRow = (incident: IncidentRecord): Insertable<IncidentsTable> => ({
  source: incident.source,
  key: incident.key,
  title: incident.title,
  severity: incident.severity,
  services: JSON.stringify(incident.services),
  started_at: utc(incident.startedAt),
  detected_at: utcOrNull(incident.detectedAt),
  resolved_at: utcOrNull(incident.resolvedAt),
});

export const incidentFromRow = (row: Selectable<IncidentsTable>): Incident => ({
  id: row.id,
  source: row.source,
  key: row.key,
  title: row.title,
  severity: row.severity,
  services: JSON.parse(row.services) as string[],
  startedAt: row.started_at,
  detectedAt: orUndefined(row.detected_at),
  resolvedAt: orUndefined(row.resolved_at),
});

/** The link's natural key: one text column, because a unique constraint takes NULLs as distinct. */
export const linkTarget = (target: LinkTarget, repositoryId: number | undefined): string =>
  'deployment' in target ? `deployment:${target.deployment}` : `commit:${repositoryId}:${target.sha}`;

export const signOffFromRow = (row: Selectable<SignOffsTable>): SignOff => ({
  by: row.person,
  commit: row.commit_sha,
  source: row.source as SignOff['source'],
  at: row.at,
  ...(row.bot === 1 && { bot: true }),
});

export const overrideFromRow = (row: Selectable<OverridesTable>): Override => ({
  by: row.person,
  reason: row.reason,
  commit: row.commit_sha,
  at: row.at,
  source: row.source as Override['source'],
});

export const labelFromRow = (row: { repository: string; sha: string; label: string; method: string; evidence: string }): CommitLabel => ({
  repository: row.repository,
  sha: row.sha,
  label: row.label as CommitLabelName,
  method: row.method,
  evidence: row.evidence,
});

export const auditRow = (entry: AuditEntry): Insertable<AuditLogTable> => ({
  seq: entry.seq,
  at: entry.at,
  kind: entry.kind,
  actor: entry.actor,
  head: entry.head,
  change: entry.change,
  data: JSON.stringify(entry.data),
  prev: entry.prev,
  hash: entry.hash,
});

export const auditFromRow = (row: Selectable<AuditLogTable>): AuditEntry => ({
  seq: row.seq,
  prev: row.prev,
  kind: row.kind as AuditEntry['kind'],
  at: row.at,
  actor: row.actor,
  head: row.head,
  change: row.change,
  data: JSON.parse(row.data) as Record<string, unknown>,
  hash: row.hash,
});
