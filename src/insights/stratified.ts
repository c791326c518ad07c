import { checkCounts, sumCounts, type GroupCounts } from './counts.js';
import { relativeRisk, type RatioEstimate, type RelativeRisk } from './risk.js';
import { Z_975 } from './special.js';

/**
 * Change-size bands by lines added, the strata of the size-adjusted comparison. Roughly a factor of
 * four to five apart, so that changes within a band are alike in how much they can break, and the
 * top band still holds enough changes in a typical repository to count.
 */
export const SIZE_BANDS = [
  { label: '1–10', min: 1, max: 10 },
  { label: '11–50', min: 11, max: 50 },
  { label: '51–200', min: 51, max: 200 },
  { label: '201–1000', min: 201, max: 1000 },
  { label: '>1000', min: 1001, max: Infinity },
] as const;

export type SizeBand = (typeof SIZE_BANDS)[number]['label'];

/** The band of a change by its lines added; a change that adds nothing (deletions, renames) goes with the smallest. */
export function sizeBand(linesAdded: number): SizeBand {
  if (!(linesAdded >= 0)) throw new RangeError(`lines added must be ≥ 0, got ${linesAdded}`);
  for (const band of SIZE_BANDS) if (linesAdded <= band.max) return band.label;
  return '>1000';
}

export interface Stratified {
  /** The Mantel–Haenszel relative risk over the strata; null when no stratum has a failure on one side to compare. */
  readonly pooled: RatioEstimate | null;
  /** The relative risk of the summed table, for comparison; null when a group is empty. */
  readonly crude: RelativeRisk | null;
  /** Strata that hold changes of both groups, the only ones that inform the pooled ratio. */
  readonly strataUsed: number;
}

/**
 * The Mantel–Haenszel relative risk over strata (for example change-size bands),
 *   RR_MH = Σ a_i n2_i / N_i ÷ Σ c_i n1_i / N_i,
 * with the 95% interval from the Greenland–Robins (1985) variance of its logarithm,
 *   Var(ln RR_MH) = Σ (n1_i n2_i m_i − a_i c_i N_i) / N_i² ÷ [(Σ a_i n2_i / N_i)(Σ c_i n1_i / N_i)],
 * where m_i = a_i + c_i. Zero cells in single strata need no correction; a stratum with changes of
 * one group only adds nothing. When the crude ratio is far from the pooled one, the strata explain
 * (or hide) part of the crude difference.
 */
export function mantelHaenszel(strata: readonly GroupCounts[]): Stratified {
  strata.forEach((stratum, index) => checkCounts(stratum, `strata[${index}]`));
  let numerator = 0;
  let denominator = 0;
  let varianceSum = 0;
  let strataUsed = 0;
  for (const { aiFailures: a, aiTotal: n1, otherFailures: c, otherTotal: n2 } of strata) {
    if (n1 === 0 || n2 === 0) continue;
    strataUsed++;
    const total = n1 + n2;
    numerator += (a * n2) / total;
    denominator += (c * n1) / total;
    varianceSum += (n1 * n2 * (a + c) - a * c * total) / (total * total);
  }
  const crudeCounts = sumCounts(strata);
  const crude = crudeCounts.aiTotal > 0 && crudeCounts.otherTotal > 0 ? relativeRisk(crudeCounts) : null;
  if (numerator === 0 || denominator === 0) return { pooled: null, crude, strataUsed };
  const rr = numerator / denominator;
  const se = Math.sqrt(varianceSum / (numerator * denominator));
  return { pooled: { rr, low: rr * Math.exp(-Z_975 * se), high: rr * Math.exp(Z_975 * se) }, crude, strataUsed };
}
