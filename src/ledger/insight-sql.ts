import { sql, type RawBuilder } from 'kysely';
import type { InsightGrouping, InsightQuery } from './insight-records.js';
import { utc } from './rows.js';

/**
 * The SQL of the insights readers, written once for SQLite and Postgres.
 *
 * Join order is spelled out with CROSS JOIN (conditions in WHERE): SQLite keeps the left table as
 * the outer loop, and a ledger has no planner statistics unless someone ran ANALYZE, without which
 * SQLite may walk a million commits to find a few thousand links. Postgres plans a CROSS JOIN with
 * WHERE conditions as any other join. Commits are reached through the indexes of migration 0002:
 * totals from commits_for_insights (attribution, band, time), a linked or labelled commit's facts from
 * commits_for_links, neither reading the table.
 *
 * The `path` grouping reads its groups from the temporary table path_groups(path, grp), which
 * insight-queries.ts fills on the connection that runs these statements.
 */

type Sql = RawBuilder<unknown>;

const empty = sql``;
const NOT_STARTED = sql`('pending', 'in_progress')`;

/** `and ...` terms that keep `column` in the query's window. */
function windowOn(column: Sql, query: InsightQuery): Sql {
  return sql.join(
    [
      ...(query.since === undefined ? [] : [sql`and ${column} >= ${utc(query.since)}`]),
      ...(query.until === undefined ? [] : [sql`and ${column} < ${utc(query.until)}`]),
    ],
    sql` `,
  );
}

/** `with a, b` before a query, or nothing. */
const withClause = (ctes: readonly Sql[]): Sql => (ctes.length === 0 ? empty : sql`with ${sql.join([...ctes], sql`, `)}`);

/** The author groups as a table, for the `author` grouping. */
function membersCte(grouping: InsightGrouping | undefined): Sql[] {
  if (grouping?.by !== 'author') return [];
  return [sql`members(email, grp) as (values ${sql.join(grouping.groups.map((member) => sql`(${member.email}, ${member.group})`), sql`, `)})`];
}

/**
 * The group of a change `c` already found, as the inner side of the joins: its expression, what to
 * join (after `c`) and the join's conditions. A change of several groups (tools, services, teams)
 * comes out once per group, and once per deployment of the same service (callers make rows distinct).
 */
function groupOfChange(grouping: InsightGrouping | undefined): { group: Sql; join: Sql; where: Sql } {
  switch (grouping?.by) {
    case undefined:
      return { group: sql`cast(null as text)`, join: empty, where: empty };
    case 'month':
      return { group: sql`substr(c.committed_at, 1, 7)`, join: empty, where: empty };
    case 'tool':
      return { group: sql`g.tool`, join: sql`left join commit_tools g on g.repository_id = c.repository_id and g.sha = c.sha`, where: empty };
    case 'service':
      return {
        group: sql`gd.service`,
        join: sql`cross join deployment_commits gdc cross join deployments gd`,
        where: sql`and gdc.sha = c.sha and gd.id = gdc.deployment_id and gd.repository_id = c.repository_id and gd.status not in ${NOT_STARTED}`,
      };
    case 'author':
      // By email: insight-queries.ts folds emails into their groups (each change has one author, so sums stay exact).
      return { group: sql`c.author_email`, join: empty, where: empty };
    case 'path':
      return {
        group: sql`pg.grp`,
        join: sql`cross join commit_files gf cross join path_groups pg`,
        where: sql`and gf.repository_id = c.repository_id and gf.sha = c.sha and pg.path = gf.path`,
      };
  }
}

