import { describe, expect, it } from 'vitest';
import { verdict } from './verdict.js';

// Every figure in these texts was recomputed independently in python3: Katz intervals by hand,
// Fisher p-values as exact fractions, posteriors as exact sums of rational Beta functions, sample
// sizes by the two-proportion formula with scipy's normal quantiles.
describe('verdict', () => {
  it('refuses to conclude from too few failures and says what sample would answer', () => {
    const result = verdict({ aiFailures: 3, aiTotal: 120, otherFailures: 4, otherTotal: 300 });
    expect(result).toEqual({
      conclusion: 'insufficient-data',
      text:
        'Not enough data to conclude: 7 failures in total, and at least 10 are needed. ' +
        'AI-assisted changes failed in 3 of 120 (2.5%), the other changes in 4 of 300 (1.3%). ' +
        'To detect a relative risk of 1.88 against a failure rate of 1.3% with 80% power (α = 0.05, two-sided) ' +
        'takes about 2,167 changes in each group.',
      neededSample: { perGroup: 2167, relativeRisk: 1.875, baselineRate: 4 / 300 },
    });
  });

  it('concludes that AI-assisted changes fail more often for 12 of 400 against 20 of 1,600', () => {
    expect(verdict({ aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600 })).toEqual({
      conclusion: 'ai-higher',
      text:
        'AI-assisted changes fail more often than the others. ' +
        'AI-assisted changes failed in 12 of 400 (3.0%), the other changes in 20 of 1,600 (1.3%): ' +
        'a relative risk of 2.40 (95% CI 1.18–4.87). ' +
        "Fisher's exact test: p = 0.016 one-sided (AI higher), p = 0.023 two-sided. " +
        'Probability that the AI failure rate is higher: 99.2%.',
    });
  });

  it('concludes no difference only when the interval rules out the smallest difference worth knowing', () => {
    expect(verdict({ aiFailures: 100, aiTotal: 5000, otherFailures: 100, otherTotal: 5000 })).toEqual({
      conclusion: 'no-difference',
      text:
        'No meaningful difference between AI-assisted changes and the others. ' +
        'AI-assisted changes failed in 100 of 5,000 (2.0%), the other changes in 100 of 5,000 (2.0%): ' +
        'a relative risk of 1.00 (95% CI 0.76–1.32), which rules out a difference of 1.5 times or more either way. ' +
        "Fisher's exact test: p = 0.53 one-sided (AI higher), p = 1 two-sided. " +
        'Probability that the AI failure rate is higher: 50.0%.',
    });
  });

  it('refuses to conclude when the interval is too wide, with enough failures', () => {
    expect(verdict({ aiFailures: 8, aiTotal: 300, otherFailures: 20, otherTotal: 1000 })).toEqual({
      conclusion: 'insufficient-data',
      text:
        'Not enough data to conclude. ' +
        'AI-assisted changes failed in 8 of 300 (2.7%), the other changes in 20 of 1,000 (2.0%): ' +
        'a relative risk of 1.33 (95% CI 0.59–3.00), an interval too wide to tell no difference from a difference of 1.5 times or more. ' +
        "Fisher's exact test: p = 0.31 one-sided (AI higher), p = 0.5 two-sided. " +
        'Probability that the AI failure rate is higher: 79.2%. ' +
        'To detect a relative risk of 1.50 against a failure rate of 2.0% with 80% power (α = 0.05, two-sided) ' +
        'takes about 3,826 changes in each group.',
      neededSample: { perGroup: 3826, relativeRisk: 1.5, baselineRate: 0.02 },
    });
  });

  it('concludes lower, and says when a zero cell was corrected', () => {
    expect(verdict({ aiFailures: 10, aiTotal: 2000, otherFailures: 40, otherTotal: 2000 }).conclusion).toBe('ai-lower');
    expect(verdict({ aiFailures: 0, aiTotal: 500, otherFailures: 30, otherTotal: 1000 })).toEqual({
      conclusion: 'ai-lower',
      text:
        'AI-assisted changes fail less often than the others. ' +
        'AI-assisted changes failed in 0 of 500 (0.0%), the other changes in 30 of 1,000 (3.0%): ' +
        'a relative risk of 0.033 (95% CI 0.0020–0.53), with 0.5 added to every cell because a group had no failures. ' +
        "Fisher's exact test: p = 1 one-sided (AI higher), p < 0.001 two-sided. " +
        'Probability that the AI failure rate is higher: < 0.1%.',
    });
  });

  it('says when change size explains the difference', () => {
    // 1% failures among small changes and 10% among large ones in both groups; most AI changes are large.
    const result = verdict({
      aiFailures: 110,
      aiTotal: 2000,
      otherFailures: 65,
      otherTotal: 4250,
      strata: [
        { aiFailures: 10, aiTotal: 1000, otherFailures: 40, otherTotal: 4000 },
        { aiFailures: 100, aiTotal: 1000, otherFailures: 25, otherTotal: 250 },
      ],
    });
    expect(result.conclusion).toBe('ai-higher');
    expect(result.text).toBe(
      'AI-assisted changes fail more often than the others. ' +
        'AI-assisted changes failed in 110 of 2,000 (5.5%), the other changes in 65 of 4,250 (1.5%): ' +
        'a relative risk of 3.60 (95% CI 2.66–4.86). ' +
        "Fisher's exact test: p < 0.001 one-sided (AI higher), p < 0.001 two-sided. " +
        'Probability that the AI failure rate is higher: > 99.9%. ' +
        'Adjusted for change size, the relative risk is 1.00 (95% CI 0.70–1.43) against 3.60 unadjusted: change size explains the difference.',
    );
  });

  it('says when the size-adjusted ratio is about the same', () => {
    const same = { aiFailures: 6, aiTotal: 200, otherFailures: 10, otherTotal: 800 };
    const result = verdict({ aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600, strata: [same, same] });
    expect(result.text).toMatch(/ Adjusted for change size, the relative risk is 2\.40 \(95% CI 1\.18–4\.87\), about the same as unadjusted\.$/);
  });

  it('has nothing to compare without AI-assisted changes, or without any failure', () => {
    expect(verdict({ aiFailures: 0, aiTotal: 0, otherFailures: 20, otherTotal: 1000 })).toEqual({
      conclusion: 'insufficient-data',
      text:
        'Not enough data to conclude: there are no AI-assisted changes to compare with the 1,000 other changes. ' +
        'To detect a relative risk of 1.50 against a failure rate of 2.0% with 80% power (α = 0.05, two-sided) ' +
        'takes about 3,826 changes in each group.',
      neededSample: { perGroup: 3826, relativeRisk: 1.5, baselineRate: 0.02 },
    });
    const nothing = verdict({ aiFailures: 0, aiTotal: 100, otherFailures: 0, otherTotal: 1000 });
    expect(nothing.conclusion).toBe('insufficient-data');
    expect(nothing.neededSample).toBeUndefined();
  });

  it('refuses strata that do not add up to the counts, and a smallest ratio of 1', () => {
    const counts = { aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600 };
    expect(() => verdict({ ...counts, strata: [{ aiFailures: 12, aiTotal: 400, otherFailures: 19, otherTotal: 1600 }] })).toThrow(
      "the strata's otherFailures add up to 19, not 20",
    );
    expect(() => verdict({ ...counts, minRelativeRisk: 1 })).toThrow(RangeError);
  });
});
