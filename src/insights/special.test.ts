import { describe, expect, it } from 'vitest';
import { LogSum, logGamma, normalCdf, Z_80, Z_975 } from './special.js';

// References from mpmath.loggamma at 40 digits.
describe('logGamma', () => {
  it('matches high-precision values below, at and above the shift point', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 14);
    expect(logGamma(0.001)).toBeCloseTo(6.907178885383853, 13);
    expect(logGamma(3.7)).toBeCloseTo(1.4280723266653881, 14);
    expect(logGamma(15.2)).toBeCloseTo(25.727462988765573, 13);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });

  it('keeps ln 1,000,000! to a relative 1e-15', () => {
    expect(Math.abs(logGamma(1_000_001) / 12815518.38465817 - 1)).toBeLessThan(1e-15);
  });

  it('rejects arguments outside its domain', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  it('inverts the quantiles it is used with, to 1e-7', () => {
    expect(normalCdf(Z_975)).toBeCloseTo(0.975, 7);
    expect(normalCdf(Z_80)).toBeCloseTo(0.8, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-Z_975)).toBeCloseTo(0.025, 7);
  });
});

describe('LogSum', () => {
  it('adds terms far below the smallest double', () => {
    const sum = new LogSum();
    sum.add(-1000);
    sum.add(-1000);
    sum.add(-Infinity);
    expect(sum.log()).toBeCloseTo(-1000 + Math.log(2), 12);
  });

  it('is −∞ when empty', () => {
    expect(new LogSum().log()).toBe(-Infinity);
  });
});
