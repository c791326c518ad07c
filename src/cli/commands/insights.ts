import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { computeInsights, severityWeights } from '../../insights/compute.js';
import { INSIGHT_GROUPINGS, type InsightGroupBy, type InsightsReport } from '../../insights/report.js';
import { MAX_AUTHOR_GROUPS, type AuthorGroup, type InsightGrouping, type Store } from '../../ledger/store.js';
import { createDirectory } from '../../policy/people.js';
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
  readonly by?: InsightGroupBy | 'zone' | undefined;
}

const ZONE_MESSAGE =
  '--by zone is not available: a zone is a set of paths, and the ledger keeps each commit\'s line counts, not the files it changed';
const ZONE_HINT = 'use --by service (the services the changes were deployed to); zones need per-file data in the ledger first';

/**
 * The job of `blastwall insights`, callable in-process. The database is `options.database`, else
 * the environment's BLASTWALL_DATABASE_URL, else the repository's .blastwall/blastwall.db.
 */
export async function insights(options: InsightsCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<InsightsReport> {
  const { by } = options;
  if (by === 'zone') throw new UserError(ZONE_MESSAGE, ZONE_HINT);
  const window = timeWindow(options.since, options.until);
  const database = options.database ?? env.BLASTWALL_DATABASE_URL;
  // The default ledger lives at the repository's root; with a database named, any folder will do.
  const root = database === undefined || database === '' ? (await openRepository(options.repo)).root : resolve(options.repo);
  return withLedger(root, { ...(database !== undefined && { database }) }, async (store) => {
    const query = { ...window, severityWeights: severityWeights(await store.incidentSeverities()) };
    const overall = await store.insightAggregates(query);
    if (by === undefined) return computeInsights({ ...window, overall });
    const grouping: InsightGrouping = by === 'team' ? { by: 'author', groups: await teamsOfAuthors(store, root, options.config) } : { by };
    const aggregates = await store.insightAggregates({ ...query, grouping });
    return computeInsights({ ...window, overall, by: { groupBy: by, aggregates } });
  });
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
    .addOption(new Option('--by <group>', 'repeat the comparison within each group').choices([...INSIGHT_GROUPINGS, 'zone']))
    .option('--repo <path>', 'the repository whose .blastwall/ holds the default ledger', io.cwd)
    .option('--config <file>', 'the policy file with people and teams, for --by team (default: blastwall.yml at the repository root)')
    .action(async (options: InsightsCommandOptions & { format: InsightsFormat }) => {
      io.stdout(insightsReporters[options.format](await insights(options)));
    });
}
