import type { Generated } from 'kysely';

/**
 * The ledger's tables as kysely sees them: one schema for SQLite and Postgres, hence
 * - times are ISO 8601 text in UTC (`2025-01-02T03:04:05.000Z`), which sorts as it reads in both;
 * - booleans are integers 0/1;
 * - lists and objects are JSON text.
 *
 * Every table has a natural key (a primary key or unique constraint, see migrations.ts), so that
 * importing the same thing twice changes nothing. Surrogate `id`s exist only where other tables
 * point at a row. Commits are not referenced by foreign key: a deployment, an incident link or a
 * label may name a commit that `ingest` has not reached yet.
 */
export interface Database {
  repositories: RepositoriesTable;
  commits: CommitsTable;
  commit_tools: CommitToolsTable;
  commit_files: CommitFilesTable;
  changes: ChangesTable;
  sign_offs: SignOffsTable;
  overrides: OverridesTable;
  deployments: DeploymentsTable;
  deployment_commits: DeploymentCommitsTable;
  incidents: IncidentsTable;
  incident_links: IncidentLinksTable;
  commit_labels: CommitLabelsTable;
  audit_log: AuditLogTable;
  ledger_locks: LedgerLocksTable;
}

/** Natural key: name. */
export interface RepositoriesTable {
  id: Generated<number>;
  name: string;
  /**
   * 1 when some of its commits are stored without the files they changed (stored before migration
   * 0003, or given to importCommits without them): the next `ingest` reads the whole history again
   * to fill them, then sets it back to 0.
   */
  files_missing: Generated<number>;
}

/** Natural key: (repository_id, sha). A commit never changes, so a second import leaves it as it is. */
export interface CommitsTable {
  repository_id: number;
  sha: string;
  /** JSON array of parent shas. */
  parents: string;
  author_name: string;
  author_email: string;
  authored_at: string;
  committed_at: string;
  subject: string;
  /** 1 when an AI tool wrote or assisted the commit. */
  ai: number;
  /** JSON array of the tools that reached the minimum confidence (provenance's ToolAttribution). */
  tools: string;
  /** The strongest confidence among `tools`, null for a human commit. */
  confidence: string | null;
  added: number;
  deleted: number;
  /** Files changed. */
  files: number;
  /** 1 for a merge commit (two parents or more): not a change of its own for insights. */
  is_merge: number;
  /** The lines-added band (rows.ts SIZE_BAND_LIMITS), kept so that insights group by it from an index. */
  size_band: number;
}

/**
 * Natural key: (repository_id, sha, tool): the tools of an AI-assisted commit's attribution, one row
 * each (the ids of `commits.tools`), so that insights can group and count by tool in SQL.
 */
export interface CommitToolsTable {
  repository_id: number;
  sha: string;
  tool: string;
}

/**
 * Natural key: (repository_id, sha, path): the files a (non-merge) commit changed, with their line
 * counts as `git log --numstat` gives them (0 and 0 for a binary file; a renamed file under its new
 * path), so that insights can put changes in zones by the paths they touched.
 */
export interface CommitFilesTable {
  repository_id: number;
  sha: string;
  path: string;
  added: number;
  deleted: number;
}

/** Natural key: (repository_id, key), the key being `pr:12` or `<base>..<head>`. */
export interface ChangesTable {
  id: Generated<number>;
  repository_id: number;
  key: string;
  base: string;
  head: string;
  /** The latest decision; every earlier one is in the audit log. */
  verdict: string | null;
  summary: string | null;
  decided_at: string | null;
}

/** Natural key: (change_id, person, commit_sha): one approval per reviewer and head commit. */
export interface SignOffsTable {
  id: Generated<number>;
  change_id: number;
  person: string;
  commit_sha: string;
  source: string;
  at: string;
  bot: number;
}

/** Natural key: (change_id, person, commit_sha, at): each break-glass is its own event. */
export interface OverridesTable {
  id: Generated<number>;
  change_id: number;
  person: string;
  reason: string;
  commit_sha: string;
  source: string;
  at: string;
}

/**
 * Natural key: (repository_id, environment, service, started_at, sha). The start time is part of
 * it because the same sha can go out twice (a rollback, then a roll forward); a deployment to
 * several services is one row per service.
 */
export interface DeploymentsTable {
  id: Generated<number>;
  repository_id: number;
  environment: string;
  service: string;
  sha: string;
  previous_sha: string | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  /** AI-assisted non-merge commits among those it shipped that the ledger holds (kept up to date by importCommits and recordDeployment). */
  ai_changes: Generated<number>;
}

/** Natural key: (deployment_id, sha): the commits a deployment shipped. */
export interface DeploymentCommitsTable {
  deployment_id: number;
  sha: string;
}

/** Natural key: (source, key), e.g. (`pagerduty`, `Q1ABC`). Incidents span repositories. */
export interface IncidentsTable {
  id: Generated<number>;
  source: string;
  key: string;
  title: string;
  severity: string;
  /** JSON array of service names. */
  services: string;
  started_at: string;
  detected_at: string | null;
  resolved_at: string | null;
}

/**
 * Natural key: (incident_id, target, method), `target` being `deployment:<id>` or
 * `commit:<repository id>:<sha>`. A unique constraint treats NULLs as distinct in both databases,
 * so the nullable typed columns below cannot be the key; they are there to join on.
 */
export interface IncidentLinksTable {
  id: Generated<number>;
  incident_id: number;
  target: string;
  deployment_id: number | null;
  repository_id: number | null;
  sha: string | null;
  method: string;
  confidence: string;
  evidence: string;
}

/** Natural key: (repository_id, sha, label, method): the same finding by two methods is two rows. */
export interface CommitLabelsTable {
  repository_id: number;
  sha: string;
  label: string;
  method: string;
  evidence: string;
}

/**
 * The audit chain of audit/chain.ts, one row per entry. Natural key: seq (and hash). `at` is kept
 * exactly as written, not converted to UTC: it is hashed.
 */
export interface AuditLogTable {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  head: string;
  change: string;
  /** JSON text of the entry's data. */
  data: string;
  prev: string;
  hash: string;
}

/** Rows that writers update first to queue behind each other (see appendAudit). */
export interface LedgerLocksTable {
  name: string;
  taken_at: string | null;
}
