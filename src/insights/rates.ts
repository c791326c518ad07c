/**
 * DORA-style delivery rates. Each returns null instead of dividing by zero, so that "no deployments"
 * reads as "no rate", not as a rate of 0.
 */

/** Change failure rate in DORA's sense: deployments that caused a failure in production / deployments. */
export function changeFailureRate(failedDeployments: number, deployments: number): number | null {
  return share(failedDeployments, deployments, 'failed deployments', 'deployments');
}

/** The share of changes that later failed: linked to an incident, reverted, or labelled bug-introducing. */
export function failureShare(failedChanges: number, changes: number): number | null {
  return share(failedChanges, changes, 'failed changes', 'changes');
}

/**
 * Weights of incident severities: each level counts twice the one below it, so that one SEV1 weighs as
 * much as eight SEV4s. Levels are read from the usual spellings: `SEV1`, `sev-1`, `P1`, `1`,
 * `critical` (1), `high` (2), `medium`/`moderate` (3), `low` (4); `SEV0`/`P0` count as level 1;
 * anything else (`P5`, `info`), or no severity, weighs 1.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<1 | 2 | 3 | 4, number>> = { 1: 8, 2: 4, 3: 2, 4: 1 };

const NAMED_LEVELS: Readonly<Record<string, 1 | 2 | 3 | 4>> = { critical: 1, high: 2, medium: 3, moderate: 3, low: 4 };

/** The weight of one severity, by SEVERITY_WEIGHTS. */
export function severityWeight(severity: string | null | undefined): number {
  const text = (severity ?? '').trim().toLowerCase();
  const numbered = /^(?:sev|p)?[\s_-]?([0-4])$/.exec(text);
  const level = numbered ? (Math.max(1, Number(numbered[1])) as 1 | 2 | 3 | 4) : NAMED_LEVELS[text];
  return level === undefined ? 1 : SEVERITY_WEIGHTS[level];
}

/**
 * Severity-weighted failure rate: the summed weights of the failed changes, divided by all changes.
 * Give one severity per failed change (the worst of its incidents), so that a change is counted once.
 */
export function severityWeightedRate(failureSeverities: readonly (string | null | undefined)[], changes: number): number | null {
  if (failureSeverities.length > changes) throw new RangeError(`more failures (${failureSeverities.length}) than changes (${changes})`);
  let weight = 0;
  for (const severity of failureSeverities) weight += severityWeight(severity);
  return ratio(weight, changes, 'weights', 'changes');
}

export interface TimeToRestore {
  readonly count: number;
  readonly median: number;
  /** The 90th percentile, interpolated between the closest ranks. */
  readonly p90: number;
}

/**
 * Median and 90th percentile of restore times (any unit, returned in the same unit), or null
 * without any. Percentiles interpolate linearly between order statistics at rank q · (n − 1), the
 * default of R (type 7), NumPy and spreadsheets, so the figures match what a reader recomputes.
 */
export function timeToRestore(durations: readonly number[]): TimeToRestore | null {
  if (durations.length === 0) return null;
  for (const duration of durations) if (!(duration >= 0) || !Number.isFinite(duration)) throw new RangeError(`a duration must be finite and ≥ 0, got ${duration}`);
  const sorted = [...durations].sort((x, y) => x - y);
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

function quantile(sorted: readonly number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (rank - below) * (upper - lower);
}

function share(part: number, whole: number, partName: string, wholeName: string): number | null {
  if (part > whole) throw new RangeError(`${partName} (${part}) exceed ${wholeName} (${whole})`);
  return ratio(part, whole, partName, wholeName);
}

function ratio(part: number, whole: number, partName: string, wholeName: string): number | null {
  if (!(part >= 0) || !(whole >= 0)) throw new RangeError(`${partName} and ${wholeName} must be ≥ 0, got ${part} and ${whole}`);
  if (whole === 0) return null;
  return part / whole;
}
