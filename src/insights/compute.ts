import type { ChangeCell, DeploymentCell, InsightAggregates, LinkedIncident } from '../ledger/store.js';
import type { BandFigures, Comparison, InsightGroupBy, InsightsReport, SideFigures } from './report.js';
import {
  SIZE_BANDS,
  changeFailureRate,
  failureShare,
  fisherExact,
  mantelHaenszel,
  probabilityAiHigher,
  relativeRisk,
  severityWeight,
  timeToRestore,
  verdict,
  type GroupCounts,
} from './stats.js';

export interface InsightsInput {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  /** The ledger's counts without a grouping. */
  readonly overall: InsightAggregates;
  /** With --by: the counts by group (from the ledger's grouping that `by` maps to). */
  readonly by?: { readonly groupBy: InsightGroupBy; readonly aggregates: InsightAggregates } | undefined;
  /** With --by zone: the changes in the window that have no files in the ledger. */
  readonly changesWithoutFiles?: number | undefined;
}

/** The weight of each severity the ledger holds, by SEVERITY_WEIGHTS: what the ledger's severity-weighted counts need. */
export const severityWeights = (severities: readonly string[]): Map<string, number> => new Map(severities.map((severity) => [severity, severityWeight(severity)]));

/**
 * The report of `blastwall insights`, from the ledger's aggregate counts: each side's figures, the
 * statistics of the failed-change comparison (crude and over lines-added bands) and the verdict.
 * With a grouping, the same comparison within each group; with `tool`, each tool's AI-assisted
 * changes against every human change.
 */
export function computeInsights(input: InsightsInput): InsightsReport {
  const groups: Comparison[] = [];
  if (input.by !== undefined) {
    const { groupBy, aggregates } = input.by;
    for (const group of groupsOf(aggregates, groupBy)) {
      groups.push(compare(aggregates, { group, ai: group, other: groupBy === 'tool' ? null : group }));
    }
  }
  return {
    window: { since: input.since ?? null, until: input.until ?? null },
    by: input.by?.groupBy ?? null,
    otherSide: input.by?.groupBy === 'tool' ? 'human changes' : 'other changes',
    overall: compare(input.overall, { group: null, ai: null, other: null }),
    groups,
    ...(input.changesWithoutFiles !== undefined && { changesWithoutFiles: input.changesWithoutFiles }),
  };
}

/** The groups that hold AI-assisted changes or (except by tool) other changes, sorted by code point (months in time order). */
function groupsOf(aggregates: InsightAggregates, groupBy: InsightGroupBy): string[] {
  const names = new Set<string>();
  for (const cell of aggregates.changes) if (cell.group !== null && (cell.ai || groupBy !== 'tool')) names.add(cell.group);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Which rows are the AI side (group `ai`, AI-assisted) and the other side (group `other`, not AI-assisted). */
interface Sides {
  readonly group: string | null;
  readonly ai: string | null;
  readonly other: string | null;
}

function compare(aggregates: InsightAggregates, sides: Sides): Comparison {
  const isAi = (row: { group: string | null; ai: boolean }): boolean => row.ai && row.group === sides.ai;
  const isOther = (row: { group: string | null; ai: boolean }): boolean => !row.ai && row.group === sides.other;
  const bands = bandFigures(aggregates.changes, isAi, isOther);
  const strata: GroupCounts[] = bands.map((band) => ({ aiFailures: band.aiFailed, aiTotal: band.aiChanges, otherFailures: band.otherFailed, otherTotal: band.otherChanges }));
  const counts = strata.reduce((sum, band) => ({
    aiFailures: sum.aiFailures + band.aiFailures,
    aiTotal: sum.aiTotal + band.aiTotal,
    otherFailures: sum.otherFailures + band.otherFailures,
    otherTotal: sum.otherTotal + band.otherTotal,
  }));
  const comparable = counts.aiTotal > 0 && counts.otherTotal > 0;
  const adjusted = mantelHaenszel(strata);
  const [aiIncidents, otherIncidents] = splitIncidents(aggregates.incidents, isAi, isOther);
  return {
    group: sides.group,
    ai: side(aggregates.changes.filter(isAi), aggregates.deployments.filter(isAi), aiIncidents),
    other: side(aggregates.changes.filter(isOther), aggregates.deployments.filter(isOther), otherIncidents),
    bands,
    relativeRisk: comparable ? relativeRisk(counts) : null,
    sizeAdjusted: adjusted.pooled,
    bandsUsed: adjusted.strataUsed,
    fisher: comparable ? fisherExact(counts) : null,
    posterior: comparable ? probabilityAiHigher(counts) : null,
    verdict: verdict({ ...counts, strata }),
  };
}

function bandFigures(cells: readonly ChangeCell[], isAi: (cell: ChangeCell) => boolean, isOther: (cell: ChangeCell) => boolean): BandFigures[] {
  return SIZE_BANDS.map((band, index) => {
    const of = (which: (cell: ChangeCell) => boolean, field: 'changes' | 'failed'): number =>
      cells.filter((cell) => cell.band === index && which(cell)).reduce((sum, cell) => sum + cell[field], 0);
    return { band: band.label, aiChanges: of(isAi, 'changes'), aiFailed: of(isAi, 'failed'), otherChanges: of(isOther, 'changes'), otherFailed: of(isOther, 'failed') };
  });
}

/** Each incident once: on the AI side when it is linked to an AI-assisted change of the comparison, else on the other side. */
function splitIncidents(rows: readonly LinkedIncident[], isAi: (row: LinkedIncident) => boolean, isOther: (row: LinkedIncident) => boolean): [LinkedIncident[], LinkedIncident[]] {
  const ai = new Map<number, LinkedIncident>();
  const other = new Map<number, LinkedIncident>();
  for (const row of rows) if (isAi(row)) ai.set(row.incident, row);
  for (const row of rows) if (isOther(row) && !ai.has(row.incident)) other.set(row.incident, row);
  return [[...ai.values()], [...other.values()]];
}

function side(changes: readonly ChangeCell[], deployments: readonly DeploymentCell[], incidents: readonly LinkedIncident[]): SideFigures {
  const sum = <T>(rows: readonly T[], field: (row: T) => number): number => rows.reduce((total, row) => total + field(row), 0);
  const changeCount = sum(changes, (cell) => cell.changes);
  const failedChanges = sum(changes, (cell) => cell.failed);
  const deploymentCount = sum(deployments, (cell) => cell.deployments);
  const failedDeployments = sum(deployments, (cell) => cell.failed);
  const minutes: number[] = [];
  for (const incident of incidents) {
    if (incident.resolvedAt === undefined) continue;
    const duration = (Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt)) / 60_000;
    // Resolved before it started: a source's mistake that a time to restore cannot use.
    if (duration >= 0) minutes.push(duration);
  }
  return {
    changes: changeCount,
    failedChanges,
    failureShare: failureShare(failedChanges, changeCount),
    severityWeightedRate: changeCount === 0 ? null : sum(changes, (cell) => cell.weight) / changeCount,
    deployments: deploymentCount,
    failedDeployments,
    changeFailureRate: changeFailureRate(failedDeployments, deploymentCount),
    incidents: incidents.length,
    openIncidents: incidents.filter((incident) => incident.resolvedAt === undefined).length,
    timeToRestore: timeToRestore(minutes),
  };
}
