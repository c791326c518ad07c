import { checkCounts, type GroupCounts } from './counts.js';
import { LogSum, logBeta, normalCdf } from './special.js';

export interface Posterior {
  /** P(p_ai > p_other | data) under uniform Beta(1, 1) priors on both failure rates. */
  readonly probability: number;
  /** `exact-sum` (the closed form below) or `normal-approximation` (only past EXACT_SUM_LIMIT terms). */
  readonly method: 'exact-sum' | 'normal-approximation';
}

/**
 * Past this many terms in the shortest exact sum (every one of a, c, n1 − a, n2 − c above ten
 * million) the normal approximation is used. Every Beta then has both parameters above 10⁷, so its
 * skewness is below 2 / √10⁷ ≈ 6e-4, and the first Edgeworth correction, skewness · φ(z) · |1 − z²| / 6,
 * keeps the approximation within 5e-5 of the exact probability. Below the limit the exact sum takes
 * at most a few tenths of a second.
 */
export const EXACT_SUM_LIMIT = 10_000_000;

/**
 * The posterior probability that AI-assisted changes fail more often than the others. With uniform
 * priors the rates are p_ai ~ Beta(a + 1, n1 − a + 1) and p_other ~ Beta(c + 1, n2 − c + 1).
 *
 * For integer parameters P(X_B > X_A) has the finite sum (Cook 2005; Miller 2015, "Formulas for
 * Bayesian A/B testing")
 *   Σ_{i=0}^{α_B − 1} B(α_A + i, β_A + β_B) / ((β_B + i) · B(1 + i, β_B) · B(α_A, β_A)),
 * whose consecutive terms have the ratio (α_A + i)(β_B + i) / ((α_A + β_A + β_B + i)(i + 1)).
 * The same probability is also 1 − P(X_A > X_B), and, since 1 − p is Beta with the parameters
 * swapped, P(1 − p_other > 1 − p_ai); so four sums of lengths a + 1, c + 1, n1 − a + 1 and
 * n2 − c + 1 give it, and the shortest is taken: O(min(a, c, n1 − a, n2 − c)) work. The terms
 * are summed in log space, so none underflows.
 */
export function probabilityAiHigher(counts: GroupCounts): Posterior {
  checkCounts(counts);
  const ai: Beta = { alpha: counts.aiFailures + 1, beta: counts.aiTotal - counts.aiFailures + 1 };
  const other: Beta = { alpha: counts.otherFailures + 1, beta: counts.otherTotal - counts.otherFailures + 1 };
  const flip = (d: Beta): Beta => ({ alpha: d.beta, beta: d.alpha });
  const ways: { length: number; value: () => number }[] = [
    { length: ai.alpha, value: () => probabilityGreater(ai, other) },
    { length: other.alpha, value: () => 1 - probabilityGreater(other, ai) },
    { length: other.beta, value: () => probabilityGreater(flip(other), flip(ai)) },
    { length: ai.beta, value: () => 1 - probabilityGreater(flip(ai), flip(other)) },
  ];
  const shortest = ways.reduce((best, way) => (way.length < best.length ? way : best));
  if (shortest.length > EXACT_SUM_LIMIT) return { probability: normalApproximation(ai, other), method: 'normal-approximation' };
  return { probability: Math.min(1, Math.max(0, shortest.value())), method: 'exact-sum' };
}

/** A Beta(α, β) distribution. */
export interface Beta {
  readonly alpha: number;
  readonly beta: number;
}

/** P(X_B > X_A) by the finite sum above; α_B terms. */
function probabilityGreater(b: Beta, a: Beta): number {
  const sum = new LogSum();
  let logTerm = logBeta(a.alpha, a.beta + b.beta) - logBeta(a.alpha, a.beta);
  const pooledBeta = a.alpha + a.beta + b.beta;
  for (let i = 0; i < b.alpha; i++) {
    sum.add(logTerm);
    logTerm += Math.log(((a.alpha + i) * (b.beta + i)) / ((pooledBeta + i) * (i + 1)));
  }
  return Math.exp(sum.log());
}

/** Φ((mean_ai − mean_other) / √(var_ai + var_other)), for counts too large for the exact sum. */
export function normalApproximation(ai: Beta, other: Beta): number {
  const mean = (d: Beta): number => d.alpha / (d.alpha + d.beta);
  const variance = (d: Beta): number => (d.alpha * d.beta) / ((d.alpha + d.beta) ** 2 * (d.alpha + d.beta + 1));
  return normalCdf((mean(ai) - mean(other)) / Math.sqrt(variance(ai) + variance(other)));
}
