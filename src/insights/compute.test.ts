import { describe, expect, it } from 'vitest';
import type { ChangeCell, DeploymentCell, InsightAggregates, LinkedIncident } from '../ledger/store.js';
import { computeInsights, severityWeights } from './compute.js';
import { SIZE_BANDS } from './stats.js';

// 12 failed of 400 AI-assisted changes against 20 of 1,600 others (the example), spread over
// the size bands so that larger AI changes explain most of the difference. Reference values were
// computed by hand in python3: Katz 2.40 (1.1832059410299398–4.868129714583852), Mantel–Haenszel
// 1.8079710144927539 (0.8675493157246534–3.767807927455516).
const BANDS: readonly (readonly [aiFailed: number, aiChanges: number, otherFailed: number, otherChanges: number, aiWeight: number, otherWeight: number])[] = [
  [1, 100, 6, 800, 1, 12],
  [3, 150, 6, 500, 6, 10],
  [4, 100, 4, 200, 12, 8],
  [3, 40, 3, 80, 9, 5],
  [1, 10, 1, 20, 2, 1],
];

const cells = (group: string | null, aiGroup: string | null = group): ChangeCell[] =>
  BANDS.flatMap(([aiFailed, aiChanges, otherFailed, otherChanges, aiWeight, otherWeight], band) => [
    { group: aiGroup, ai: true, band, changes: aiChanges, failed: aiFailed, weight: aiWeight },
    { group, ai: false, band, changes: otherChanges, failed: otherFailed, weight: otherWeight },
  ]);

const incident = (id: number, group: string | null, ai: boolean, minutes: number | undefined): LinkedIncident => ({
  incident: id,
  group,
  ai,
  severity: 'SEV2',
  startedAt: '2025-03-01T10:00:00.000Z',
  resolvedAt: minutes === undefined ? undefined : new Date(Date.parse('2025-03-01T10:00:00.000Z') + minutes * 60_000).toISOString(),
});

const deployments = (group: string | null): DeploymentCell[] => [
  { group, ai: true, deployments: 50, failed: 6 },
  { group, ai: false, deployments: 30, failed: 2 },
];

/** Incident 2 touches both sides and counts on the AI side; incident 3 is still open. */
const incidents = (group: string | null, otherGroup: string | null = group): LinkedIncident[] => [
  incident(1, group, true, 30),
  incident(2, group, true, 90),
  incident(2, otherGroup, false, 90),
  incident(3, group, true, undefined),
  incident(4, otherGroup, false, 60),
  incident(5, otherGroup, false, 240),
];

const overall: InsightAggregates = { changes: cells(null), deployments: deployments(null), incidents: incidents(null) };

const VERDICT =
  'AI-assisted changes fail more often than the others. ' +
  'AI-assisted changes failed in 12 of 400 (3.0%), the other changes in 20 of 1,600 (1.3%): ' +
  'a relative risk of 2.40 (95% CI 1.18–4.87). ' +
  "Fisher's exact test: p = 0.016 one-sided (AI higher), p = 0.023 two-sided. " +
  'Probability that the AI failure rate is higher: 99.2%. ' +
  'Adjusted for change size, the relative risk is 1.81 (95% CI 0.87–3.77) against 2.40 unadjusted: change size explains the difference.';

