import { checkCounts, type GroupCounts } from './counts.js';
import { logChoose } from './special.js';

export interface FisherResult {
  /** P(X ≥ a): the chance of at least this many AI failures if failures fell on changes at random. */
  readonly oneSided: number;
  /** The sum of P(x) over every table no more likely than the observed one (the usual, R's, definition). */
  readonly twoSided: number;
}

/** Tables within this relative distance of the observed table's probability count as "as extreme" (as in R). */
const RELATIVE_TOLERANCE = 1 + 1e-7;
/** A tail stops once a term adds less than this to its sum; terms only shrink from there. */
const NEGLIGIBLE = 1e-17;

/**
 * Fisher's exact test on the 2×2 table. With the margins fixed, the number X of AI failures is
 * hypergeometric: failures m = a + c drawn among N = n1 + n2 changes, n1 of them AI-assisted.
 *
 * The probability of one table comes from log-factorials, whose rounding (about 1e-16 of ln N!)
 * becomes the relative error of the p-value: about 2e-11 at N = 10⁴ and 2e-9 at N = 2·10⁶;
 * its neighbours come from the exact ratio P(x+1) / P(x) = (m − x)(n1 − x) / ((x + 1)(N − m − n1 + x + 1)).
 * Each tail is summed from its inner end outward, where terms only shrink (the distribution is
 * unimodal), and stops when they no longer change the sum, so a tiny p-value keeps its relative
 * precision and the work is bounded by the tail's width, never by N. The two-sided boundary on the
 * far side is found by bisection on the log-probability.
 */
export function fisherExact(counts: GroupCounts): FisherResult {
  checkCounts(counts);
  const law = hypergeometric(counts.aiFailures + counts.otherFailures, counts.aiTotal, counts.aiTotal + counts.otherTotal);
  const a = counts.aiFailures;
  const oneSided = a > law.mode ? law.upperTail(a) : 1 - law.lowerTail(a - 1);

  const threshold = law.logPmf(a) + Math.log(RELATIVE_TOLERANCE);
  // Lower side [lo, mode − 1] rises toward the mode; the upper side [mode + 1, hi] falls from it.
  const lowerEnd = lastAtOrBelow(law.lo, law.mode - 1, (x) => law.logPmf(x) <= threshold);
  const upperStart = firstAtOrBelow(law.mode + 1, law.hi, (x) => law.logPmf(x) <= threshold);
  let twoSided = law.lowerTail(lowerEnd) + law.upperTail(upperStart);
  if (law.logPmf(law.mode) <= threshold) twoSided += Math.exp(law.logPmf(law.mode));
  return { oneSided: clamp(oneSided), twoSided: clamp(twoSided) };
}

interface Hypergeometric {
  readonly lo: number;
  readonly hi: number;
  readonly mode: number;
  logPmf(x: number): number;
  /** P(X ≥ from), for from > mode (or beyond hi: 0). */
  upperTail(from: number): number;
  /** P(X ≤ to), for to < mode (or below lo: 0). */
  lowerTail(to: number): number;
}

function hypergeometric(m: number, n1: number, total: number): Hypergeometric {
  const lo = Math.max(0, m + n1 - total);
  const hi = Math.min(m, n1);
  const mode = Math.floor(((n1 + 1) * (m + 1)) / (total + 2));
  const logDenominator = logChoose(total, n1);
  const logPmf = (x: number): number => logChoose(m, x) + logChoose(total - m, n1 - x) - logDenominator;
  const upRatio = (x: number): number => ((m - x) * (n1 - x)) / ((x + 1) * (total - m - n1 + x + 1));
  const downRatio = (x: number): number => (x * (total - m - n1 + x)) / ((m - x + 1) * (n1 - x + 1));

  const tail = (start: number, end: number, step: 1 | -1, ratio: (x: number) => number): number => {
    let term = 1;
    let sum = 1;
    for (let x = start; x !== end; x += step) {
      term *= ratio(x);
      sum += term;
      if (term < sum * NEGLIGIBLE) break;
    }
    return Math.exp(logPmf(start) + Math.log(sum));
  };
  return {
    lo,
    hi,
    mode,
    logPmf,
    upperTail: (from) => (from > hi ? 0 : tail(Math.max(from, lo), hi, 1, upRatio)),
    lowerTail: (to) => (to < lo ? 0 : tail(Math.min(to, hi), lo, -1, downRatio)),
  };
}

/** The largest x in [from, to] with holds(x), for a predicate true on a prefix; from − 1 when none. */
function lastAtOrBelow(from: number, to: number, holds: (x: number) => boolean): number {
  let low = from - 1;
  let high = to;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (holds(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The smallest x in [from, to] with holds(x), for a predicate true on a suffix; to + 1 when none. */
function firstAtOrBelow(from: number, to: number, holds: (x: number) => boolean): number {
  let low = from;
  let high = to + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function clamp(p: number): number {
  return Math.min(1, Math.max(0, p));
}
