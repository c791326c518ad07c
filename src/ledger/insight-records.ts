import type { TimeWindow } from './records.js';

/**
 * What the ledger counts for `blastwall insights`: aggregates grouped in SQL by attribution, size
 * band and group, so that a million commits never travel to JavaScript. What counts as a change and
 * as a failure is defined once, in the SQL of insight-sql.ts (see docs/insights.md):
 * - a change is a non-merge commit, in the window by its commit time;
 * - it failed when an incident links to it, or to a deployment that shipped it, or when it is
 *   labelled `reverted` or `bug-introducing`; its weight is the heaviest of its incidents'
 *   severities (a failure known from a label alone weighs 1);
 * - a deployment (started in the window, not still pending or in progress) failed when its status
 *   is `failure` or `error`, or an incident links to it; it is AI-assisted when it shipped an
 *   AI-assisted change.
 */

/** Which groups the counts are split by; without one, every row has the group null. */
export type InsightGrouping =
  /** Changes by commit month, deployments by start month (`2025-03`, UTC). */
  | { readonly by: 'month' }
  /** Changes by the services of the deployments that shipped them (not pending or in progress; a change never deployed is in none), deployments by their service. */
  | { readonly by: 'service' }
  /** AI-assisted changes by each of their tools; human changes, and deployments that shipped no AI-assisted change, in the group null. */
  | { readonly by: 'tool' }
  /** Changes by their author's groups (an author in several is counted in each); deployments by the groups of the author of their head commit. */
  | { readonly by: 'author'; readonly groups: readonly AuthorGroup[] }
  /**
   * Changes by the groups of the files they changed (`commit_files`), once per group however many of
   * its files the group holds: a change in several groups counts in each, one whose files are in no
   * group (or that has none stored) in none. Deployments by the groups of the changes they shipped.
   */
  | { readonly by: 'path'; readonly groups: readonly PathGroup[] };

/** Authors in groups at most: bound as two parameters each, they stay under SQLite's 32,766. */
export const MAX_AUTHOR_GROUPS = 10_000;

/** An author (the email as commits carry it) in a group, e.g. a team. */
export interface AuthorGroup {
  readonly email: string;
  readonly group: string;
}

/**
 * A path (as commit files hold it) in a group, e.g. a zone. Any number: the reader writes them to a
 * temporary table in batches, as a VALUES list in one statement would pass the parameter limits.
 */
export interface PathGroup {
  readonly path: string;
  readonly group: string;
}

export interface InsightQuery extends TimeWindow {
  readonly grouping?: InsightGrouping | undefined;
  /** The weight of each incident severity as the ledger holds it (see incidentSeverities); a severity left out weighs 1. */
  readonly severityWeights?: ReadonlyMap<string, number> | undefined;
}

/** The changes of one group, attribution and size band (an index into the size bands of rows.ts). */
export interface ChangeCell {
  readonly group: string | null;
  readonly ai: boolean;
  readonly band: number;
  readonly changes: number;
  readonly failed: number;
  /** The summed severity weights of the failed ones. */
  readonly weight: number;
}

export interface DeploymentCell {
  readonly group: string | null;
  /** Shipped an AI-assisted change (of the group, with the `tool` grouping). */
  readonly ai: boolean;
  readonly deployments: number;
  readonly failed: number;
}

/** An incident linked to changes of a group and attribution (one row for each group and attribution it touches). */
export interface LinkedIncident {
  readonly incident: number;
  readonly group: string | null;
  readonly ai: boolean;
  readonly severity: string;
  readonly startedAt: string;
  readonly resolvedAt: string | undefined;
}

export interface InsightAggregates {
  readonly changes: ChangeCell[];
  readonly deployments: DeploymentCell[];
  readonly incidents: LinkedIncident[];
}

