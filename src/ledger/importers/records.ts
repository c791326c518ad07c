/**
 * What every importer returns: deployments and incidents in one normalized shape, whatever the
 * source. The store keys them by `source` plus `externalId` (deployments) or `key` (incidents),
 * so importing the same file twice changes nothing.
 *
 * Times are ISO 8601 in UTC with milliseconds (`2026-11-30T10:00:00.000Z`), as
 * `Date.prototype.toISOString` writes them, so that they also sort as text.
 */

/** GitHub's deployment states, less `queued`, which is read as `pending`. */
export const DEPLOYMENT_STATUSES = ['success', 'failure', 'error', 'pending', 'in_progress', 'inactive'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface ImportedDeployment {
  /** `github`, or `generic` (a generic JSON file may name another). */
  readonly source: string;
  /** The source's id of the deployment, unique within the source. */
  readonly externalId: string;
  readonly environment: string;
  readonly services: readonly string[];
  /** The full commit id that was deployed. */
  readonly sha: string;
  /** The commit that was running before, when the source says so; else the store finds it. */
  readonly previousSha?: string;
  readonly status: DeploymentStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly url?: string;
}

export interface ImportedIncident {
  /** `pagerduty`, `opsgenie`, or `generic` (a generic JSON file may name another). */
  readonly source: string;
  /** The source's id of the incident, unique within the source. */
  readonly key: string;
  readonly title: string;
  readonly severity: Severity;
  /** The severity or priority as the source wrote it (`P2`, `high`, `SEV-1`), kept for reports. */
  readonly originalSeverity: string;
  /** Service names as the source writes them; linking them to blastwall's services comes later. */
  readonly services: readonly string[];
  readonly startedAt: string;
  readonly detectedAt?: string;
  readonly resolvedAt?: string;
  readonly url?: string;
  /** A commit named as the cause in the payload (a `root cause: <sha>` note); may be abbreviated. */
  readonly rootCause?: string;
  readonly status: IncidentStatus;
}

export interface ImportResult {
  readonly deployments: ImportedDeployment[];
  readonly incidents: ImportedIncident[];
}

export interface ImportOptions {
  /** The service of a repository whose GitHub deployments do not name one in their payload. */
  readonly defaultService?: string;
}

/** Text in, records out: no file system, no process, no database (the CLI reads and stores). */
export type Importer = (text: string, file: string, options?: ImportOptions) => ImportResult;

/** Drops the keys whose value is undefined, so that records print and compare without them. */
export const compact = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
