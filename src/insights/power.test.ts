import { describe, expect, it } from 'vitest';
import { sampleSizePerGroup } from './power.js';

describe('sampleSizePerGroup', () => {
  it('gives the textbook 199 per group for 10% against 20%', () => {
    expect(sampleSizePerGroup(0.2, 0.5)).toEqual({ perGroup: 199, relativeRisk: 0.5, baselineRate: 0.2 });
  });

  it('matches the formula evaluated in python3 with scipy quantiles', () => {
    expect(sampleSizePerGroup(4 / 300, 1.875)?.perGroup).toBe(2167);
    expect(sampleSizePerGroup(0.02, 1.5)?.perGroup).toBe(3826);
  });

  it('has no answer for a rate of 0, a ratio of 1 or a target rate of 1 or more', () => {
    expect(sampleSizePerGroup(0, 2)).toBeNull();
    expect(sampleSizePerGroup(0.1, 1)).toBeNull();
    expect(sampleSizePerGroup(0.6, 2)).toBeNull();
  });
});
