import { describe, expect, it } from 'vitest';
import { changeFailureRate, failureShare, severityWeight, severityWeightedRate, timeToRestore } from './rates.js';

describe('changeFailureRate and failureShare', () => {
  it('divide, and have no rate without a denominator', () => {
    expect(changeFailureRate(3, 20)).toBe(0.15);
    expect(failureShare(32, 2000)).toBe(0.016);
    expect(changeFailureRate(0, 0)).toBeNull();
  });

  it('refuse more failures than there are deployments or changes', () => {
    expect(() => changeFailureRate(4, 3)).toThrow('failed deployments (4) exceed deployments (3)');
    expect(() => failureShare(-1, 3)).toThrow(RangeError);
  });
});

describe('severityWeight', () => {
  it('reads the usual spellings of severity levels', () => {
    const cases: [string | null, number][] = [
      ['SEV1', 8],
      ['sev-2', 4],
      ['Sev 3', 2],
      ['P1', 8],
      ['p4', 1],
      ['2', 4],
      ['SEV0', 8],
      ['critical', 8],
      ['High', 4],
      ['moderate', 2],
      ['low', 1],
      ['P5', 1],
      ['info', 1],
      [null, 1],
    ];
    for (const [severity, weight] of cases) expect([severity, severityWeight(severity)]).toEqual([severity, weight]);
  });
});

describe('severityWeightedRate', () => {
  it('sums one weight per failed change over all changes', () => {
    expect(severityWeightedRate(['SEV1', 'sev2', 'P3', null], 100)).toBeCloseTo(0.15, 15);
    expect(severityWeightedRate([], 0)).toBeNull();
    expect(() => severityWeightedRate(['SEV1', 'SEV1'], 1)).toThrow('more failures (2) than changes (1)');
  });
});

describe('timeToRestore', () => {
  it('gives the median and the interpolated 90th percentile, as numpy.percentile does', () => {
    expect(timeToRestore([100, 10, 90, 20, 80, 30, 70, 40, 60, 50])).toEqual({ count: 10, median: 55, p90: 91 });
    expect(timeToRestore([5, 1, 3])).toEqual({ count: 3, median: 3, p90: expect.closeTo(4.6, 12) });
    expect(timeToRestore([42])).toEqual({ count: 1, median: 42, p90: 42 });
  });

  it('has nothing to say without restores, and refuses negative durations', () => {
    expect(timeToRestore([])).toBeNull();
    expect(() => timeToRestore([3, -1])).toThrow('a duration must be finite and ≥ 0, got -1');
  });
});
