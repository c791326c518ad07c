import { compileGlob } from '../ownership/glob.js';
import { atLeast } from '../provenance/markers.js';
import type { MatchedFact } from './decision.js';
import type { ChangeFacts, FactCommit } from './facts.js';
import type { Directory } from './people.js';
import type { Conditions } from './schema.js';
import { windowAt } from './time.js';

/** What every condition may look at. */
export interface ConditionContext {
  readonly facts: ChangeFacts;
  readonly directory: Directory;
  /** Logins of the change's authors (commit authors known to the policy, and the pull request's author). */
  readonly authors: ReadonlySet<string>;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const firstOf = <T>(items: readonly T[], show: (item: T) => string, limit = 3): string =>
  items.slice(0, limit).map(show).join(', ') + (items.length > limit ? `, and ${items.length - limit} more` : '');

/** The share of the change's added lines that come from these commits (0 when nothing was added). */
export function lineShare(facts: ChangeFacts, commits: readonly FactCommit[]): number {
  const total = facts.commits.reduce((sum, commit) => sum + commit.added, 0);
  return total === 0 ? 0 : commits.reduce((sum, commit) => sum + commit.added, 0) / total;
}

type Check = (context: ConditionContext) => string | undefined;

/**
 * One function per condition: the fact that makes it hold, in words, or undefined. A rule
 * matches when every condition it lists holds.
 */
function checksOf(when: Conditions): [string, Check][] {
  const checks: [string, Check][] = [];
  const { ai } = when;
  if (ai !== undefined) {
    checks.push([
      'ai',
      ({ facts }) => {
        const aiCommits = facts.commits.filter((commit) => commit.ai);
        if (ai === false) return aiCommits.length === 0 ? `no AI-assisted commit among ${plural(facts.commits.length, 'commit')}` : undefined;
        const matching = ai === true
          ? aiCommits
          : aiCommits.filter((commit) =>
              commit.tools.some((tool) => (ai.tools === undefined || ai.tools.includes(tool.tool)) && (ai.confidence === undefined || atLeast(tool.confidence, ai.confidence))),
            );
        if (matching.length === 0) return undefined;
        const share = lineShare(facts, matching);
        if (ai !== true && ai.share !== undefined && share < ai.share) return undefined;
        const tools = new Map<string, string>();
        for (const commit of matching) for (const tool of commit.tools) if (!tools.has(tool.tool)) tools.set(tool.tool, `${tool.name} (${tool.confidence})`);
        return `${[...tools.values()].join(', ')} in ${matching.length} of ${plural(facts.commits.length, 'commit')}, ${percent(share)} of added lines`;
      },
    ]);
  }
  if (when.zones) {
    const wanted = new Set(when.zones);
    checks.push([
      'zones',
      ({ facts }) => {
        const touched = facts.radius.zones.filter((zone) => zone.distance === 0 && wanted.has(zone.name));
        return touched.length === 0 ? undefined : `touches ${firstOf(touched, (zone) => `${zone.name} (${zone.why[0] ?? 'changed'})`)}`;
      },
    ]);
  }
  if (when.reaches) {
    const wanted = new Set(when.reaches);
    checks.push([
      'reaches',
      ({ facts }) => {
        const reached = facts.radius.zones.filter((zone) => wanted.has(zone.name));
        return reached.length === 0 ? undefined : `reaches ${firstOf(reached, (zone) => `${zone.name} via ${zone.why.join(' -> ')}`)}`;
      },
    ]);
  }
  if (when.radius) {
    const limits = when.radius;
    checks.push([
      'radius',
      ({ facts: { radius } }) => {
        const counts: [keyof typeof limits, number, string][] = [
          ['files', radius.files, 'files'],
          ['packages', radius.packages, 'packages'],
          ['services', radius.services.length, 'services'],
          ['criticalServices', radius.services.filter((s) => s.criticality === 'critical').length, 'critical services'],
          ['criticalZones', radius.zones.filter((z) => z.criticality === 'critical').length, 'critical zones'],
          ['score', radius.score, 'score'],
        ];
        const over = counts.filter(([key, count]) => limits[key] !== undefined && count >= limits[key]);
        return over.length === 0 ? undefined : over.map(([key, count, label]) => `${label} ${count} >= ${limits[key]}`).join(', ');
      },
    ]);
  }
  if (when.size) {
    const limits = when.size;
    checks.push([
      'size',
      ({ facts }) => {
        const lines = facts.files.reduce((sum, file) => sum + file.added + file.deleted, 0);
        const counts: [keyof typeof limits, number][] = [
          ['files', facts.files.length],
          ['lines', lines],
          ['commits', facts.commits.length],
        ];
        const over = counts.filter(([key, count]) => limits[key] !== undefined && count >= limits[key]);
        return over.length === 0 ? undefined : over.map(([key, count]) => `${key} ${count} >= ${limits[key]}`).join(', ');
      },
    ]);
  }
  if (when.paths) {
    const matchers = when.paths.map(compileGlob);
    checks.push([
      'paths',
      ({ facts }) => {
        const hits = facts.files.filter((file) => matchers.some((match) => match(file.path)));
        return hits.length === 0 ? undefined : `changes ${firstOf(hits, (file) => file.path)}`;
      },
    ]);
  }
  if (when.authors) {
    const principals = when.authors;
    checks.push([
      'authors',
      ({ directory, authors }) => {
        const hits = principals.flatMap((principal) => [...authors].filter((login) => directory.membersOf(principal).has(login)).map((login) => `${login} (${principal})`));
        return hits.length === 0 ? undefined : `written by ${firstOf([...new Set(hits)], (hit) => hit)}`;
      },
    ]);
  }
  if (when.labels) {
    const wanted = new Set(when.labels);
    checks.push([
      'labels',
      ({ facts }) => {
        const hits = facts.labels.filter((label) => wanted.has(label));
        return hits.length === 0 ? undefined : `labelled ${hits.join(', ')}`;
      },
    ]);
  }
  if (when.time) {
    const window = when.time;
    checks.push(['time', ({ facts }) => { const inside = windowAt(window, new Date(facts.now)); return inside === undefined ? undefined : `inside ${inside}`; }]);
  }
  return checks;
}

/** The facts that make every condition hold, or undefined when one does not. An empty `when` always matches. */
export function matchConditions(when: Conditions, context: ConditionContext): MatchedFact[] | undefined {
  const facts: MatchedFact[] = [];
  for (const [condition, check] of checksOf(when)) {
    const fact = check(context);
    if (fact === undefined) return undefined;
    facts.push({ condition, fact });
  }
  if (facts.length === 0) facts.push({ condition: 'always', fact: 'the rule has no conditions' });
  return facts;
}
