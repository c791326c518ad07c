import type { Override, SignOff, Verdict } from '../policy/decision.js';
import type { ToolAttribution } from '../provenance/attribution.js';
import type { AttributedCommit } from '../provenance/history.js';
import type { Confidence } from '../provenance/markers.js';

/**
 * What goes into the ledger and comes out of it, in the domain's words. Times go in as any
 * ISO 8601 time and come out in UTC (`2025-01-02T03:04:05.000Z`); audit entries are the exception
 * (their time is hashed, so it is kept as written).
 */

export interface Repository {
  readonly id: number;
  readonly name: string;
}

/** A commit with its attribution and line counts. */
export interface CommitRecord {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: { readonly name: string; readonly email: string };
  readonly authoredAt: string;
  readonly committedAt: string;
  readonly subject: string;
  readonly attribution: {
    readonly ai: boolean;
    readonly tools: readonly ToolAttribution[];
    readonly confidence: Confidence | undefined;
  };
  readonly added: number;
  readonly deleted: number;
  /** How many files the commit changed. */
  readonly files: number;
  /**
   * The files it changed, when the caller knows them (`ingest` does): importCommits stores them. A
   * non-merge commit given with files but without this list marks its repository's files as missing
   * (see Store.missingFiles). Not read back by `commits`: see `commitFiles`.
   */
  readonly changedFiles?: readonly CommitFile[] | undefined;
}

/** A file a commit changed, under its new path when renamed, with its line counts (0 and 0 when binary). */
export interface CommitFile {
  readonly path: string;
  readonly added: number;
  readonly deleted: number;
}

/** A stored commit file with its commit. */
export interface StoredCommitFile extends CommitFile {
  readonly sha: string;
}

/** What `ingest` gets from provenance, as the ledger keeps it (evidence below the minimum confidence is left out). */
export const commitRecord = (commit: AttributedCommit): CommitRecord => ({
  sha: commit.sha,
  parents: commit.parents,
  author: { name: commit.author.name, email: commit.author.email },
  authoredAt: commit.author.date,
  committedAt: commit.committer.date,
  subject: commit.subject,
  attribution: { ai: commit.attribution.ai, tools: commit.attribution.tools, confidence: commit.attribution.confidence },
  added: commit.added,
  deleted: commit.deleted,
  files: commit.files.length,
  changedFiles: commit.files,
});

export interface ImportCounts {
  readonly inserted: number;
  /** Already in the ledger (or twice in the input): left as they were. */
  readonly present: number;
  /** Commit files stored: those of the new commits, and those of commits already present that lacked them. */
  readonly files: number;
}

/** What a write did: the row's id, and whether it is new (false: the natural key was there, and the row was updated or kept). */
export interface Recorded {
  readonly id: number;
  readonly created: boolean;
}

export interface ChangeRecord {
  readonly repository: string;
  /** `pr:12` or `<base>..<head>`. */
  readonly key: string;
  readonly base: string;
  readonly head: string;
  /** The latest decision (earlier ones are in the audit log); recording a change without one clears it. */
  readonly decision?: { readonly verdict: Verdict; readonly summary: string; readonly at: string } | undefined;
}

export interface Change extends ChangeRecord {
  readonly id: number;
  readonly signOffs: readonly SignOff[];
  readonly overrides: readonly Override[];
}

/** GitHub's deployment states (which the importers also use); `inactive`: superseded by a later deployment. */
export type DeploymentStatus = 'pending' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentRecord {
  readonly repository: string;
  readonly environment: string;
  /** One service; a deployment to several services is recorded once per service. */
  readonly service: string;
  /** The commit deployed. */
  readonly sha: string;
  /** The commit that was running before, when the source says. */
  readonly previousSha?: string | undefined;
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
  readonly status: DeploymentStatus;
}

export interface Deployment extends DeploymentRecord {
  readonly id: number;
  /** The commits it shipped, sorted. */
  readonly commits: readonly string[];
}

export interface RecordedDeployment extends Recorded {
  /** Commits newly linked to the deployment. */
  readonly commitsAdded: number;
}

export interface IncidentRecord {
  /** Where it came from: `pagerduty`, `opsgenie`, `manual`, ... */
  readonly source: string;
  /** The source's id for it. */
  readonly key: string;
  readonly title: string;
  /** As the source names it (`SEV1`, `P2`, `critical`). */
  readonly severity: string;
  readonly services: readonly string[];
  readonly startedAt: string;
  /** Left undefined, a time the ledger already holds is kept (an import that lacks it does not erase it). */
  readonly detectedAt?: string | undefined;
  readonly resolvedAt?: string | undefined;
}

export interface Incident extends IncidentRecord {
  readonly id: number;
}

export type LinkTarget = { readonly deployment: number } | { readonly repository: string; readonly sha: string };

export interface IncidentLinkRecord {
  /** The incident's id (from upsertIncident or incident()). */
  readonly incident: number;
  readonly target: LinkTarget;
  /** How the link was found: `manual`, `root-cause`, `revert`, `deploy-window`, ... */
  readonly method: string;
  readonly confidence: Confidence;
  readonly evidence: string;
}

export interface IncidentLink extends IncidentLinkRecord {
  readonly id: number;
}

export type CommitLabelName = 'reverted' | 'bug-introducing';

export interface CommitLabel {
  readonly repository: string;
  readonly sha: string;
  readonly label: CommitLabelName;
  /** How it was found: `revert-message`, `szz`, ... */
  readonly method: string;
  readonly evidence: string;
}

/** A half-open time window: since <= t < until; either end may be left open. */
export interface TimeWindow {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

export interface DeploymentFilter extends TimeWindow {
  readonly repository?: string | undefined;
  readonly environment?: string | undefined;
  readonly service?: string | undefined;
}

export interface IncidentFilter extends TimeWindow {
  readonly source?: string | undefined;
  /** Incidents that name this service. */
  readonly service?: string | undefined;
}