describe('computeInsights', () => {
  it('compares AI-assisted changes with the others: counts, rates, restore times, statistics and verdict', () => {
    const report = computeInsights({ since: '2025-01-01T00:00:00.000Z', overall });
    expect(report.window).toEqual({ since: '2025-01-01T00:00:00.000Z', until: null });
    expect(report.by).toBeNull();
    expect(report.groups).toEqual([]);
    const { ai, other, bands, relativeRisk, sizeAdjusted, fisher, posterior, verdict } = report.overall;
    expect(ai).toEqual({
      changes: 400,
      failedChanges: 12,
      failureShare: 12 / 400,
      severityWeightedRate: 30 / 400,
      deployments: 50,
      failedDeployments: 6,
      changeFailureRate: 6 / 50,
      incidents: 3,
      openIncidents: 1,
      // 30 and 90 minutes: the median halfway, the 90th percentile at 30 + 0.9 × 60.
      timeToRestore: { count: 2, median: 60, p90: 84 },
    });
    expect(other).toEqual({
      changes: 1600,
      failedChanges: 20,
      failureShare: 20 / 1600,
      severityWeightedRate: 36 / 1600,
      deployments: 30,
      failedDeployments: 2,
      changeFailureRate: 2 / 30,
      incidents: 2,
      openIncidents: 0,
      timeToRestore: { count: 2, median: 150, p90: 222 },
    });
    expect(bands).toEqual(BANDS.map(([aiFailed, aiChanges, otherFailed, otherChanges], i) => ({ band: SIZE_BANDS[i]!.label, aiChanges, aiFailed, otherChanges, otherFailed })));
    expect(relativeRisk!.rr).toBeCloseTo(2.4, 12);
    expect(relativeRisk!.low).toBeCloseTo(1.1832059410299398, 12);
    expect(relativeRisk!.high).toBeCloseTo(4.868129714583852, 12);
    expect(relativeRisk!.corrected).toBe(false);
    expect(sizeAdjusted!.rr).toBeCloseTo(1.8079710144927539, 12);
    expect(sizeAdjusted!.low).toBeCloseTo(0.8675493157246534, 12);
    expect(sizeAdjusted!.high).toBeCloseTo(3.767807927455516, 12);
    expect(report.overall.bandsUsed).toBe(5);
    expect(Number(fisher!.oneSided.toPrecision(2))).toBe(0.016);
    expect(posterior!.method).toBe('exact-sum');
    expect(verdict).toEqual({ conclusion: 'ai-higher', text: VERDICT });
  });

  it('by tool: each tool against every human change, incidents of other tools left out', () => {
    const byTool: InsightAggregates = {
      changes: [...cells(null, 'claude-code'), ...cells(null, 'copilot').filter((cell) => cell.ai).map((cell) => ({ ...cell, failed: 0, weight: 0 }))],
      deployments: [{ group: 'claude-code', ai: true, deployments: 40, failed: 5 }, { group: 'copilot', ai: true, deployments: 20, failed: 1 }, { group: null, ai: false, deployments: 30, failed: 2 }],
      incidents: [...incidents('claude-code', null), incident(6, 'copilot', true, 10)],
    };
    const report = computeInsights({ overall, by: { groupBy: 'tool', aggregates: byTool } });
    expect(report.by).toBe('tool');
    expect(report.otherSide).toBe('human changes');
    expect(report.groups.map((group) => group.group)).toEqual(['claude-code', 'copilot']);
    const [claude, copilot] = report.groups;
    expect(claude!.verdict.text).toBe(VERDICT);
    expect([claude!.ai.deployments, claude!.ai.failedDeployments, claude!.other.deployments, claude!.other.failedDeployments]).toEqual([40, 5, 30, 2]);
    expect([claude!.ai.incidents, claude!.other.incidents]).toEqual([3, 2]);
    expect(copilot!.ai).toMatchObject({ changes: 400, failedChanges: 0, deployments: 20, failedDeployments: 1, incidents: 1, timeToRestore: { count: 1, median: 10, p90: 10 } });
    // The human side is every human change for every tool; an incident joins it unless it is linked to a change of the tool compared.
    expect(copilot!.other).toEqual({ ...claude!.other, incidents: 3, timeToRestore: { count: 3, median: 90, p90: 210 } });
    expect(copilot!.relativeRisk!.corrected).toBe(true);
    expect(copilot!.sizeAdjusted).toBeNull();
    expect(copilot!.verdict.text).toBe(
      'Not enough data to conclude. AI-assisted changes failed in 0 of 400 (0.0%), the other changes in 20 of 1,600 (1.3%): ' +
        'a relative risk of 0.097 (95% CI 0.0059–1.61), with 0.5 added to every cell because a group had no failures, ' +
        'an interval too wide to tell no difference from a difference of 1.5 times or more. ' +
        "Fisher's exact test: p = 1 one-sided (AI higher), p = 0.021 two-sided. Probability that the AI failure rate is higher: 0.9%. " +
        'Adjusted for change size, the relative risk cannot be estimated: no size band has failures to compare on both sides. ' +
        'To detect a relative risk of 0.097 against a failure rate of 1.3% with 80% power (α = 0.05, two-sided) takes about 839 changes in each group.',
    );
  });

  it('by month: each month compares its own AI-assisted and other changes; a month with one side only cannot conclude', () => {
    const byMonth: InsightAggregates = {
      changes: [...cells('2025-02'), { group: '2025-03', ai: false, band: 0, changes: 7, failed: 1, weight: 1 }],
      deployments: deployments('2025-02'),
      incidents: incidents('2025-02'),
    };
    const report = computeInsights({ until: '2025-04-01T00:00:00.000Z', overall, by: { groupBy: 'month', aggregates: byMonth } });
    expect(report.otherSide).toBe('other changes');
    expect(report.groups.map((group) => [group.group, group.ai.changes, group.other.changes])).toEqual([
      ['2025-02', 400, 1600],
      ['2025-03', 0, 7],
    ]);
    expect(report.groups[0]!.verdict.text).toBe(VERDICT);
    const march = report.groups[1]!;
    expect(march.relativeRisk).toBeNull();
    expect(march.fisher).toBeNull();
    expect(march.posterior).toBeNull();
    expect(march.sizeAdjusted).toBeNull();
    expect(march.ai).toEqual({
      changes: 0,
      failedChanges: 0,
      failureShare: null,
      severityWeightedRate: null,
      deployments: 0,
      failedDeployments: 0,
      changeFailureRate: null,
      incidents: 0,
      openIncidents: 0,
      timeToRestore: null,
    });
    expect(march.verdict).toEqual({
      conclusion: 'insufficient-data',
      text:
        'Not enough data to conclude: there are no AI-assisted changes to compare with the 7 other changes. ' +
        'To detect a relative risk of 1.50 against a failure rate of 14.3% with 80% power (α = 0.05, two-sided) takes about 451 changes in each group.',
      neededSample: { perGroup: 451, relativeRisk: 1.5, baselineRate: 1 / 7 },
    });
  });

  it('leaves out a restore time that ends before it starts', () => {
    const backwards: InsightAggregates = { ...overall, incidents: [incident(1, null, true, -5), incident(2, null, true, 20)] };
    expect(computeInsights({ overall: backwards }).overall.ai).toMatchObject({ incidents: 2, openIncidents: 0, timeToRestore: { count: 1, median: 20, p90: 20 } });
  });
});

describe('severityWeights', () => {
  it('weighs each severity the ledger holds by SEVERITY_WEIGHTS, unknown ones as 1', () => {
    expect(severityWeights(['P1', 'SEV2', 'critical', 'low', 'sev-3', 'info'])).toEqual(
      new Map([
        ['P1', 8],
        ['SEV2', 4],
        ['critical', 8],
        ['low', 1],
        ['sev-3', 2],
        ['info', 1],
      ]),
    );
  });
});
