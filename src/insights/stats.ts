/**
 * The statistics of `blastwall insights`: pure functions over counts, each exact or with its error
 * stated where it is defined. One entry point for the rest of the stage and for reporters.
 */
export { checkCounts, sumCounts, type GroupCounts } from './counts.js';
export { relativeRisk, type RatioEstimate, type RelativeRisk } from './risk.js';
export { fisherExact, type FisherResult } from './fisher.js';
export { EXACT_SUM_LIMIT, probabilityAiHigher, type Posterior } from './bayes.js';
export { SIZE_BANDS, mantelHaenszel, sizeBand, type SizeBand, type Stratified } from './stratified.js';
export { sampleSizePerGroup, type NeededSample } from './power.js';
export {
  SEVERITY_WEIGHTS,
  changeFailureRate,
  failureShare,
  severityWeight,
  severityWeightedRate,
  timeToRestore,
  type TimeToRestore,
} from './rates.js';
export { DEFAULT_MIN_FAILURES, DEFAULT_MIN_RELATIVE_RISK, verdict, type Conclusion, type InsightVerdict, type VerdictInput } from './verdict.js';
export { formatCount, formatP, formatPercent, formatProbability, formatRatio } from './format.js';
