import type { Criticality } from '../ownership/schema.js';

/**
 * The radius score, built so a reader can redo it by hand (docs/radius.md):
 *
 *   score = Σ services  weight(criticality) × reach(distance)
 *         + Σ zones     weight(criticality) × reach(distance)
 *         + 0.5 × packages reached
 *         + log2(1 + files reached)
 *
 * weight: critical 10, high 5, normal 2, low 1. reach(d) = 1 / (1 + d), where d is the number of
 * import hops (plus service hops for services reached through service edges) from the change.
 */
export const WEIGHTS: Record<Criticality, number> = { critical: 10, high: 5, normal: 2, low: 1 };

export const reach = (distance: number): number => 1 / (1 + distance);

export interface ScorePart {
  readonly what: string;
  readonly points: number;
}

export interface Score {
  readonly total: number;
  readonly parts: readonly ScorePart[];
}

const round = (value: number): number => Math.round(value * 10) / 10;

export function score(input: {
  readonly services: readonly { name: string; criticality: Criticality; distance: number }[];
  readonly zones: readonly { name: string; criticality: Criticality; distance: number }[];
  readonly packages: number;
  readonly files: number;
}): Score {
  const parts: ScorePart[] = [
    ...input.services.map((s) => ({ what: `service ${s.name} (${s.criticality}, distance ${s.distance})`, points: round(WEIGHTS[s.criticality] * reach(s.distance)) })),
    ...input.zones.map((z) => ({ what: `zone ${z.name} (${z.criticality}, distance ${z.distance})`, points: round(WEIGHTS[z.criticality] * reach(z.distance)) })),
    { what: `${input.packages} packages × 0.5`, points: round(0.5 * input.packages) },
    { what: `log2(1 + ${input.files} files)`, points: round(Math.log2(1 + input.files)) },
  ];
  return { total: round(parts.reduce((sum, part) => sum + part.points, 0)), parts };
}
