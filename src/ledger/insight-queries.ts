import { sql, type Kysely } from 'kysely';
import { deploymentsSql, failuresSql, recountSql, totalsSql, withoutFilesSql } from './insight-sql.js';
import { MAX_AUTHOR_GROUPS, type AuthorGroup, type ChangeCell, type InsightAggregates, type InsightQuery, type LinkedIncident, type PathGroup } from './insight-records.js';
import type { TimeWindow } from './records.js';
import { chunks } from './rows.js';
import type { Database } from './schema.js';

/** The aggregate readers behind `blastwall insights`: the definitions are in insight-records.ts, the SQL in insight-sql.ts. */

type Row = Record<string, unknown>;
const count = (value: unknown): number => Number(value ?? 0);
const groupOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export async function readInsightAggregates(db: Kysely<Database>, query: InsightQuery): Promise<InsightAggregates> {
  const grouping = query.grouping;
  if (grouping?.by === 'author' && grouping.groups.length > MAX_AUTHOR_GROUPS) {
    throw new RangeError(`at most ${MAX_AUTHOR_GROUPS} authors in groups, got ${grouping.groups.length}`);
  }
  if ((grouping?.by === 'author' || grouping?.by === 'path') && grouping.groups.length === 0) return { changes: [], deployments: [], incidents: [] };
  if (grouping?.by === 'path') return withPathGroups(db, grouping.groups, (connection) => aggregate(connection, query));
  return aggregate(db, query);
}

/** Path groups per insert: two parameters each, well under SQLite's 32,766. */
const PATH_GROUP_BATCH = 10_000;

/**
 * Runs `work` on one connection that holds the path groups in the temporary table path_groups
 * (insight-sql.ts reads it), and drops it after. A temporary table lives on its connection: the
 * statements of `work` must run on that one, Postgres's pool or not.
 */
async function withPathGroups<T>(db: Kysely<Database>, groups: readonly PathGroup[], work: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
  const unique = new Map(groups.map((member) => [`${member.path}\u0000${member.group}`, member]));
  const run = async (connection: Kysely<Database>): Promise<T> => {
    // Unqualified names reach the temporary table first in both databases; it exists from here to the drop.
    await sql`create temporary table path_groups (path text not null, grp text not null, primary key (path, grp))`.execute(connection);
    const drop = () => sql`drop table path_groups`.execute(connection);
    let result: T;
    try {
      for (const batch of chunks([...unique.values()], PATH_GROUP_BATCH)) {
        await sql`insert into path_groups (path, grp) values ${sql.join(batch.map((member) => sql`(${member.path}, ${member.group})`))}`.execute(connection);
      }
      result = await work(connection);
    } catch (error) {
      // In a Postgres transaction that failed, the drop fails too: the first error is the one to see.
      await drop().catch(() => undefined);
      throw error;
    }
    await drop();
    return result;
  };
  // A transaction is one connection already (and kysely gives none of its own inside one).
  return db.isTransaction ? run(db) : db.connection().execute(run);
}

async function aggregate(db: Kysely<Database>, query: InsightQuery): Promise<InsightAggregates> {
  const grouping = query.grouping;
  // At once: a Postgres pool runs them on three connections (SQLite's one connection takes them in turn).
  const [totals, failures, deployments] = (await Promise.all([totalsSql(query).execute(db), failuresSql(query).execute(db), deploymentsSql(query).execute(db)])).map(
    (result) => result.rows as Row[],
  ) as [Row[], Row[], Row[]];
  const byEmail = mergeCells(totals, failures.filter((row) => row.kind === 'failed'));
  const changes = grouping?.by === 'author' ? foldChanges(byEmail, authorGroups(grouping.groups)) : byEmail;
  const incidents = failures.filter((row) => row.kind === 'incident').map(linkedIncident);
  return {
    changes: changes.sort((a, b) => compareGroups(a.group, b.group) || Number(a.ai) - Number(b.ai) || a.band - b.band),
    deployments: deployments
      .map((row) => ({ group: groupOf(row.grp), ai: count(row.ai) === 1, deployments: count(row.n), failed: count(row.failed) }))
      .sort((a, b) => compareGroups(a.group, b.group) || Number(a.ai) - Number(b.ai)),
    incidents: incidents.sort((a, b) => a.incident - b.incident || compareGroups(a.group, b.group) || Number(a.ai) - Number(b.ai)),
  };
}

