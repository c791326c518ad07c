import { probabilityAiHigher } from './bayes.js';
import { checkCounts, sumCounts, type GroupCounts } from './counts.js';
import { fisherExact } from './fisher.js';
import { formatCount, formatP, formatPercent, formatProbability, formatRatio } from './format.js';
import { sampleSizePerGroup, type NeededSample } from './power.js';
import { relativeRisk, type RelativeRisk } from './risk.js';
import { mantelHaenszel } from './stratified.js';

export interface VerdictInput extends GroupCounts {
  /** The same changes by change-size band (see `sizeBand`); their cells must add up to the counts. */
  readonly strata?: readonly GroupCounts[];
  /** With fewer failures than this in both groups together, no conclusion is drawn. Default 10. */
  readonly minFailures?: number;
  /**
   * The smallest relative risk worth knowing about. "No difference" means the 95% interval lies
   * within [1 / this, this]; an observed ratio closer to 1 than this is not what a sample is sized
   * for. Default 1.5.
   */
  readonly minRelativeRisk?: number;
}

export type Conclusion = 'ai-higher' | 'ai-lower' | 'no-difference' | 'insufficient-data';

export interface InsightVerdict {
  readonly conclusion: Conclusion;
  /** Plain-language sentences for a reader who is not a statistician. */
  readonly text: string;
  /** With `insufficient-data`: the sample that would answer the question, when one can be computed. */
  readonly neededSample?: NeededSample;
}

export const DEFAULT_MIN_FAILURES = 10;
export const DEFAULT_MIN_RELATIVE_RISK = 1.5;
/** A size-adjusted ratio more than 10% away from the crude one is worth a sentence (the usual rule of thumb for confounding). */
const NOTABLE_ADJUSTMENT = Math.log(1.1);

/**
 * Whether AI-assisted changes fail more often than the others, in words. The conclusion rests on the
 * 95% interval of the relative risk (Katz): above 1 is "higher", below 1 "lower", within
 * [1 / minRelativeRisk, minRelativeRisk] "no difference". Anything else, or fewer than `minFailures`
 * failures, is "insufficient data", with the per-group sample that 80% power at α = 0.05 two-sided
 * needs to detect the observed ratio (or `minRelativeRisk`, when the observed one is closer to 1).
 * Fisher's p-values and the posterior probability are reported beside it; with `strata`, so is the
 * Mantel–Haenszel ratio adjusted for change size, and whether size explains part of the difference.
 */
export function verdict(input: VerdictInput): InsightVerdict {
  checkCounts(input);
  const minFailures = input.minFailures ?? DEFAULT_MIN_FAILURES;
  const minRelativeRisk = input.minRelativeRisk ?? DEFAULT_MIN_RELATIVE_RISK;
  if (!(minRelativeRisk > 1)) throw new RangeError(`minRelativeRisk must be above 1, got ${minRelativeRisk}`);
  if (input.strata) checkStrata(input, input.strata);
  const { aiFailures, aiTotal, otherFailures, otherTotal } = input;
  const failures = aiFailures + otherFailures;

  if (aiTotal === 0 || otherTotal === 0) {
    const missing = aiTotal === 0 ? 'AI-assisted changes' : 'other changes';
    const present = aiTotal === 0 ? `${formatCount(otherTotal)} other changes` : `${formatCount(aiTotal)} AI-assisted changes`;
    const baseline = aiTotal === 0 ? otherFailures / Math.max(otherTotal, 1) : aiFailures / Math.max(aiTotal, 1);
    return insufficient(`Not enough data to conclude: there are no ${missing} to compare with the ${present}.`, baseline, minRelativeRisk);
  }
  if (failures < minFailures) {
    const text =
      `Not enough data to conclude: ${formatCount(failures)} failures in total, and at least ${formatCount(minFailures)} are needed. ` +
      `${describeCounts(input)}.`;
    return insufficient(text, baselineRate(input), observedTarget(input, minRelativeRisk));
  }

  const rr = relativeRisk(input);
  const fisher = fisherExact(input);
  const posterior = probabilityAiHigher(input);
  const evidence = (qualifier = ''): string =>
    `${describeCounts(input)}: a relative risk of ${describeInterval(rr)}${qualifier}.` +
    ` Fisher's exact test: p ${formatP(fisher.oneSided)} one-sided (AI higher), p ${formatP(fisher.twoSided)} two-sided.` +
    ` Probability that the AI failure rate is higher: ${formatProbability(posterior.probability)}.` +
    (input.strata ? ` ${describeAdjustment(rr, input.strata)}` : '');
  const band = `a difference of ${minRelativeRisk} times or more`;

  if (rr.low > 1) return { conclusion: 'ai-higher', text: `AI-assisted changes fail more often than the others. ${evidence()}` };
  if (rr.high < 1) return { conclusion: 'ai-lower', text: `AI-assisted changes fail less often than the others. ${evidence()}` };
  if (rr.low >= 1 / minRelativeRisk && rr.high <= minRelativeRisk) {
    const text = `No meaningful difference between AI-assisted changes and the others. ${evidence(`, which rules out ${band} either way`)}`;
    return { conclusion: 'no-difference', text };
  }
  return insufficient(
    `Not enough data to conclude. ${evidence(`, an interval too wide to tell no difference from ${band}`)}`,
    baselineRate(input),
    observedTarget(input, minRelativeRisk, rr.rr),
  );
}

