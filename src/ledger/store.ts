import type { AuditEntry, AuditInput } from './audit/chain.js';
import type { InsightAggregates, InsightQuery } from './insight-records.js';
import type { Override, SignOff } from '../policy/decision.js';
import type {
  Change,
  ChangeRecord,
  CommitLabel,
  CommitRecord,
  Deployment,
  DeploymentFilter,
  DeploymentRecord,
  ImportCounts,
  Incident,
  IncidentFilter,
  IncidentLink,
  IncidentLinkRecord,
  IncidentRecord,
  Recorded,
  RecordedDeployment,
  Repository,
  StoredCommitFile,
  TimeWindow,
} from './records.js';

export type * from './records.js';
export type { AuthorGroup, ChangeCell, DeploymentCell, InsightAggregates, InsightGrouping, InsightQuery, LinkedIncident, PathGroup } from './insight-records.js';
export { MAX_AUTHOR_GROUPS } from './insight-records.js';

/**
 * The ledger: what blastwall remembers about changes, deployments and incidents. One interface
 * over SQLite and Postgres (kysely-store.ts); nothing outside src/ledger/ writes SQL.
 *
 * Writes are idempotent: each record has a natural key (see schema.ts), and writing the same
 * record again changes nothing. Each method is atomic; `transaction` makes several atomic together.
 * Writers that name a repository create it when it is new; readers return nothing for an unknown one.
 */
export interface Store {
  upsertRepository(name: string): Promise<Repository>;

  /**
   * Inserts in batches, in one transaction; commits already present are left as they are. The files
   * of each commit (`changedFiles`) are stored too, also for a commit already present that lacks them.
   */
  importCommits(repository: string, commits: readonly CommitRecord[]): Promise<ImportCounts>;
  /**
   * Clears the repository's missingFiles mark: `ingest` calls it in the transaction in which it
   * imported HEAD's whole history again with the files of every commit.
   */
  filesFilled(repository: string): Promise<void>;

  /** A change and its latest decision; the same key again updates base, head and decision. */
  recordChange(change: ChangeRecord): Promise<Recorded>;
  /** One per reviewer and head commit: the first one recorded is kept. */
  recordSignOff(change: number, signOff: SignOff): Promise<Recorded>;
  recordOverride(change: number, override: Override): Promise<Recorded>;

  /**
   * A deployment and the commits it shipped. The same deployment again (seen again by an import,
   * or its status moving on) updates status, and finish time and previous sha when given, and adds
   * commits not linked yet.
   */
  recordDeployment(deployment: DeploymentRecord, commits: readonly string[]): Promise<RecordedDeployment>;

  /** By (source, key): the same key again updates the incident (see IncidentRecord for the times it keeps). */
  upsertIncident(incident: IncidentRecord): Promise<Recorded>;
  /** By (incident, target, method): the same link again updates its confidence and evidence. */
  linkIncident(link: IncidentLinkRecord): Promise<Recorded>;
  /** By (repository, sha, label, method): the same label again keeps the first evidence. */
  labelCommit(label: CommitLabel): Promise<{ readonly created: boolean }>;

  /**
   * Chains the inputs after the last entry and stores them. Writers queue behind each other, so
   * two of them (CI jobs writing to one Postgres, two processes on one SQLite file) cannot fork the chain.
   */
  appendAudit(inputs: readonly AuditInput[]): Promise<AuditEntry[]>;
  /** The whole log in seq order, for verifyChain and the gate's sign-off lookups. */
  readAudit(): Promise<AuditEntry[]>;

  /** Committed in the window (since inclusive, until exclusive), oldest first. */
  commits(repository: string, window?: TimeWindow): Promise<CommitRecord[]>;
  /** The commit with the latest commit time: where an incremental ingest resumes. */
  lastCommit(repository: string): Promise<CommitRecord | undefined>;
  /** The files its commits changed, sorted by sha and path. */
  commitFiles(repository: string): Promise<StoredCommitFile[]>;
  /**
   * Whether some of the repository's commits may be stored without the files they changed: commits
   * stored before the ledger kept files (migration 0003), or given to importCommits without them.
   */
  missingFiles(repository: string): Promise<boolean>;
  change(repository: string, key: string): Promise<Change | undefined>;
  /** Started in the window, oldest first. */
  deployments(filter?: DeploymentFilter): Promise<Deployment[]>;
  /** The latest successful deployment of the service to the environment that started before `before`. */
  previousDeployment(repository: string, environment: string, service: string, before: string): Promise<Deployment | undefined>;
  /** Started in the window, oldest first. */
  incidents(filter?: IncidentFilter): Promise<Incident[]>;
  incident(source: string, key: string): Promise<Incident | undefined>;
  /** In the order they were first recorded. */
  linksOf(incident: number): Promise<IncidentLink[]>;
  /** Sorted by sha, label and method. */
  labels(repository: string): Promise<CommitLabel[]>;

  /**
   * What `blastwall insights` compares, counted in the database over every repository: changes by
   * group, attribution and size band with their failures, deployments by group, attribution and
   * failure, and the incidents linked to changes (the definitions are in insight-records.ts).
   */
  insightAggregates(query: InsightQuery): Promise<InsightAggregates>;
  /** The distinct incident severities, sorted: what InsightQuery.severityWeights weighs. */
  incidentSeverities(): Promise<string[]>;
  /** The distinct commit author emails, sorted: what an `author` grouping puts in groups. */
  authorEmails(): Promise<string[]>;
  /** The distinct paths that commits changed, sorted: what a `path` grouping puts in groups. */
  changedPaths(): Promise<string[]>;
  /** Changes (non-merge commits) in the window that changed files but have none stored: in no `path` group. */
  changesWithoutFiles(window?: TimeWindow): Promise<number>;

  /**
   * Runs `work` in one transaction: everything it writes through the store it is given is kept,
   * or nothing is. Use only that store inside `work` (on SQLite the outer one waits for the
   * transaction to end, so using it there never returns). Nested calls join the outer transaction.
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  /** Closes the connection (SQLite file, Postgres pool). */
  close(): Promise<void>;
}
