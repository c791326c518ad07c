import { describe, expect, it } from 'vitest';
import { fisherExact } from './fisher.js';
import { logChoose } from './special.js';

/** |actual / expected − 1| < tolerance. */
function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tolerance);
}

// References: the hypergeometric probabilities summed as exact fractions in python3 (math.comb,
// fractions.Fraction), which scipy.stats.fisher_exact agrees with; for the large tables, mpmath at
// 40 digits over the whole support.
describe('fisherExact', () => {
  it('gives one-sided p ≈ 0.016 for 12 of 400 AI changes against 20 of 1,600 others', () => {
    const result = fisherExact({ aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600 });
    expect(result.oneSided.toFixed(3)).toBe('0.016');
    expectRelative(result.oneSided, 0.0159524036559606, 1e-12);
    expectRelative(result.twoSided, 0.0227669124444438, 1e-12);
  });

  it('handles a group without failures', () => {
    const result = fisherExact({ aiFailures: 0, aiTotal: 200, otherFailures: 5, otherTotal: 800 });
    expect(result.oneSided).toBe(1);
    expectRelative(result.twoSided, 0.589373046688761, 1e-12);
  });

  it('gives p = 1 two-sided when the rates are equal', () => {
    const result = fisherExact({ aiFailures: 100, aiTotal: 5000, otherFailures: 100, otherTotal: 5000 });
    // Log-factorials near 8e4 carry about 2e-11 of rounding into the probability.
    expectRelative(result.oneSided, 0.528460265205877, 1e-10);
    expect(result.twoSided).toBeCloseTo(1, 9);
  });

  it('sums the lower tail when the AI count is below the expected one', () => {
    const below = fisherExact({ aiFailures: 2, aiTotal: 400, otherFailures: 30, otherTotal: 1600 });
    expectRelative(below.oneSided, 0.993185491211517, 1e-12);
    expectRelative(below.twoSided, 0.0705395856030713, 1e-12);
    const lower = fisherExact({ aiFailures: 10, aiTotal: 2000, otherFailures: 40, otherTotal: 2000 });
    expectRelative(lower.oneSided, 0.999997528990381, 1e-12);
    expectRelative(lower.twoSided, 2.13276645551598e-5, 1e-11);
  });

  it('keeps its precision at a million changes per group, to the 1e-9 of the log-factorials', () => {
    const symmetric = fisherExact({ aiFailures: 31_000, aiTotal: 1_000_000, otherFailures: 30_000, otherTotal: 1_000_000 });
    expectRelative(symmetric.oneSided, 1.995085235781791e-5, 1e-8);
    // Equal groups make the distribution symmetric: the two-sided p is twice the one-sided.
    expectRelative(symmetric.twoSided, 2 * 1.995085235781791e-5, 1e-8);
    const asymmetric = fisherExact({ aiFailures: 1000, aiTotal: 100_000, otherFailures: 8200, otherTotal: 900_000 });
    expectRelative(asymmetric.oneSided, 0.003014886901193951, 1e-9);
    expectRelative(asymmetric.twoSided, 0.005803107098477975, 1e-9);
  });

  it('keeps a tiny p-value to its relative precision', () => {
    // Equal rates within two size bands, but AI changes are mostly large: p ≈ 1.9e-17 (exact fractions).
    const result = fisherExact({ aiFailures: 110, aiTotal: 2000, otherFailures: 65, otherTotal: 4250 });
    expectRelative(result.oneSided, 1.876443532144432e-17, 1e-10);
    expectRelative(result.twoSided, 2.6457625847465985e-17, 1e-10);
  });

  it('is 1 either way when nothing failed', () => {
    const result = fisherExact({ aiFailures: 0, aiTotal: 10, otherFailures: 0, otherTotal: 10 });
    expect(result.oneSided).toBe(1);
    expect(result.twoSided).toBeCloseTo(1, 12);
  });

  it('agrees with a plain sum over the whole support on 300 small tables', () => {
    let seed = 12345;
    const next = (bound: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % bound;
    };
    for (let round = 0; round < 300; round++) {
      const aiTotal = 1 + next(60);
      const otherTotal = 1 + next(200);
      const counts = { aiFailures: next(aiTotal + 1), aiTotal, otherFailures: next(otherTotal + 1), otherTotal };
      const expected = plainFisher(counts.aiFailures, aiTotal, counts.otherFailures, otherTotal);
      const actual = fisherExact(counts);
      expect([counts, actual.oneSided]).toEqual([counts, expect.closeTo(expected.oneSided, 12)]);
      expect([counts, actual.twoSided]).toEqual([counts, expect.closeTo(expected.twoSided, 12)]);
    }
  });
});

/** Every table of the support, one by one: slow, and obviously right. */
function plainFisher(a: number, n1: number, c: number, n2: number): { oneSided: number; twoSided: number } {
  const m = a + c;
  const probability = (x: number): number => Math.exp(logChoose(m, x) + logChoose(n1 + n2 - m, n1 - x) - logChoose(n1 + n2, n1));
  let oneSided = 0;
  let twoSided = 0;
  for (let x = Math.max(0, m - n2); x <= Math.min(m, n1); x++) {
    if (x >= a) oneSided += probability(x);
    if (probability(x) <= probability(a) * (1 + 1e-7)) twoSided += probability(x);
  }
  return { oneSided: Math.min(1, oneSided), twoSided: Math.min(1, twoSided) };
}
