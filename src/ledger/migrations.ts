import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { LedgerDialect } from './dialect.js';
import type { Database } from './schema.js';

/**
 * The ledger's migrations, in code and written once with kysely's schema builder, so that both
 * backends run the same steps. Kysely orders them by name: keep the zero-padded prefix. A step
 * that has run is never edited; a change is a new step.
 */
export const MIGRATION_TABLE = 'blastwall_migrations';
export const MIGRATION_LOCK_TABLE = 'blastwall_migration_lock';

/** The lock row appendAudit takes first (see kysely-store.ts). */
export const AUDIT_LOCK = 'audit';

export type MigrationStatus = 'applied' | 'failed' | 'rolled-back' | 'not-run';

export interface MigrationStep {
  readonly name: string;
  readonly status: MigrationStatus;
}

/** An open, migrated ledger database: what a backend's `connect` hands to the store. */
export interface LedgerConnection {
  readonly db: Kysely<Database>;
  readonly dialect: LedgerDialect;
  /** The migrations this connection applied (none when the ledger was up to date). */
  readonly migrations: readonly MigrationStep[];
}

/** A migration run that failed. Each run is one transaction on both backends, so nothing of it was kept. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly step: string | undefined,
    readonly steps: readonly MigrationStep[],
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      step === undefined
        ? `the ledger's migrations could not start: ${reason}`
        : `ledger migration "${step}" failed: ${reason} (the run was rolled back; no step of it was kept)`,
      { cause },
    );
  }
}

export function ledgerMigrations(dialect: LedgerDialect): Record<string, Migration> {
  return {
    '0001-ledger': { up: (db) => createLedger(db, dialect) },
    '0002-insights': { up: (db) => addInsightColumns(db, dialect) },
    '0003-commit-files': { up: (db) => addCommitFiles(db, dialect) },
  };
}

class LedgerMigrations implements MigrationProvider {
  constructor(private readonly dialect: LedgerDialect) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(ledgerMigrations(this.dialect));
  }
}

/** Brings the ledger up to date; returns what this run did (nothing when it was up to date). Throws MigrationError. */
export async function migrate(db: Kysely<Database>, dialect: LedgerDialect): Promise<MigrationStep[]> {
  const migrator = new Migrator({
    db,
    provider: new LedgerMigrations(dialect),
    // Own names, so that another kysely application in the same database or schema keeps its own history.
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(dialect.schema !== undefined && { migrationTableSchema: dialect.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return results.map((result) => ({ name: result.migrationName, status: 'applied' }));
  const steps = results.map(
    (result): MigrationStep => ({
      name: result.migrationName,
      status: result.status === 'Error' ? 'failed' : result.status === 'Success' ? 'rolled-back' : 'not-run',
    }),
  );
  throw new MigrationError(steps.find((step) => step.status === 'failed')?.name, steps, error);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as schema.ts is now
async function createLedger(db: Kysely<any>, dialect: LedgerDialect): Promise<void> {
  const id = dialect.idType;

  await db.schema
    .createTable('repositories')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .execute();

  await db.schema
    .createTable('commits')
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('sha', 'text', (col) => col.notNull())
    .addColumn('parents', 'text', (col) => col.notNull())
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('author_email', 'text', (col) => col.notNull())
    .addColumn('authored_at', 'text', (col) => col.notNull())
    .addColumn('committed_at', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('ai', 'integer', (col) => col.notNull())
    .addColumn('tools', 'text', (col) => col.notNull())
    .addColumn('confidence', 'text')
    .addColumn('added', 'integer', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull())
    .addColumn('files', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('commits_natural_key', ['repository_id', 'sha'])
    .addCheckConstraint('commits_ai_is_boolean', sql`ai in (0, 1)`)
    .execute();
  // Incremental ingest and insights read a repository's commits by time.
  await db.schema.createIndex('commits_by_time').on('commits').columns(['repository_id', 'committed_at']).execute();

  await db.schema
    .createTable('changes')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('base', 'text', (col) => col.notNull())
    .addColumn('head', 'text', (col) => col.notNull())
    .addColumn('verdict', 'text')
    .addColumn('summary', 'text')
    .addColumn('decided_at', 'text')
    .addUniqueConstraint('changes_natural_key', ['repository_id', 'key'])
    .execute();

  await db.schema
    .createTable('sign_offs')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('change_id', 'integer', (col) => col.notNull().references('changes.id'))
    .addColumn('person', 'text', (col) => col.notNull())
    .addColumn('commit_sha', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('bot', 'integer', (col) => col.notNull())
    .addUniqueConstraint('sign_offs_natural_key', ['change_id', 'person', 'commit_sha'])
    .addCheckConstraint('sign_offs_bot_is_boolean', sql`bot in (0, 1)`)
    .execute();

  await db.schema
    .createTable('overrides')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('change_id', 'integer', (col) => col.notNull().references('changes.id'))
    .addColumn('person', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('commit_sha', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .addUniqueConstraint('overrides_natural_key', ['change_id', 'person', 'commit_sha', 'at'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('environment', 'text', (col) => col.notNull())
    .addColumn('service', 'text', (col) => col.notNull())
    .addColumn('sha', 'text', (col) => col.notNull())
    .addColumn('previous_sha', 'text')
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    // started_at before sha: this index also finds a repository's latest deployment of a service (previousDeployment).
    .addUniqueConstraint('deployments_natural_key', ['repository_id', 'environment', 'service', 'started_at', 'sha'])
    .execute();
  // Incidents name services, not repositories: suspects and insights look deployments up by service, environment and time.
  await db.schema.createIndex('deployments_by_service').on('deployments').columns(['service', 'environment', 'started_at']).execute();
  await db.schema.createIndex('deployments_by_time').on('deployments').column('started_at').execute();

  await db.schema
    .createTable('deployment_commits')
    .addColumn('deployment_id', 'integer', (col) => col.notNull().references('deployments.id'))
    .addColumn('sha', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('deployment_commits_natural_key', ['deployment_id', 'sha'])
    .execute();
  // Which deployment shipped a commit.
  await db.schema.createIndex('deployment_commits_by_sha').on('deployment_commits').column('sha').execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('services', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('detected_at', 'text')
    .addColumn('resolved_at', 'text')
    .addUniqueConstraint('incidents_natural_key', ['source', 'key'])
    .execute();
  await db.schema.createIndex('incidents_by_time').on('incidents').column('started_at').execute();

  await db.schema
    .createTable('incident_links')
    .addColumn('id', id, (col) => col.primaryKey())
    .addColumn('incident_id', 'integer', (col) => col.notNull().references('incidents.id'))
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('deployment_id', 'integer', (col) => col.references('deployments.id'))
    .addColumn('repository_id', 'integer', (col) => col.references('repositories.id'))
    .addColumn('sha', 'text')
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('confidence', 'text', (col) => col.notNull())
    .addColumn('evidence', 'text', (col) => col.notNull())
    // Leads with incident_id: it is also the index that finds an incident's links.
    .addUniqueConstraint('incident_links_natural_key', ['incident_id', 'target', 'method'])
    .execute();
  // The other way round: the incidents linked to a deployment or a commit (change failure rates).
  await db.schema.createIndex('incident_links_by_deployment').on('incident_links').column('deployment_id').execute();
  await db.schema.createIndex('incident_links_by_commit').on('incident_links').columns(['repository_id', 'sha']).execute();

  await db.schema
    .createTable('commit_labels')
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('sha', 'text', (col) => col.notNull())
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('evidence', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('commit_labels_natural_key', ['repository_id', 'sha', 'label', 'method'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('head', 'text', (col) => col.notNull())
    .addColumn('change', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('prev', 'text', (col) => col.notNull())
    // A second entry chained to the same one would repeat a seq: the keys turn a fork into an error.
    .addColumn('hash', 'text', (col) => col.notNull().unique())
    .execute();
  // The gate reads the sign-offs and overrides recorded for a head commit.
  await db.schema.createIndex('audit_log_by_head').on('audit_log').column('head').execute();

  await db.schema
    .createTable('ledger_locks')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('taken_at', 'text')
    .execute();
  await db.insertInto('ledger_locks').values({ name: AUDIT_LOCK, taken_at: null }).execute();
}

/**
 * What `blastwall insights` aggregates in SQL over a million commits: a merge flag and the
 * lines-added band on each commit, a table of each commit's tools, and on each deployment the number
 * of AI-assisted changes it shipped (kept by the store's writes, since a deployment and its commits
 * may arrive in either order), all filled here for the rows already there; and indexes that let the
 * counts come from index scans.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as schema.ts is now
async function addInsightColumns(db: Kysely<any>, dialect: LedgerDialect): Promise<void> {
  await db.schema.alterTable('commits').addColumn('is_merge', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('commits').addColumn('size_band', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  // Parents are a JSON array of shas: a comma means two or more. Bands as rows.ts SIZE_BAND_LIMITS were when this ran.
  await sql`update commits set
    is_merge = case when parents like '%,%' then 1 else 0 end,
    size_band = case when added <= 10 then 0 when added <= 50 then 1 when added <= 200 then 2 when added <= 1000 then 3 else 4 end`.execute(db);
  // Totals by attribution and band (and time window) from the index alone, already in group order.
  await db.schema.createIndex('commits_for_insights').on('commits').columns(['is_merge', 'ai', 'size_band', 'committed_at']).execute();
  // A linked, labelled or deployed commit's facts without reading the table.
  await db.schema.createIndex('commits_for_links').on('commits').columns(['repository_id', 'sha', 'is_merge', 'ai', 'size_band', 'committed_at', 'author_email']).execute();
  // Totals by author (insights --by team), already in group order.
  await db.schema.createIndex('commits_by_author').on('commits').columns(['author_email', 'is_merge', 'ai', 'size_band', 'committed_at']).execute();

  await db.schema
    .createTable('commit_tools')
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('sha', 'text', (col) => col.notNull())
    .addColumn('tool', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('commit_tools_natural_key', ['repository_id', 'sha', 'tool'])
    .execute();
  const tools =
    dialect.name === 'sqlite'
      ? sql`insert into commit_tools (repository_id, sha, tool)
          select distinct c.repository_id, c.sha, json_extract(t.value, '$.tool') from commits c, json_each(c.tools) t`
      : sql`insert into commit_tools (repository_id, sha, tool)
          select distinct c.repository_id, c.sha, t.value ->> 'tool' from commits c cross join lateral jsonb_array_elements(c.tools::jsonb) as t(value)`;
  await tools.execute(db);

  await db.schema.alterTable('deployments').addColumn('ai_changes', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await sql`update deployments set ai_changes = (
    select count(*) from deployment_commits dc where dc.deployment_id = deployments.id and (
      select c.ai from commits c where c.repository_id = deployments.repository_id and c.sha = dc.sha and c.is_merge = 0) = 1)`.execute(db);
}

/**
 * The files each commit changed (`insights --by zone` puts changes in zones by them), and on each
 * repository a mark that some of its commits lack them. This step cannot fill them: the ledger never
 * kept the paths. It marks every repository that holds a non-merge commit that changed files, and the
 * next `ingest` reads that repository's whole history again and stores them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not as schema.ts is now
async function addCommitFiles(db: Kysely<any>, dialect: LedgerDialect): Promise<void> {
  await db.schema
    .createTable('commit_files')
    .addColumn('repository_id', 'integer', (col) => col.notNull().references('repositories.id'))
    .addColumn('sha', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('added', 'integer', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('commit_files_natural_key', ['repository_id', 'sha', 'path'])
    // Several rows per commit, written by every ingest: on SQLite the table is its key's b-tree, not a
    // rowid table and a second b-tree for the key. No index by path either: it would cost ingest half
    // the table's time again, and insights --by zone reads the whole table anyway when
    // zones cover much of the code (it walks the table and looks each path up in its groups).
    .$call((table) => (dialect.name === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table))
    .execute();

  await db.schema.alterTable('repositories').addColumn('files_missing', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await sql`update repositories set files_missing = 1
    where exists (select 1 from commits c where c.repository_id = repositories.id and c.is_merge = 0 and c.files > 0)`.execute(db);
}