/** Changes by group, attribution and band. */
export function totalsSql(query: InsightQuery): Sql {
  const grouping = query.grouping;
  const window = windowOn(sql`c.committed_at`, query);
  const count = (group: Sql, from: Sql, where: Sql, groupBy: Sql): Sql =>
    sql`select ${group} as grp, c.ai, c.size_band as band, count(*) as n from ${from} where c.is_merge = 0 ${where} ${window} group by ${groupBy} c.ai, c.size_band`;
  switch (grouping?.by) {
    case undefined:
      // No group in the GROUP BY: a constant there costs SQLite a sort of every row.
      return count(sql`cast(null as text)`, sql`commits c`, empty, empty);
    case 'month':
      return count(sql`substr(c.committed_at, 1, 7)`, sql`commits c`, empty, sql`substr(c.committed_at, 1, 7),`);
    case 'tool':
      // From the tools to their commits (the AI-assisted ones), and the human changes from the index alone.
      return sql`${count(sql`g.tool`, sql`commit_tools g cross join commits c`, sql`and c.repository_id = g.repository_id and c.sha = g.sha and c.ai = 1`, sql`g.tool,`)}
        union all ${count(sql`cast(null as text)`, sql`commits c`, sql`and c.ai = 0`, empty)}`;
    case 'service':
      // Every change each deployment shipped, once per service (a change shipped to a service twice counts once).
      return sql`select grp, ai, band, count(*) as n from (
          select distinct d.service as grp, c.repository_id, c.sha, c.ai, c.size_band as band
          from deployments d cross join deployment_commits dc cross join commits c
          where d.status not in ${NOT_STARTED} and dc.deployment_id = d.id and c.repository_id = d.repository_id and c.sha = dc.sha and c.is_merge = 0 ${window}
        ) shipped group by grp, ai, band`;
    case 'author':
      // By email (folded into groups by the caller), from commits_by_author in group order: `+ 0` keeps SQLite off commits_for_insights.
      return sql`select c.author_email as grp, c.ai, c.size_band as band, count(*) as n from commits c
        where c.is_merge + 0 = 0 ${window} group by c.author_email, c.ai, c.size_band`;
    case 'path':
      // Every commit file, its path looked up in the groups (commit_files has no index by path), each change once per group.
      return sql`select grp, ai, band, count(*) as n from (
          select distinct pg.grp, c.repository_id, c.sha, c.ai, c.size_band as band
          from commit_files f cross join path_groups pg cross join commits c
          where pg.path = f.path and c.repository_id = f.repository_id and c.sha = f.sha and c.is_merge = 0 ${window}
        ) touched group by grp, ai, band`;
  }
}

/** The weight of incident `i`'s severity, the weights inlined as literals (Postgres would read bound ones as text). */
function severityWeight(weights: ReadonlyMap<string, number>): Sql {
  const cases = [...weights].map(([severity, weight]) => {
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`the weight of severity "${severity}" must be a finite number ≥ 0, got ${weight}`);
    return sql`when ${severity} then ${sql.lit(weight)}`;
  });
  return cases.length === 0 ? sql`1` : sql`case i.severity ${sql.join(cases, sql` `)} else 1 end`;
}

/**
 * Failed changes by group, attribution and band (kind `failed`), and the incidents linked to changes
 * by group and attribution (kind `incident`): one statement, so that the links are joined to their
 * commits once. A change linked to several incidents takes the heaviest weight; a label weighs 1.
 */
export function failuresSql(query: InsightQuery): Sql {
  const g = groupOfChange(query.grouping);
  const window = windowOn(sql`c.committed_at`, query);
  const weight = severityWeight(query.severityWeights ?? new Map());
  // By author, the incidents go to the authors' groups here (far fewer rows than one per incident and email).
  const incidentGroups =
    query.grouping?.by === 'author'
      ? sql`select distinct f.incident_id, m.grp, f.ai from failed_changes f cross join members m where f.incident_id is not null and m.email = f.grp`
      : sql`select distinct incident_id, grp, ai from failed_changes where incident_id is not null`;
  const ctes = [
    ...membersCte(query.grouping),
    // Every reason a change failed, weighed: an incident's link to it, or to a deployment that shipped it (weighed per
    // link, before it becomes one row per change shipped), or a label (no incident, weight 1). A change comes once per
    // reason: the readers below make rows distinct. One list, so that its commits are read in one pass.
    sql`failures(incident_id, repository_id, sha, weight) as (
      select il.incident_id, il.repository_id, il.sha, ${weight} from incident_links il cross join incidents i
      where il.sha is not null and i.id = il.incident_id
      union all
      select il.incident_id, d.repository_id, dc.sha, ${weight} from incident_links il cross join incidents i cross join deployments d cross join deployment_commits dc
      where il.deployment_id is not null and i.id = il.incident_id and d.id = il.deployment_id and dc.deployment_id = d.id
      union all
      select cast(null as integer), repository_id, sha, 1 from commit_labels where label in ('reverted', 'bug-introducing')
    )`,
    sql`failed_changes(incident_id, repository_id, sha, grp, ai, band, weight) as materialized (
      select f.incident_id, c.repository_id, c.sha, ${g.group}, c.ai, c.size_band, f.weight
      from failures f cross join commits c ${g.join}
      where c.repository_id = f.repository_id and c.sha = f.sha and c.is_merge = 0 ${g.where} ${window}
    )`,
    sql`failed(grp, ai, band, weight) as (
      select grp, ai, band, max(weight) from failed_changes group by repository_id, sha, grp, ai, band
    )`,
  ];
  return sql`${withClause(ctes)}
    select 'failed' as kind, grp, ai, band, count(*) as n, sum(weight) as weight,
      cast(null as integer) as incident_id, cast(null as text) as severity, cast(null as text) as started_at, cast(null as text) as resolved_at
    from failed group by grp, ai, band
    union all
    select 'incident', x.grp, x.ai, cast(null as integer), cast(null as integer), cast(null as integer), x.incident_id, i.severity, i.started_at, i.resolved_at
    from (${incidentGroups}) x cross join incidents i where i.id = x.incident_id`;
}

