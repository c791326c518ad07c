import type { FisherResult, InsightVerdict, Posterior, RatioEstimate, RelativeRisk, SizeBand, TimeToRestore } from './stats.js';

/** What `blastwall insights --by` splits the comparison by. */
export const INSIGHT_GROUPINGS = ['tool', 'service', 'team', 'zone', 'month'] as const;
export type InsightGroupBy = (typeof INSIGHT_GROUPINGS)[number];

/** The figures of one side of a comparison: AI-assisted changes, or the others. */
export interface SideFigures {
  readonly changes: number;
  /** Changes linked to an incident (directly or through a deployment that shipped them), reverted, or bug-introducing. */
  readonly failedChanges: number;
  /** failedChanges / changes; null without changes. */
  readonly failureShare: number | null;
  /** The failed changes' summed severity weights (the heaviest incident of each; 1 for a label alone) / changes. */
  readonly severityWeightedRate: number | null;
  readonly deployments: number;
  /** Status failure or error, or linked to an incident. */
  readonly failedDeployments: number;
  /** DORA's change failure rate: failedDeployments / deployments; null without deployments. */
  readonly changeFailureRate: number | null;
  /** Incidents linked to these changes (an incident linked to both sides counts on the AI side). */
  readonly incidents: number;
  /** Of those incidents, the ones not resolved yet. */
  readonly openIncidents: number;
  /** Minutes from start to resolution of the resolved ones; null when none is. */
  readonly timeToRestore: TimeToRestore | null;
}

/** Changes and failures of one lines-added band. */
export interface BandFigures {
  readonly band: SizeBand;
  readonly aiChanges: number;
  readonly aiFailed: number;
  readonly otherChanges: number;
  readonly otherFailed: number;
}

/** AI-assisted changes against the others, over the whole ledger or within one group. */
export interface Comparison {
  /** Null for the whole ledger; the tool, service, team, zone or month with --by. */
  readonly group: string | null;
  readonly ai: SideFigures;
  readonly other: SideFigures;
  readonly bands: readonly BandFigures[];
  /** Relative risk of a failed change, AI / other (Katz 95% CI); null when a side has no changes. */
  readonly relativeRisk: RelativeRisk | null;
  /** The Mantel–Haenszel relative risk over the bands; null when no band has failures to compare on both sides. */
  readonly sizeAdjusted: RatioEstimate | null;
  /** Bands with changes on both sides, the ones that inform sizeAdjusted. */
  readonly bandsUsed: number;
  readonly fisher: FisherResult | null;
  readonly posterior: Posterior | null;
  readonly verdict: InsightVerdict;
}

export interface InsightsReport {
  readonly window: { readonly since: string | null; readonly until: string | null };
  readonly by: InsightGroupBy | null;
  /** With --by tool, each group's other side is every human change: a reader should know. */
  readonly otherSide: 'other changes' | 'human changes';
  readonly overall: Comparison;
  readonly groups: readonly Comparison[];
  /**
   * With --by zone: changes in the window that changed files but have none in the ledger (stored
   * before it kept them, and not filled by an ingest since), so in no zone whatever they touched.
   */
  readonly changesWithoutFiles?: number;
}
