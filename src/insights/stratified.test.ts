import { describe, expect, it } from 'vitest';
import { mantelHaenszel, sizeBand } from './stratified.js';

describe('sizeBand', () => {
  it('puts each boundary in its documented band', () => {
    const cases: [number, string][] = [
      [0, '1–10'],
      [1, '1–10'],
      [10, '1–10'],
      [11, '11–50'],
      [50, '11–50'],
      [51, '51–200'],
      [200, '51–200'],
      [201, '201–1000'],
      [1000, '201–1000'],
      [1001, '>1000'],
      [250_000, '>1000'],
    ];
    for (const [lines, band] of cases) expect([lines, sizeBand(lines)]).toEqual([lines, band]);
  });

  it('rejects negative and missing sizes', () => {
    expect(() => sizeBand(-1)).toThrow(RangeError);
    expect(() => sizeBand(Number.NaN)).toThrow(RangeError);
  });
});

describe('mantelHaenszel', () => {
  it('reproduces the textbook tolbutamide example: RR_MH 1.33 against a crude 1.44', () => {
    // UGDP deaths by age (<55, 55+), tolbutamide vs placebo: a standard example of Rothman's textbooks.
    // The interval is the Greenland–Robins formula evaluated by hand in python3.
    const result = mantelHaenszel([
      { aiFailures: 8, aiTotal: 106, otherFailures: 5, otherTotal: 120 },
      { aiFailures: 22, aiTotal: 98, otherFailures: 16, otherTotal: 85 },
    ]);
    expect(result.pooled?.rr.toFixed(2)).toBe('1.33');
    expect(result.crude?.rr.toFixed(2)).toBe('1.44');
    expect(result.pooled).toEqual({
      rr: expect.closeTo(1.32555532415511, 12),
      low: expect.closeTo(0.797907040146486, 12),
      high: expect.closeTo(2.20213236503511, 12),
    });
    expect(result.strataUsed).toBe(2);
  });

  it('finds no difference where size explains all of a crude one', () => {
    // 1% failures among small changes and 10% among large ones in both groups, but most AI changes are large.
    const result = mantelHaenszel([
      { aiFailures: 10, aiTotal: 1000, otherFailures: 40, otherTotal: 4000 },
      { aiFailures: 100, aiTotal: 1000, otherFailures: 25, otherTotal: 250 },
    ]);
    expect(result.crude?.rr).toBeCloseTo(3.596153846153846, 12);
    expect(result.pooled).toEqual({ rr: expect.closeTo(1, 12), low: expect.closeTo(0.70020980380906, 12), high: expect.closeTo(1.4281433858253858, 12) });
  });

  it('skips strata with one group only and needs no correction for zero cells', () => {
    const result = mantelHaenszel([
      { aiFailures: 0, aiTotal: 50, otherFailures: 3, otherTotal: 400 },
      { aiFailures: 6, aiTotal: 100, otherFailures: 2, otherTotal: 100 },
      { aiFailures: 4, aiTotal: 30, otherFailures: 0, otherTotal: 0 },
    ]);
    // R = 0·400/450 + 6·100/200 = 3, S = 3·50/450 + 2·100/200 = 4/3.
    expect(result.pooled?.rr).toBeCloseTo(2.25, 12);
    expect(result.strataUsed).toBe(2);
  });

  it('has no pooled ratio when one side never failed', () => {
    const result = mantelHaenszel([
      { aiFailures: 0, aiTotal: 50, otherFailures: 3, otherTotal: 400 },
      { aiFailures: 0, aiTotal: 10, otherFailures: 2, otherTotal: 100 },
    ]);
    expect(result.pooled).toBeNull();
    expect(result.crude?.corrected).toBe(true);
  });

  it('names the stratum with impossible counts', () => {
    expect(() => mantelHaenszel([{ aiFailures: 1, aiTotal: 1, otherFailures: 3, otherTotal: 2 }])).toThrow(
      'strata[0].otherFailures (3) exceeds otherTotal (2)',
    );
  });
});
