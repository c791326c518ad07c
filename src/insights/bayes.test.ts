import { describe, expect, it } from 'vitest';
import { EXACT_SUM_LIMIT, normalApproximation, probabilityAiHigher } from './bayes.js';

// References: the headline and zero-cell cases summed as exact fractions in python3 (Beta functions
// of whole numbers are ratios of factorials) and, for the zero cell, also integrated in mpmath at 30
// digits; the large cases integrated with scipy (quad of f_ai · F_other), with 4 million Monte Carlo
// draws agreeing to their standard error.
describe('probabilityAiHigher', () => {
  it('is 0.9922 for 12 of 400 AI changes against 20 of 1,600 others', () => {
    const result = probabilityAiHigher({ aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600 });
    expect(result.probability).toBeCloseTo(0.992198941591604, 10);
    expect(result.method).toBe('exact-sum');
  });

  it('handles a group without failures', () => {
    const result = probabilityAiHigher({ aiFailures: 0, aiTotal: 200, otherFailures: 5, otherTotal: 800 });
    expect(result.probability).toBeCloseTo(0.259986367436694, 12);
  });

  it('is one half when the counts are the same', () => {
    const result = probabilityAiHigher({ aiFailures: 100, aiTotal: 5000, otherFailures: 100, otherTotal: 5000 });
    expect(result.probability).toBeCloseTo(0.5, 10);
  });

  it('gives complementary answers when the groups swap', () => {
    const one = probabilityAiHigher({ aiFailures: 7, aiTotal: 90, otherFailures: 30, otherTotal: 700 });
    const other = probabilityAiHigher({ aiFailures: 30, aiTotal: 700, otherFailures: 7, otherTotal: 90 });
    expect(one.probability + other.probability).toBeCloseTo(1, 12);
  });

  it('stays exact at a million changes per group, whichever sum is shortest', () => {
    const rare = probabilityAiHigher({ aiFailures: 31_000, aiTotal: 1_000_000, otherFailures: 30_000, otherTotal: 1_000_000 });
    expect(rare).toEqual({ probability: expect.closeTo(0.999980398534, 10), method: 'exact-sum' });
    const even = probabilityAiHigher({ aiFailures: 500_000, aiTotal: 1_000_000, otherFailures: 499_000, otherTotal: 1_000_000 });
    expect(even).toEqual({ probability: expect.closeTo(0.921350405123, 10), method: 'exact-sum' });
    const common = probabilityAiHigher({ aiFailures: 990_000, aiTotal: 1_000_000, otherFailures: 989_000, otherTotal: 1_000_000 });
    const mirrored = probabilityAiHigher({ aiFailures: 10_000, aiTotal: 1_000_000, otherFailures: 11_000, otherTotal: 1_000_000 });
    expect(common.probability).toBeCloseTo(1 - mirrored.probability, 12);
  });

  it('switches to the normal approximation only past the exact-sum limit, within 1e-4', () => {
    const counts = { aiFailures: 20_000_000, aiTotal: 50_000_000, otherFailures: 19_990_000, otherTotal: 50_000_000 };
    expect(Math.min(counts.aiFailures, counts.otherTotal - counts.otherFailures)).toBeGreaterThan(EXACT_SUM_LIMIT);
    const result = probabilityAiHigher(counts);
    expect(result.method).toBe('normal-approximation');
    expect(Math.abs(result.probability - 0.9793908094)).toBeLessThan(1e-4);
  });

  it('has a normal approximation that is already within 1e-4 at a million changes', () => {
    const approximate = normalApproximation({ alpha: 500_001, beta: 500_001 }, { alpha: 499_001, beta: 501_001 });
    expect(Math.abs(approximate - 0.921350405123)).toBeLessThan(1e-4);
  });

  it('gives the same answer by each of its four sums (group swap and failure/success mirror) on 300 tables', () => {
    let seed = 777;
    const next = (bound: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % bound;
    };
    for (let round = 0; round < 300; round++) {
      const aiTotal = 1 + next(300);
      const otherTotal = 1 + next(3000);
      const a = next(aiTotal + 1);
      const c = next(otherTotal + 1);
      const p = probabilityAiHigher({ aiFailures: a, aiTotal, otherFailures: c, otherTotal }).probability;
      const swapped = probabilityAiHigher({ aiFailures: c, aiTotal: otherTotal, otherFailures: a, otherTotal: aiTotal }).probability;
      const mirrored = probabilityAiHigher({ aiFailures: aiTotal - a, aiTotal, otherFailures: otherTotal - c, otherTotal }).probability;
      expect([a, aiTotal, c, otherTotal, p]).toEqual([a, aiTotal, c, otherTotal, expect.closeTo(1 - swapped, 10)]);
      expect([a, aiTotal, c, otherTotal, p]).toEqual([a, aiTotal, c, otherTotal, expect.closeTo(1 - mirrored, 10)]);
    }
  });
});