const linkedIncident = (row: Row): LinkedIncident => ({
  incident: count(row.incident_id),
  group: groupOf(row.grp),
  ai: count(row.ai) === 1,
  severity: String(row.severity),
  startedAt: String(row.started_at),
  resolvedAt: row.resolved_at === null ? undefined : String(row.resolved_at),
});

/** Each author email's groups. */
function authorGroups(members: readonly AuthorGroup[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { email, group } of members) groups.set(email, [...(groups.get(email) ?? []), group]);
  return groups;
}

/** Cells by author email into cells by group: each change has one author, so the sums are exact. */
function foldChanges(cells: readonly ChangeCell[], groupsOf: ReadonlyMap<string, readonly string[]>): ChangeCell[] {
  const folded = new Map<string, ChangeCell>();
  for (const cell of cells) {
    for (const group of groupsOf.get(cell.group ?? '') ?? []) {
      const key = `${group}\u0001${cell.ai}\u0001${cell.band}`;
      const sum = folded.get(key);
      folded.set(key, sum === undefined ? { ...cell, group } : { ...sum, changes: sum.changes + cell.changes, failed: sum.failed + cell.failed, weight: sum.weight + cell.weight });
    }
  }
  return [...folded.values()];
}

/** Every severity incidents carry, sorted, for the caller to weigh. */
export async function readIncidentSeverities(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('incidents').select('severity').distinct().execute();
  return rows.map((row) => row.severity).sort();
}

/** Every author email of the ledger's commits, sorted, for the caller to put in groups. */
export async function readAuthorEmails(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('commits').select('author_email').distinct().execute();
  return rows.map((row) => row.author_email).sort();
}

/** Every path that commits changed, sorted by code point, for the caller to put in groups. */
export async function readChangedPaths(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('commit_files').select('path').distinct().execute();
  return rows.map((row) => row.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function countChangesWithoutFiles(db: Kysely<Database>, window: TimeWindow): Promise<number> {
  const { rows } = await withoutFilesSql(window).execute(db);
  return count((rows[0] as Row | undefined)?.n);
}

/** Recounts the AI-assisted changes a deployment shipped, after commits were linked to it. */
export async function recountAiChanges(db: Kysely<Database>, deployment: number): Promise<void> {
  await recountSql(sql`id = ${deployment}`).execute(db);
}

/**
 * Recounts the AI-assisted changes of the deployments that shipped these (newly ingested, AI-assisted)
 * commits. A deployment of another repository that shipped the same sha is recounted too, harmlessly:
 * the count only ever looks at its own repository's commits.
 */
export async function recountShippedAiChanges(db: Kysely<Database>, shas: readonly string[]): Promise<void> {
  if (shas.length === 0) return;
  await recountSql(sql`id in (select deployment_id from deployment_commits where sha in (${sql.join([...shas])}))`).execute(db);
}

function mergeCells(totals: readonly Row[], failures: readonly Row[]): ChangeCell[] {
  const key = (row: Row): string => `${groupOf(row.grp) ?? '\u0000'}\u0001${count(row.ai)}\u0001${count(row.band)}`;
  const failed = new Map(failures.map((row) => [key(row), row]));
  return totals.map((row): ChangeCell => {
    const failure = failed.get(key(row));
    return { group: groupOf(row.grp), ai: count(row.ai) === 1, band: count(row.band), changes: count(row.n), failed: count(failure?.n), weight: count(failure?.weight) };
  });
}

/** Null first, then by code point (the databases' collations differ). */
function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