/** Deployments by group, attribution and failure. */
export function deploymentsSql(query: InsightQuery): Sql {
  const grouping = query.grouping;
  const shipped = sql`shipped(id, repository_id, sha, service, started_at, ai, failed) as (
    select d.id, d.repository_id, d.sha, d.service, d.started_at, case when d.ai_changes > 0 then 1 else 0 end,
      case when d.status in ('failure', 'error') or d.id in (select deployment_id from incident_links where deployment_id is not null) then 1 else 0 end
    from deployments d where d.status not in ${NOT_STARTED} ${windowOn(sql`d.started_at`, query)}
  )`;
  const by = (group: Sql): Sql => sql`with ${shipped} select ${group} as grp, ai, sum(failed) as failed, count(*) as n from shipped group by ${group}, ai`;
  switch (grouping?.by) {
    case undefined:
      return sql`with ${shipped} select cast(null as text) as grp, ai, sum(failed) as failed, count(*) as n from shipped group by ai`;
    case 'month':
      return by(sql`substr(started_at, 1, 7)`);
    case 'service':
      return by(sql`service`);
    case 'tool': {
      // A deployment counts for each tool whose changes it shipped; the other side is the deployments without AI-assisted changes.
      const g = groupOfChange(grouping);
      return sql`with ${shipped}
        select grp, 1 as ai, sum(failed) as failed, count(*) as n from (
          select distinct ${g.group} as grp, s.id, s.failed
          from shipped s cross join deployment_commits dc cross join commits c ${g.join}
          where s.ai = 1 and dc.deployment_id = s.id and c.repository_id = s.repository_id and c.sha = dc.sha and c.is_merge = 0 and c.ai = 1
        ) by_tool group by grp
        union all select cast(null as text), 0, sum(failed), count(*) from shipped where ai = 0`;
    }
    case 'author':
      // A deployment counts for the groups of the author of the commit it deployed (its head): following every change
      // it shipped to every author's groups costs a sort of all shipped changes, seconds at a million.
      return sql`${withClause([...membersCte(grouping), shipped])}
        select g.grp, s.ai, sum(s.failed) as failed, count(*) as n
        from shipped s cross join commits c cross join members g
        where c.repository_id = s.repository_id and c.sha = s.sha and g.email = c.author_email
        group by g.grp, s.ai`;
    case 'path':
      // A deployment counts in each group of the changes it shipped (merges have no files), AI-assisted when it
      // shipped any AI-assisted change, as by author: a head commit is mostly a merge, which changed no file of its own.
      return sql`with ${shipped}
        select grp, ai, sum(failed) as failed, count(*) as n from (
          select distinct pg.grp, s.id, s.ai, s.failed
          from shipped s cross join deployment_commits dc cross join commit_files f cross join path_groups pg
          where dc.deployment_id = s.id and f.repository_id = s.repository_id and f.sha = dc.sha and pg.path = f.path
        ) touched group by grp, ai`;
  }
}

/** Changes in the window that changed files (by their count) without any stored. */
export function withoutFilesSql(window: InsightQuery): Sql {
  return sql`select count(*) as n from commits c
    where c.is_merge = 0 and c.files > 0 ${windowOn(sql`c.committed_at`, window)}
      and not exists (select 1 from commit_files f where f.repository_id = c.repository_id and f.sha = c.sha)`;
}

/** Recounts `deployments.ai_changes` of the deployments `which` selects. */
export function recountSql(which: Sql): Sql {
  // From the deployment's commits to each commit by its key, as a scalar subquery: a join or EXISTS here lets either
  // database, without statistics (a bulk import in one transaction), walk every AI-assisted commit for each deployment.
  return sql`update deployments set ai_changes = (
      select count(*) from deployment_commits dc where dc.deployment_id = deployments.id and (
        select c.ai from commits c where c.repository_id = deployments.repository_id and c.sha = dc.sha and c.is_merge = 0) = 1)
    where ${which}`;
}
