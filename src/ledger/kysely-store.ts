import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { Override, SignOff } from '../policy/decision.js';
import type { AuditEntry, AuditInput } from './audit/chain.js';
import { appendToChain, readChain } from './audit-table.js';
import { countChangesWithoutFiles, readAuthorEmails, readChangedPaths, readIncidentSeverities, readInsightAggregates, recountAiChanges, recountShippedAiChanges } from './insight-queries.js';
import type { InsightAggregates, InsightQuery } from './insight-records.js';
import { readChange, readCommitFiles, readCommits, readDeployments, readFilesMissing, readIncidents, readLabels, readLinks, readPreviousDeployment } from './readers.js';
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
import { FILE_BATCH, chunks, commitFileRows, commitRow, commitToolRows, deploymentRow, incidentRow, lacksFiles, linkTarget, utc } from './rows.js';
import type { CommitFilesTable, Database } from './schema.js';
import type { Store } from './store.js';

/** The id of a repository, created when new. */
async function ensureRepository(db: Kysely<Database>, name: string): Promise<number> {
  await db
    .insertInto('repositories')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('repositories').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts commit files (those present are left), FILE_BATCH rows a statement, and returns how many
 * were new. Every full batch is the same statement with other parameters: it is compiled once, as
 * kysely's compilation of 30,000 values costs about what SQLite takes to insert them. The template
 * is used only when its parameters are the rows in the order given here.
 */
async function insertCommitFiles(db: Kysely<Database>, rows: readonly Insertable<CommitFilesTable>[]): Promise<number> {
  let inserted = 0;
  let template: CompiledQuery | undefined;
  let checked = false;
  for (const batch of chunks(rows, FILE_BATCH)) {
    const parameters = batch.flatMap((row) => [row.repository_id, row.sha, row.path, row.added, row.deleted]);
    let compiled: CompiledQuery | undefined = template !== undefined && batch.length === FILE_BATCH ? { ...template, parameters } : undefined;
    if (compiled === undefined) {
      compiled = db
        .insertInto('commit_files')
        .values(batch)
        .onConflict((oc) => oc.columns(['repository_id', 'sha', 'path']).doNothing())
        .compile();
      if (!checked && batch.length === FILE_BATCH) {
        checked = true;
        if (compiled.parameters.length === parameters.length && compiled.parameters.every((value, i) => value === parameters[i])) template = compiled;
      }
    }
    const result = await db.executeQuery(compiled);
    inserted += Number(result.numAffectedRows ?? 0n);
  }
  return inserted;
}

/** The Store over kysely: one implementation for every backend. */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `work` in a transaction, or in the one this store is bound to. */
  #atomic<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }

  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.#atomic((db) => work(db === this.#db ? this : new KyselyStore(db)));
  }

  async close(): Promise<void> {
    if (this.#db.isTransaction) throw new Error('close the store, not the store of a transaction');
    await this.#db.destroy();
  }

  upsertRepository(name: string): Promise<Repository> {
    return this.#atomic(async (db) => ({ id: await ensureRepository(db, name), name }));
  }

  importCommits(repository: string, commits: readonly CommitRecord[]): Promise<ImportCounts> {
    return this.#atomic(async (db) => {
      const repositoryId = await ensureRepository(db, repository);
      let inserted = 0;
      for (const batch of chunks(commits)) {
        const rows = batch.map((commit) => commitRow(repositoryId, commit));
        const result = await db
          .insertInto('commits')
          .values(rows)
          .onConflict((oc) => oc.columns(['repository_id', 'sha']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
        // Deployments recorded before their commits were ingested learn now that they shipped AI-assisted changes.
        await recountShippedAiChanges(db, rows.filter((row) => row.ai === 1 && row.is_merge === 0).map((row) => row.sha));
      }
      for (const batch of chunks(commits.flatMap((commit) => commitToolRows(repositoryId, commit)))) {
        await db
          .insertInto('commit_tools')
          .values(batch)
          .onConflict((oc) => oc.columns(['repository_id', 'sha', 'tool']).doNothing())
          .execute();
      }
      // Those of commits already present too: an ingest that reads the history again fills the files of commits stored without them.
      const files = await insertCommitFiles(db, commits.flatMap((commit) => commitFileRows(repositoryId, commit)));
      if (commits.some(lacksFiles)) await db.updateTable('repositories').set({ files_missing: 1 }).where('id', '=', repositoryId).execute();
      return { inserted, present: commits.length - inserted, files };
    });
  }

  filesFilled(repository: string): Promise<void> {
    return this.#atomic(async (db) => {
      await db.updateTable('repositories').set({ files_missing: 0 }).where('name', '=', repository).execute();
    });
  }

  recordChange(change: ChangeRecord): Promise<Recorded> {
    return this.#atomic(async (db) => {
      const repositoryId = await ensureRepository(db, change.repository);
      const existing = await db.selectFrom('changes').select('id').where('repository_id', '=', repositoryId).where('key', '=', change.key).executeTakeFirst();
      const values = {
        base: change.base,
        head: change.head,
        verdict: change.decision?.verdict ?? null,
        summary: change.decision?.summary ?? null,
        decided_at: change.decision === undefined ? null : utc(change.decision.at),
      };
      const { id } = await db
        .insertInto('changes')
        .values({ repository_id: repositoryId, key: change.key, ...values })
        .onConflict((oc) => oc.columns(['repository_id', 'key']).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, created: existing === undefined };
    });
  }

  recordSignOff(change: number, signOff: SignOff): Promise<Recorded> {
    return this.#atomic(async (db) => {
      const key = { change_id: change, person: signOff.by, commit_sha: signOff.commit };
      const inserted = await db
        .insertInto('sign_offs')
        .values({ ...key, source: signOff.source, at: utc(signOff.at), bot: signOff.bot === true ? 1 : 0 })
        .onConflict((oc) => oc.columns(['change_id', 'person', 'commit_sha']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined) return { id: inserted.id, created: true };
      const existing = await db.selectFrom('sign_offs').select('id').where('change_id', '=', key.change_id).where('person', '=', key.person).where('commit_sha', '=', key.commit_sha).executeTakeFirstOrThrow();
      return { id: existing.id, created: false };
    });
  }

  recordOverride(change: number, override: Override): Promise<Recorded> {
    return this.#atomic(async (db) => {
      const key = { change_id: change, person: override.by, commit_sha: override.commit, at: utc(override.at) };
      const inserted = await db
        .insertInto('overrides')
        .values({ ...key, reason: override.reason, source: override.source })
        .onConflict((oc) => oc.columns(['change_id', 'person', 'commit_sha', 'at']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined) return { id: inserted.id, created: true };
      const existing = await db
        .selectFrom('overrides')
        .select('id')
        .where('change_id', '=', key.change_id)
        .where('person', '=', key.person)
        .where('commit_sha', '=', key.commit_sha)
        .where('at', '=', key.at)
        .executeTakeFirstOrThrow();
      return { id: existing.id, created: false };
    });
  }

  recordDeployment(deployment: DeploymentRecord, commits: readonly string[]): Promise<RecordedDeployment> {
    return this.#atomic(async (db) => {
      const row = deploymentRow(await ensureRepository(db, deployment.repository), deployment);
      const existing = await db
        .selectFrom('deployments')
        .select('id')
        .where('repository_id', '=', row.repository_id)
        .where('environment', '=', row.environment)
        .where('service', '=', row.service)
        .where('started_at', '=', row.started_at)
        .where('sha', '=', row.sha)
        .executeTakeFirst();
      const { id } = await db
        .insertInto('deployments')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['repository_id', 'environment', 'service', 'started_at', 'sha']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            // A later status report may not repeat what an earlier one said.
            finished_at: eb.fn.coalesce('excluded.finished_at', 'deployments.finished_at'),
            previous_sha: eb.fn.coalesce('excluded.previous_sha', 'deployments.previous_sha'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      let commitsAdded = 0;
      for (const batch of chunks([...new Set(commits)])) {
        const result = await db
          .insertInto('deployment_commits')
          .values(batch.map((sha) => ({ deployment_id: id, sha })))
          .onConflict((oc) => oc.columns(['deployment_id', 'sha']).doNothing())
          .executeTakeFirst();
        commitsAdded += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      if (commitsAdded > 0) await recountAiChanges(db, id);
      return { id, created: existing === undefined, commitsAdded };
    });
  }

  upsertIncident(incident: IncidentRecord): Promise<Recorded> {
    return this.#atomic(async (db) => {
      const existing = await db.selectFrom('incidents').select('id').where('source', '=', incident.source).where('key', '=', incident.key).executeTakeFirst();
      const { id } = await db
        .insertInto('incidents')
        .values(incidentRow(incident))
        .onConflict((oc) =>
          oc.columns(['source', 'key']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            severity: eb.ref('excluded.severity'),
            services: eb.ref('excluded.services'),
            started_at: eb.ref('excluded.started_at'),
            detected_at: eb.fn.coalesce('excluded.detected_at', 'incidents.detected_at'),
            resolved_at: eb.fn.coalesce('excluded.resolved_at', 'incidents.resolved_at'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, created: existing === undefined };
    });
  }

  linkIncident(link: IncidentLinkRecord): Promise<Recorded> {
    return this.#atomic(async (db) => {
      const { target } = link;
      const repositoryId = 'deployment' in target ? undefined : await ensureRepository(db, target.repository);
      const key = { incident_id: link.incident, target: linkTarget(target, repositoryId), method: link.method };
      const existing = await db.selectFrom('incident_links').select('id').where('incident_id', '=', key.incident_id).where('target', '=', key.target).where('method', '=', key.method).executeTakeFirst();
      const values = { confidence: link.confidence, evidence: link.evidence };
      const { id } = await db
        .insertInto('incident_links')
        .values({
          ...key,
          ...values,
          deployment_id: 'deployment' in target ? target.deployment : null,
          repository_id: repositoryId ?? null,
          sha: 'sha' in target ? target.sha : null,
        })
        .onConflict((oc) => oc.columns(['incident_id', 'target', 'method']).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, created: existing === undefined };
    });
  }

  labelCommit(label: CommitLabel): Promise<{ created: boolean }> {
    return this.#atomic(async (db) => {
      const result = await db
        .insertInto('commit_labels')
        .values({ repository_id: await ensureRepository(db, label.repository), sha: label.sha, label: label.label, method: label.method, evidence: label.evidence })
        .onConflict((oc) => oc.columns(['repository_id', 'sha', 'label', 'method']).doNothing())
        .executeTakeFirst();
      return { created: Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 };
    });
  }

  appendAudit(inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
    if (inputs.length === 0) return Promise.resolve([]);
    return this.#atomic((db) => appendToChain(db, inputs));
  }

  readAudit(): Promise<AuditEntry[]> {
    return readChain(this.#db);
  }

  commits(repository: string, window: TimeWindow = {}): Promise<CommitRecord[]> {
    return readCommits(this.#db, repository, window, 'oldest-first');
  }

  commitFiles(repository: string): Promise<StoredCommitFile[]> {
    return readCommitFiles(this.#db, repository);
  }

  missingFiles(repository: string): Promise<boolean> {
    return readFilesMissing(this.#db, repository);
  }

  async lastCommit(repository: string): Promise<CommitRecord | undefined> {
    const [last] = await readCommits(this.#db, repository, {}, 'latest');
    return last;
  }

  change(repository: string, key: string): Promise<Change | undefined> {
    return readChange(this.#db, repository, key);
  }

  deployments(filter: DeploymentFilter = {}): Promise<Deployment[]> {
    return readDeployments(this.#db, filter);
  }

  previousDeployment(repository: string, environment: string, service: string, before: string): Promise<Deployment | undefined> {
    return readPreviousDeployment(this.#db, { repository, environment, service, before });
  }

  incidents(filter: IncidentFilter = {}): Promise<Incident[]> {
    return readIncidents(this.#db, filter);
  }

  async incident(source: string, key: string): Promise<Incident | undefined> {
    const [found] = await readIncidents(this.#db, { source, key });
    return found;
  }

  linksOf(incident: number): Promise<IncidentLink[]> {
    return readLinks(this.#db, incident);
  }

  labels(repository: string): Promise<CommitLabel[]> {
    return readLabels(this.#db, repository);
  }

  insightAggregates(query: InsightQuery): Promise<InsightAggregates> {
    return readInsightAggregates(this.#db, query);
  }

  incidentSeverities(): Promise<string[]> {
    return readIncidentSeverities(this.#db);
  }

  authorEmails(): Promise<string[]> {
    return readAuthorEmails(this.#db);
  }

  changedPaths(): Promise<string[]> {
    return readChangedPaths(this.#db);
  }

  changesWithoutFiles(window: TimeWindow = {}): Promise<number> {
    return countChangesWithoutFiles(this.#db, window);
  }
}
