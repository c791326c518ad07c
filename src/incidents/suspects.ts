import type { CommitRecord, Deployment, Incident, IncidentLink } from '../ledger/records.js';
import type { Confidence } from '../provenance/markers.js';

/**
 * Who may have caused an incident, ranked. Explicit evidence comes first (a root cause or link
 * recorded on the incident, a revert or a `Fixes:` trailer made after the incident started that
 * names a commit). Then deployments in a window before the incident, scored by three factors a
 * reader can check by hand:
 *
 *   score = time × reach × size
 *   time  = 0.5 ^ (hours between the deployment and the incident start / 6)   (halves every 6 hours)
 *   reach = 1 when the deployment went to an affected service, 0.5 when its blast radius reaches one
 *   size  = 0.25 + 0.75 × min(1, log10(1 + lines changed) / 4)                (10,000 lines count fully)
 *
 * AI involvement is shown for every suspect and never used to rank: the ledger asks whether AI
 * changes cause incidents, so the ranking must not assume it.
 */

export interface LaterCommit {
  readonly sha: string;
  readonly message: string;
  readonly committedAt: string;
}

export interface SuspectInput {
  readonly incident: Incident;
  readonly links: readonly IncidentLink[];
  /** Deployments of the repository, any time (the window is applied here). */
  readonly deployments: readonly Deployment[];
  readonly commits: ReadonlyMap<string, CommitRecord>;
  /** Commits made after the incident started: reverts and fixes that name their culprit. */
  readonly laterCommits: readonly LaterCommit[];
  /** Per deployment id, the incident's services its blast radius reaches (when computed). */
  readonly reach?: ReadonlyMap<number, readonly string[]>;
  /** Hours before the incident start in which deployments are suspects (default 24). */
  readonly windowHours?: number;
}

export interface Suspect {
  readonly rank: number;
  readonly kind: 'commit' | 'deployment';
  /** The commit (kind commit) or the deployed commit (kind deployment). */
  readonly sha: string;
  readonly deployment: { readonly id: number; readonly environment: string; readonly service: string; readonly startedAt: string } | undefined;
  readonly score: number;
  readonly confidence: Confidence;
  readonly evidence: readonly string[];
  /** The commits behind the suspect (one for a commit; the shipped ones for a deployment). */
  readonly commits: readonly string[];
  /** Shown, never ranked on. */
  readonly ai: { readonly commits: number; readonly tools: readonly string[] };
  readonly lines: number;
}

export const HALF_LIFE_HOURS = 6;
export const DEFAULT_WINDOW_HOURS = 24;
const SHIPPED: ReadonlySet<Deployment['status']> = new Set(['success', 'in_progress', 'inactive']);
const FIXES_TRAILER = /^Fixes:\s*([0-9a-f]{7,64})\b/gim;
const REVERTS = /This reverts commit ([0-9a-f]{7,64})/gi;

export const timeFactor = (hours: number): number => 0.5 ** (hours / HALF_LIFE_HOURS);
export const sizeFactor = (lines: number): number => 0.25 + 0.75 * Math.min(1, Math.log10(1 + lines) / 4);

export function rankSuspects(input: SuspectInput): Suspect[] {
  const started = Date.parse(input.incident.startedAt);
  const windowMs = (input.windowHours ?? DEFAULT_WINDOW_HOURS) * 3_600_000;
  const services = new Set(input.incident.services);
  const explicit = new Map<string, { evidence: string[]; order: number }>();
  const note = (sha: string, evidence: string, order: number) => {
    const full = resolveSha(sha, input.commits) ?? sha;
    const entry = explicit.get(full);
    if (entry) {
      entry.evidence.push(evidence);
      entry.order = Math.min(entry.order, order);
    } else explicit.set(full, { evidence: [evidence], order });
  };

  for (const link of input.links) {
    if ('sha' in link.target) note(link.target.sha, `${link.method} (${link.confidence}): ${link.evidence}`, 0);
  }
  for (const later of input.laterCommits) {
    if (Date.parse(later.committedAt) < started) continue;
    for (const match of later.message.matchAll(REVERTS)) note(match[1]!, `reverted by ${later.sha.slice(0, 12)} after the incident started`, 1);
    for (const match of later.message.matchAll(FIXES_TRAILER)) note(match[1]!, `named by "Fixes:" in ${later.sha.slice(0, 12)} after the incident started`, 2);
  }

  const suspects: Omit<Suspect, 'rank'>[] = [];
  for (const [sha, { evidence, order }] of explicit) {
    suspects.push({ kind: 'commit', sha, deployment: undefined, score: 10 - order, confidence: 'high', evidence, commits: [sha], ...aiAndLines([sha], input.commits) });
  }
  for (const deployment of input.deployments) {
    if (!SHIPPED.has(deployment.status)) continue;
    const at = Date.parse(deployment.startedAt);
    if (!(at <= started && started - at <= windowMs)) continue;
    const direct = services.has(deployment.service);
    const reached = input.reach?.get(deployment.id)?.filter((service) => services.has(service)) ?? [];
    if (!direct && reached.length === 0) continue;
    const hours = (started - at) / 3_600_000;
    const shipped = deployment.commits.length > 0 ? deployment.commits : [deployment.sha];
    const { ai, lines } = aiAndLines(shipped, input.commits);
    const score = timeFactor(hours) * (direct ? 1 : 0.5) * sizeFactor(lines);
    suspects.push({
      kind: 'deployment',
      sha: deployment.sha,
      deployment: { id: deployment.id, environment: deployment.environment, service: deployment.service, startedAt: deployment.startedAt },
      score,
      confidence: score >= 0.5 ? 'medium' : 'low',
      evidence: [
        `deployed to ${deployment.environment}/${deployment.service} ${formatHours(hours)} before the incident started (time ${round(timeFactor(hours))})`,
        direct ? `${deployment.service} is an affected service (reach 1)` : `its blast radius reaches ${reached.join(', ')} (reach 0.5)`,
        `${shipped.length} commit${shipped.length === 1 ? '' : 's'}, ${lines} lines changed (size ${round(sizeFactor(lines))})`,
      ],
      commits: shipped,
      ai,
      lines,
    });
  }
  suspects.sort((a, b) => b.score - a.score || a.sha.localeCompare(b.sha));
  return suspects.map((suspect, index) => ({ rank: index + 1, ...suspect, score: round(suspect.score) }));
}

function aiAndLines(shas: readonly string[], commits: ReadonlyMap<string, CommitRecord>): { ai: Suspect['ai']; lines: number } {
  let count = 0;
  let lines = 0;
  const tools = new Set<string>();
  for (const sha of shas) {
    const commit = commits.get(sha);
    if (!commit) continue;
    lines += commit.added + commit.deleted;
    if (commit.attribution.ai) {
      count++;
      for (const tool of commit.attribution.tools) tools.add(tool.tool);
    }
  }
  return { ai: { commits: count, tools: [...tools].sort() }, lines };
}

function resolveSha(prefix: string, commits: ReadonlyMap<string, CommitRecord>): string | undefined {
  if (commits.has(prefix)) return prefix;
  const found = [...commits.keys()].filter((sha) => sha.startsWith(prefix.toLowerCase()));
  return found.length === 1 ? found[0] : undefined;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
const formatHours = (hours: number): string => (hours < 1 ? `${Math.round(hours * 60)} min` : `${Math.round(hours * 10) / 10} h`);
