import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { openRepository, type Repository } from '../../git/repository.js';
import { computeInsights, severityWeights } from '../../insights/compute.js';
import { INSIGHT_GROUPINGS, type InsightGroupBy, type InsightsReport } from '../../insights/report.js';
import { MAX_AUTHOR_GROUPS, type AuthorGroup, type InsightGrouping, type PathGroup, type Store } from '../../ledger/store.js';
import { zonesOfPaths } from '../../ownership/zones.js';
import { createDirectory } from '../../policy/people.js';
import { readServiceCatalog } from '../../radius/catalog.js';
import { UserError } from '../../shared/errors.js';
import { catalogFor, loadConfig } from '../config.js';
import type { Io } from '../io.js';
import { databaseOption, withLedger } from '../ledger.js';
import { insightsFormats, insightsReporters, type InsightsFormat } from '../reporters/insights.js';
import { formatOption } from './options.js';

export interface InsightsCommandOptions {
  /** The repository folder: where the default ledger (.blastwall/blastwall.db) and blastwall.yml are. */
  readonly repo: string;
  readonly config?: string | undefined;
  /** `--database`, else BLASTWALL_DATABASE_URL, as the caller resolved them. */
  readonly database?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly by?: InsightGroupBy | undefined;
}

/**
 * The job of `blastwall insights`, callable in-process. The database is `options.database`, else
 * the environment's BLASTWALL_DATABASE_URL, else the repository's .blastwall/blastwall.db.
 */
export async function insights(options: InsightsCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<InsightsReport> {
  const { by } = options;
  const window = timeWindow(options.since, options.until);
  const database = options.database ?? env.BLASTWALL_DATABASE_URL;
  // The default ledger lives at the repository's root; with a database named, any folder will do.
  const root = database === undefined || database === '' ? (await openRepository(options.repo)).root : resolve(options.repo);
  return withLedger(root, { ...(database !== undefined && { database }) }, async (store) => {
    // First, so that a policy without teams or zones is said before the ledger is counted.
    const grouping = by === undefined ? undefined : await groupingOf(by, store, root, options.config);
    const query = { ...window, severityWeights: severityWeights(await store.incidentSeverities()) };
    const overall = await store.insightAggregates(query);
    if (by === undefined) return computeInsights({ ...window, overall });
    const [aggregates, changesWithoutFiles] = await Promise.all([store.insightAggregates({ ...query, grouping }), by === 'zone' ? store.changesWithoutFiles(window) : undefined]);
    return computeInsights({ ...window, overall, by: { groupBy: by, aggregates }, changesWithoutFiles });
  });
}

/** What the ledger groups by for each --by: teams are groups of author emails, zones groups of paths. */
async function groupingOf(by: InsightGroupBy, store: Store, root: string, configFile: string | undefined): Promise<InsightGrouping> {
  switch (by) {
    case 'team':
      return { by: 'author', groups: await teamsOfAuthors(store, root, configFile) };
    case 'zone':
      return { by: 'path', groups: await zonesOfChangedPaths(store, root, configFile) };
    default:
      return { by };
  }
}

/**
 * Each path that the ledger's commits changed, in each zone of blastwall.yml that holds it: through
 * the zone's globs, or those of a service it names (declared in blastwall.yml, or in a Backstage
 * catalog of the repository). Globs are matched here, once per distinct path; the ledger counts.
 */
async function zonesOfChangedPaths(store: Store, root: string, configFile: string | undefined): Promise<PathGroup[]> {
  const config = loadConfig(root, configFile);
  if (Object.keys(config.zones).length === 0) {
    throw new UserError('--by zone needs zones in blastwall.yml', 'list zones in blastwall.yml (each with paths, services or both, and a criticality), or pass --config');
  }
  // Backstage catalogs only add services: read them for zones that name one, from the repository (a ledger read elsewhere has none).
  const namesServices = Object.values(config.zones).some((zone) => zone.services !== undefined);
  const repo = namesServices ? await repositoryOrNone(root) : undefined;
  const { catalog } = await readServiceCatalog(repo, config.services);
  return zonesOfPaths(config.zones, catalog, await store.changedPaths()).map(({ path, zone }) => ({ path, group: zone }));
}

/** The repository at `root`, or none when the folder is not in one (with a database named, insights runs anywhere). */
async function repositoryOrNone(root: string): Promise<Repository | undefined> {
  try {
    return await openRepository(root);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/** Each author email of the ledger in each team of blastwall.yml its person belongs to (through nested teams too). */
async function teamsOfAuthors(store: Store, root: string, configFile: string | undefined): Promise<AuthorGroup[]> {
  const config = loadConfig(root, configFile);
  const teams = Object.keys(config.teams).sort();
  if (teams.length === 0) throw new UserError('--by team needs teams in blastwall.yml', 'list people (with the emails they commit with) and teams in blastwall.yml, or pass --config');
  const directory = createDirectory(config, catalogFor(config));
  const members = teams.map((team) => ({ team, logins: directory.membersOf(team) }));
  const groups: AuthorGroup[] = [];
  for (const email of await store.authorEmails()) {
    const login = directory.loginOf({ email });
    if (login === undefined) continue;
    for (const { team, logins } of members) if (logins.has(login)) groups.push({ email, group: team });
  }
  if (groups.length > MAX_AUTHOR_GROUPS) {
    throw new UserError(`--by team takes at most ${MAX_AUTHOR_GROUPS} author emails in teams (counting each team of an author), and blastwall.yml gives ${groups.length}`, 'compare fewer teams, e.g. with a blastwall.yml that lists only them (--config)');
  }
  return groups;
}

/** --since and --until as ISO 8601 times (a date alone is midnight UTC). */
function timeWindow(since: string | undefined, until: string | undefined): { since?: string; until?: string } {
  const parse = (value: string | undefined, flag: string): string | undefined => {
    if (value === undefined) return undefined;
    const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
    if (Number.isNaN(time.getTime())) throw new UserError(`${flag} takes a date or an ISO 8601 time, not "${value}"`, 'write it as 2025-01-31 or 2025-01-31T12:00:00Z');
    return time.toISOString();
  };
  const window = { since: parse(since, '--since'), until: parse(until, '--until') };
  if (window.since !== undefined && window.until !== undefined && window.since >= window.until) {
    throw new UserError(`--since (${since}) must be before --until (${until})`);
  }
  return { ...(window.since !== undefined && { since: window.since }), ...(window.until !== undefined && { until: window.until }) };
}

export function registerInsights(program: Command, io: Io): void {
  databaseOption(
    formatOption(
      program
        .command('insights')
        .description('AI-assisted changes against the others, from the ledger: failure shares, DORA change failure rate, severity, time to restore, relative risk and a verdict'),
      insightsFormats,
    ),
  )
    .option('--since <date>', 'changes committed (and deployments started) from this date or time on')
    .option('--until <date>', 'changes committed (and deployments started) before this date or time')
    .addOption(new Option('--by <group>', 'repeat the comparison within each group').choices(INSIGHT_GROUPINGS))
    .option('--repo <path>', 'the repository whose .blastwall/ holds the default ledger', io.cwd)
    .option('--config <file>', 'the policy file with people and teams for --by team, zones (and services) for --by zone (default: blastwall.yml at the repository root)')
    .action(async (options: InsightsCommandOptions & { format: InsightsFormat }) => {
      io.stdout(insightsReporters[options.format](await insights(options)));
    });
}
