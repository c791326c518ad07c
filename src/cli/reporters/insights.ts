import type { Comparison, InsightsReport, SideFigures } from '../../insights/report.js';
import { formatCount, formatP, formatPercent, formatProbability, formatRatio, type RatioEstimate } from '../../insights/stats.js';
import { markdownTable, textTable, type Cell } from './table.js';

export const insightsFormats = ['text', 'json', 'markdown'] as const;
export type InsightsFormat = (typeof insightsFormats)[number];

const NONE = '—';
const orNone = <T>(value: T | null, format: (value: T) => string): string => (value === null ? NONE : format(value));

/** Minutes as a reader says them: "45 min", "3 h 05 min", "2 d 4 h". */
export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  if (rounded < 48 * 60) return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')} min`;
  return `${Math.floor(rounded / 1440)} d ${Math.floor((rounded % 1440) / 60)} h`;
}

const interval = (estimate: RatioEstimate): string => `${formatRatio(estimate.rr)} (95% CI ${formatRatio(estimate.low)}–${formatRatio(estimate.high)})`;
const weighted = (rate: number): string => rate.toFixed(3);

function scope(report: InsightsReport): string {
  const { since, until } = report.window;
  if (since === null && until === null) return 'every change in the ledger';
  return `changes committed ${[since === null ? '' : `from ${since}`, until === null ? '' : `before ${until}`].filter(Boolean).join(' and ')}`;
}

function figureRows(comparison: Comparison): Cell[][] {
  const row = (label: string, figure: (side: SideFigures) => string): Cell[] => [label, figure(comparison.ai), figure(comparison.other)];
  return [
    row('changes', (s) => formatCount(s.changes)),
    row('failed changes', (s) => formatCount(s.failedChanges)),
    row('failure share', (s) => orNone(s.failureShare, formatPercent)),
    row('severity-weighted rate', (s) => orNone(s.severityWeightedRate, weighted)),
    row('deployments', (s) => formatCount(s.deployments)),
    row('failed deployments', (s) => formatCount(s.failedDeployments)),
    row('change failure rate (DORA)', (s) => orNone(s.changeFailureRate, formatPercent)),
    row('incidents', (s) => formatCount(s.incidents)),
    row('incidents still open', (s) => formatCount(s.openIncidents)),
    row('time to restore, median', (s) => orNone(s.timeToRestore, (t) => formatMinutes(t.median))),
    row('time to restore, p90', (s) => orNone(s.timeToRestore, (t) => formatMinutes(t.p90))),
  ];
}

function statisticRows(comparison: Comparison): Cell[][] {
  const { relativeRisk, sizeAdjusted, fisher, posterior } = comparison;
  return [
    ['relative risk of a failed change (AI / other)', orNone(relativeRisk, (rr) => `${interval(rr)}${rr.corrected ? ', 0.5 added to every cell' : ''}`)],
    ['adjusted for lines added (Mantel–Haenszel)', `${orNone(sizeAdjusted, interval)}, over ${comparison.bandsUsed} of ${comparison.bands.length} bands`],
    ["Fisher's exact test", orNone(fisher, (f) => `p ${formatP(f.oneSided)} one-sided (AI higher), p ${formatP(f.twoSided)} two-sided`)],
    ['probability that the AI failure rate is higher', orNone(posterior, (p) => formatProbability(p.probability))],
  ];
}

const share = (failed: number, changes: number): string => (changes === 0 ? NONE : formatPercent(failed / changes));

function bandRows(comparison: Comparison): Cell[][] {
  return comparison.bands.map((b) => [b.band, formatCount(b.aiChanges), formatCount(b.aiFailed), share(b.aiFailed, b.aiChanges), formatCount(b.otherChanges), formatCount(b.otherFailed), share(b.otherFailed, b.otherChanges)]);
}

function groupRows(report: InsightsReport): Cell[][] {
  return report.groups.map((g) => [
    g.group ?? '',
    formatCount(g.ai.changes),
    orNone(g.ai.failureShare, formatPercent),
    formatCount(g.other.changes),
    orNone(g.other.failureShare, formatPercent),
    orNone(g.relativeRisk, interval),
    orNone(g.sizeAdjusted, (rr) => formatRatio(rr.rr)),
    orNone(g.ai.changeFailureRate, formatPercent),
    orNone(g.other.changeFailureRate, formatPercent),
    g.verdict.conclusion,
  ]);
}

const FIGURES = ['', 'AI-assisted', 'other'];
const BANDS = ['lines added', 'AI changes', 'AI failed', 'AI share', 'other changes', 'other failed', 'other share'];
const STATISTICS = ['statistic', 'value'];
const GROUPS = ['group', 'AI changes', 'AI share', 'other changes', 'other share', 'relative risk', 'size-adjusted', 'AI CFR', 'other CFR', 'conclusion'];

/** With --by zone, changes that the ledger holds no files of, which no zone can count: undefined when there are none. */
function withoutFiles(report: InsightsReport): string | undefined {
  const n = report.changesWithoutFiles ?? 0;
  if (n === 0) return undefined;
  return `${formatCount(n)} ${n === 1 ? 'change has' : 'changes have'} no files in the ledger (stored before it kept them) and ${n === 1 ? 'is' : 'are'} in no zone: run blastwall ingest in ${n === 1 ? 'its repository' : 'their repositories'} to fill them.`;
}

function byTitle(report: InsightsReport): string {
  return report.by === 'tool' ? 'By tool: each tool’s AI-assisted changes against every human change' : `By ${report.by}: AI-assisted changes against the other changes of the same ${report.by}`;
}

export function insightsText(report: InsightsReport): string {
  const { overall } = report;
  const parts = [
    `AI-assisted changes against the others: ${scope(report)}`,
    textTable(FIGURES, figureRows(overall)),
    textTable(STATISTICS, statisticRows(overall)),
    textTable(BANDS, bandRows(overall)),
    `Verdict: ${overall.verdict.text}`,
  ];
  if (report.by !== null) {
    parts.push(`${byTitle(report)}\n${report.groups.length === 0 ? `no ${report.by} has changes` : textTable(GROUPS, groupRows(report))}`);
    const note = withoutFiles(report);
    if (note !== undefined) parts.push(note);
    for (const group of report.groups) parts.push(`${group.group}: ${group.verdict.text}`);
  }
  return `${parts.join('\n\n')}\n`;
}

export function insightsMarkdown(report: InsightsReport): string {
  const { overall } = report;
  const parts = [
    '## AI-assisted changes and failures',
    `Scope: ${scope(report)}.`,
    markdownTable(FIGURES, figureRows(overall)),
    markdownTable(STATISTICS, statisticRows(overall)),
    markdownTable(BANDS, bandRows(overall)),
    `> ${overall.verdict.text}`,
  ];
  if (report.by !== null) {
    parts.push(`### ${byTitle(report)}`, report.groups.length === 0 ? `No ${report.by} has changes.` : markdownTable(GROUPS, groupRows(report)));
    const note = withoutFiles(report);
    if (note !== undefined) parts.push(`> ${note}`);
    for (const group of report.groups) parts.push(`**${group.group}**: ${group.verdict.text}`);
  }
  return `${parts.join('\n\n')}\n`;
}

export function insightsJson(report: InsightsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const insightsReporters: Record<InsightsFormat, (report: InsightsReport) => string> = {
  text: insightsText,
  json: insightsJson,
  markdown: insightsMarkdown,
};
