import { describe, expect, it } from 'vitest';
import { relativeRisk } from './risk.js';

// References: the Katz formula evaluated by hand in python3 (z = scipy.stats.norm.ppf(0.975)).
describe('relativeRisk', () => {
  it('gives RR 2.40, 95% CI 1.18–4.87 for 12 of 400 AI changes against 20 of 1,600 others', () => {
    const result = relativeRisk({ aiFailures: 12, aiTotal: 400, otherFailures: 20, otherTotal: 1600 });
    expect(result.rr.toFixed(2)).toBe('2.40');
    expect(result.low.toFixed(2)).toBe('1.18');
    expect(result.high.toFixed(2)).toBe('4.87');
    expect(result.rr).toBeCloseTo(2.4, 12);
    expect(result.low).toBeCloseTo(1.18320594102994, 12);
    expect(result.high).toBeCloseTo(4.86812971458385, 12);
    expect(result.corrected).toBe(false);
  });

  it('adds 0.5 to every cell when a group has no failures, and says so', () => {
    const result = relativeRisk({ aiFailures: 0, aiTotal: 200, otherFailures: 5, otherTotal: 800 });
    // (0.5 / 201) / (5.5 / 801), SE = √(1/0.5 − 1/201 + 1/5.5 − 1/801).
    expect(result).toEqual({
      rr: expect.closeTo(0.362279511533243, 12),
      low: expect.closeTo(0.0201154736797946, 12),
      high: expect.closeTo(6.52465095110329, 12),
      corrected: true,
    });
  });

  it('is 1 with an interval symmetric on the log scale when the rates are equal', () => {
    const result = relativeRisk({ aiFailures: 100, aiTotal: 5000, otherFailures: 100, otherTotal: 5000 });
    expect(result.rr).toBe(1);
    expect(result.low * result.high).toBeCloseTo(1, 12);
    expect(result.low).toBeCloseTo(0.7600318354450308, 12);
  });

  it('refuses an empty group and impossible counts', () => {
    expect(() => relativeRisk({ aiFailures: 0, aiTotal: 0, otherFailures: 1, otherTotal: 10 })).toThrow(/at least one change in each group/);
    expect(() => relativeRisk({ aiFailures: 5, aiTotal: 4, otherFailures: 1, otherTotal: 10 })).toThrow('counts.aiFailures (5) exceeds aiTotal (4)');
    expect(() => relativeRisk({ aiFailures: 1.5, aiTotal: 4, otherFailures: 1, otherTotal: 10 })).toThrow('counts.aiFailures must be a whole number ≥ 0, got 1.5');
  });
});
