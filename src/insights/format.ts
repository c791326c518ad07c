/**
 * Number formats of the insights' plain-language text, written out instead of `toLocaleString` so
 * that the text is the same on every machine and locale.
 */

/** 1600 → "1,600". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate as a percentage: one decimal from 1% up ("3.0%"), two significant digits below ("0.25%"). */
export function formatPercent(rate: number): string {
  const percent = rate * 100;
  return `${percent >= 1 || percent === 0 ? percent.toFixed(1) : percent.toPrecision(2)}%`;
}

/** A ratio with two decimals ("2.40"), or two significant digits below 0.1 ("0.033"). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞';
  return ratio >= 0.1 || ratio === 0 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

/** A p-value with two significant digits, or "< 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${Number(p.toPrecision(2))}`;
}

/** A probability as a percentage with one decimal, kept off the ends: "> 99.9%", "< 0.1%". */
export function formatProbability(probability: number): string {
  if (probability > 0.999) return '> 99.9%';
  if (probability < 0.001) return '< 0.1%';
  return `${(probability * 100).toFixed(1)}%`;
}
