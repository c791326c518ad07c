import { Z_80, Z_975 } from './special.js';

export interface NeededSample {
  /** Changes needed in each group. */
  readonly perGroup: number;
  /** The relative risk the sample is sized to detect. */
  readonly relativeRisk: number;
  /** The failure rate of the other changes it is sized against. */
  readonly baselineRate: number;
}

/**
 * Changes needed in each of two equal groups to detect failure rates p1 = baseline · RR against
 * p2 = baseline with 80% power by a two-sided test at α = 0.05: the standard two-proportion formula
 * without continuity correction (Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions,
 * 3rd ed., chapter 4),
 *   n = [z_{α/2} √(2 p̄ q̄) + z_β √(p1 q1 + p2 q2)]² / (p1 − p2)²,  p̄ = (p1 + p2) / 2, q = 1 − p,
 * rounded up. With unequal groups, the smaller one needs somewhat more than this. Null when the
 * question has no answer: a baseline of 0 or 1, a ratio of 1, or a rate p1 of 1 or more.
 */
export function sampleSizePerGroup(baselineRate: number, relativeRisk: number): NeededSample | null {
  const p2 = baselineRate;
  const p1 = baselineRate * relativeRisk;
  if (!(p2 > 0 && p2 < 1 && p1 > 0 && p1 < 1) || p1 === p2) return null;
  const mean = (p1 + p2) / 2;
  const root = Z_975 * Math.sqrt(2 * mean * (1 - mean)) + Z_80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return { perGroup: Math.ceil((root * root) / ((p1 - p2) * (p1 - p2))), relativeRisk, baselineRate };
}
