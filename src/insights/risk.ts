import { checkCounts, type GroupCounts } from './counts.js';
import { Z_975 } from './special.js';

/** A ratio with its 95% confidence interval. */
export interface RatioEstimate {
  readonly rr: number;
  readonly low: number;
  readonly high: number;
}

export interface RelativeRisk extends RatioEstimate {
  /**
   * True when a group had no failures, so 0.5 was added to every cell (Haldane–Anscombe) to give a
   * finite ratio and interval. The estimate is then shrunk toward 1 and should be read as a bound.
   */
  readonly corrected: boolean;
}

/**
 * Relative risk of failure, AI-assisted changes against the others: (a / n1) / (c / n2), with the 95%
 * confidence interval by the Katz log method, exp(ln RR ± 1.96 · SE) with
 * SE = √(1/a − 1/n1 + 1/c − 1/n2) (Katz et al., Biometrics 1978).
 *
 * A zero failure count makes ln RR or SE infinite; then 0.5 is added to each of the four cells
 * (a, n1 − a, c, n2 − c, so each total grows by 1) and the result says so in `corrected`.
 * Both groups need at least one change: with an empty group there is nothing to compare (RangeError).
 */
export function relativeRisk(counts: GroupCounts): RelativeRisk {
  checkCounts(counts);
  const { aiTotal, otherTotal } = counts;
  if (aiTotal === 0 || otherTotal === 0) throw new RangeError('relative risk needs at least one change in each group');
  const corrected = counts.aiFailures === 0 || counts.otherFailures === 0;
  const add = corrected ? 0.5 : 0;
  const a = counts.aiFailures + add;
  const n1 = aiTotal + 2 * add;
  const c = counts.otherFailures + add;
  const n2 = otherTotal + 2 * add;
  const rr = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return { rr, low: rr * Math.exp(-Z_975 * se), high: rr * Math.exp(Z_975 * se), corrected };
}