function insufficient(text: string, baseline: number, target: number): InsightVerdict {
  const neededSample = sampleSizePerGroup(baseline, target);
  if (!neededSample) return { conclusion: 'insufficient-data', text };
  const sentence =
    ` To detect a relative risk of ${formatRatio(target)} against a failure rate of ${formatPercent(baseline)} with 80% power` +
    ` (α = 0.05, two-sided) takes about ${formatCount(neededSample.perGroup)} changes in each group.`;
  return { conclusion: 'insufficient-data', text: text + sentence, neededSample };
}

/** The other changes' failure rate, or the overall one when they had no failures. */
function baselineRate({ aiFailures, aiTotal, otherFailures, otherTotal }: GroupCounts): number {
  return otherFailures > 0 ? otherFailures / otherTotal : (aiFailures + otherFailures) / (aiTotal + otherTotal);
}

/** The ratio a sample should be sized for: the observed one when it is at least the smallest one worth knowing. */
function observedTarget(counts: GroupCounts, minRelativeRisk: number, observed?: number): number {
  const rr = observed ?? (counts.otherFailures > 0 && counts.aiFailures > 0 ? relativeRisk(counts).rr : minRelativeRisk);
  return Math.abs(Math.log(rr)) >= Math.log(minRelativeRisk) ? rr : minRelativeRisk;
}

function describeCounts({ aiFailures, aiTotal, otherFailures, otherTotal }: GroupCounts): string {
  const group = (failures: number, total: number): string =>
    `${formatCount(failures)} of ${formatCount(total)} (${formatPercent(failures / total)})`;
  return `AI-assisted changes failed in ${group(aiFailures, aiTotal)}, the other changes in ${group(otherFailures, otherTotal)}`;
}

function describeInterval(rr: RelativeRisk): string {
  const interval = `${formatRatio(rr.rr)} (95% CI ${formatRatio(rr.low)}–${formatRatio(rr.high)})`;
  return rr.corrected ? `${interval}, with 0.5 added to every cell because a group had no failures` : interval;
}

function describeAdjustment(crude: RelativeRisk, strata: readonly GroupCounts[]): string {
  const { pooled } = mantelHaenszel(strata);
  if (!pooled) return 'Adjusted for change size, the relative risk cannot be estimated: no size band has failures to compare on both sides.';
  const adjusted = `Adjusted for change size, the relative risk is ${formatRatio(pooled.rr)} (95% CI ${formatRatio(pooled.low)}–${formatRatio(pooled.high)})`;
  if (Math.abs(Math.log(pooled.rr / crude.rr)) <= NOTABLE_ADJUSTMENT) return `${adjusted}, about the same as unadjusted.`;
  const against = `${adjusted} against ${formatRatio(crude.rr)} unadjusted`;
  if (Math.abs(Math.log(pooled.rr)) > Math.abs(Math.log(crude.rr))) return `${against}: change size hides part of the difference.`;
  const crudeDiffers = crude.low > 1 || crude.high < 1;
  const pooledDiffers = pooled.low > 1 || pooled.high < 1;
  return `${against}: change size explains ${crudeDiffers && !pooledDiffers ? 'the' : 'part of the'} difference.`;
}

function checkStrata(counts: GroupCounts, strata: readonly GroupCounts[]): void {
  strata.forEach((stratum, index) => checkCounts(stratum, `strata[${index}]`));
  const sum = sumCounts(strata);
  for (const field of ['aiFailures', 'aiTotal', 'otherFailures', 'otherTotal'] as const) {
    if (sum[field] !== counts[field]) throw new RangeError(`the strata's ${field} add up to ${sum[field]}, not ${counts[field]}`);
  }
}
