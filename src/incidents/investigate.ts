import { readLog } from '../git/log.js';
import type { Repository } from '../git/repository.js';
import type { AuditEntry } from '../ledger/audit/chain.js';
import type { CommitRecord, Deployment, Incident, IncidentLink } from '../ledger/records.js';
import type { Store } from '../ledger/store.js';
import type { RadiusConfig } from '../radius/analyze.js';
import { analyzeRadius } from '../radius/analyze.js';
import { UserError } from '../shared/errors.js';
import { DEFAULT_WINDOW_HOURS, rankSuspects, type LaterCommit, type Suspect } from './suspects.js';

export interface InvestigateOptions {
  /** The repository's name in the ledger. */
  readonly repository: string;
  readonly key: string;
  /** The incident's source, when several sources use the same key. */
  readonly source?: string;
  readonly windowHours?: number;
  /** Services, zones and radius rules: to find deployments whose blast radius reaches the incident's services. */
  readonly config?: RadiusConfig;
}

export interface SuspectDetail {
  readonly suspect: Suspect;
  readonly commits: readonly CommitRecord[];
  /** The gate's decisions, sign-offs and overrides about the suspect's commits, at the time. */
  readonly audit: readonly AuditEntry[];
  /** The blast radius of the suspect's change, computed now (one line), when it could be. */
  readonly radius: string | undefined;
}

export interface Investigation {
  readonly incident: Incident;
  readonly links: readonly IncidentLink[];
  readonly deployments: readonly Deployment[];
  readonly suspects: readonly Suspect[];
  readonly details: readonly SuspectDetail[];
  readonly windowHours: number;
  readonly warnings: readonly string[];
}

const HOUR = 3_600_000;

/**
 * Everything the ledger and git know about an incident: its links, the deployments in the window
 * before it, the commits made after it started (reverts and `Fixes:` name culprits), the blast
 * radius of deployments to other services, and the ranked suspects with their history at the gate.
 */
export async function investigate(store: Store, repo: Repository, options: InvestigateOptions): Promise<Investigation> {
  const incident = await findIncident(store, options.key, options.source);
  const windowHours = options.windowHours ?? DEFAULT_WINDOW_HOURS;
  const started = Date.parse(incident.startedAt);
  const since = new Date(started - windowHours * HOUR).toISOString();
  const [links, deployments, audit] = await Promise.all([
    store.linksOf(incident.id),
    store.deployments({ repository: options.repository, since, until: new Date(started + 1).toISOString() }),
    store.readAudit(),
  ]);
  const commits = new Map((await store.commits(options.repository)).map((commit) => [commit.sha, commit]));
  const laterCommits = await commitsSince(repo, incident.startedAt);
  const warnings: string[] = [];

  // Deployments to other services are suspects only when their change reaches an affected service.
  const affected = new Set(incident.services);
  const reach = new Map<number, string[]>();
  if (options.config) {
    for (const deployment of deployments.filter((d) => !affected.has(d.service) && d.previousSha !== undefined)) {
      try {
        const radius = await analyzeRadius(repo, { config: options.config, base: deployment.previousSha!, head: deployment.sha });
        reach.set(deployment.id, radius.services.map((service) => service.name).filter((name) => affected.has(name)));
      } catch (error) {
        warnings.push(`the blast radius of deployment ${deployment.id} could not be computed: ${(error as Error).message}`);
      }
    }
  }
  const suspects = rankSuspects({ incident, links, deployments, commits, laterCommits, reach, windowHours });
  const details = suspects.slice(0, 5).map((suspect): SuspectDetail => {
    const shas = new Set(suspect.commits);
    return {
      suspect,
      commits: suspect.commits.map((sha) => commits.get(sha)).filter((commit): commit is CommitRecord => commit !== undefined),
      audit: audit.filter((entry) => shas.has(entry.head)),
      radius: suspect.deployment ? reachLine(suspect, reach) : undefined,
    };
  });
  return { incident, links, deployments, suspects, details, windowHours, warnings };
}

async function findIncident(store: Store, key: string, source: string | undefined): Promise<Incident> {
  if (source !== undefined) {
    const found = await store.incident(source, key);
    if (found) return found;
    throw new UserError(`no incident "${key}" from ${source} in the ledger`, 'list them with `blastwall incident open` or `blastwall import`');
  }
  const matches = (await store.incidents()).filter((incident) => incident.key === key);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new UserError(`no incident "${key}" in the ledger`, 'record it with `blastwall incident open` or `blastwall import`');
  throw new UserError(`${matches.length} incidents have the key "${key}" (${matches.map((m) => m.source).join(', ')})`, 'pick one with --source');
}

/** Commits made after a time, with whole messages: one git log. */
async function commitsSince(repo: Repository, since: string): Promise<LaterCommit[]> {
  if (repo.head === undefined) return [];
  const later: LaterCommit[] = [];
  for await (const commit of readLog(repo.root, { revArgs: [`--since=${since}`, '--all'] })) {
    later.push({ sha: commit.sha, message: commit.message, committedAt: commit.committer.date });
  }
  return later;
}

function reachLine(suspect: Suspect, reach: ReadonlyMap<number, readonly string[]>): string | undefined {
  const reached = reach.get(suspect.deployment!.id);
  return reached === undefined ? undefined : reached.length === 0 ? 'reaches none of the affected services' : `reaches ${reached.join(', ')}`;
}
