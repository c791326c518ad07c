import type { History } from '../../provenance/history.js';
import type { HistorySummary } from '../../provenance/summary.js';
import { markdownTable, percent, textTable, type Cell } from './table.js';

export interface ScanReport {
  readonly history: History;
  readonly summary: HistorySummary;
}

export const scanFormats = ['text', 'json', 'jsonl', 'markdown'] as const;
export type ScanFormat = (typeof scanFormats)[number];

/** One JSON line per commit, newest first. */
export function scanJsonl({ history }: ScanReport): string {
  return history.commits
    .map((commit) =>
      JSON.stringify({
        sha: commit.sha,
        author: `${commit.author.name} <${commit.author.email}>`,
        date: commit.author.date,
        ai: commit.attribution.ai,
        tools: commit.attribution.tools.map((t) => t.tool),
        confidence: commit.attribution.confidence ?? null,
        evidence: commit.attribution.evidence.map(({ tool, kind, text, confidence }) => ({ tool, kind, text, confidence })),
        added: commit.added,
        deleted: commit.deleted,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function scanJson({ summary, history }: ScanReport): string {
  return `${JSON.stringify({ ...summary, warnings: history.warnings }, null, 2)}\n`;
}

function tables(summary: HistorySummary): { title: string; header: string[]; rows: Cell[][] }[] {
  const t = summary.total;
  return [
    {
      title: 'By tool',
      header: ['tool', 'commits', 'added lines', 'deleted lines'],
      rows: [
        ...summary.byTool.map((row): Cell[] => [row.tool, row.commits, row.added, row.deleted]),
        ['human', summary.human.commits, summary.human.added, summary.human.deleted],
      ],
    },
    {
      title: 'By month',
      header: ['month', 'commits', 'AI commits', 'added lines', 'AI added', 'AI share'],
      rows: summary.byMonth.map((m) => [m.month, m.commits, m.aiCommits, m.added, m.aiAdded, percent(m.added === 0 ? 0 : m.aiAdded / m.added)]),
    },
    {
      title: 'By top-level folder',
      header: ['folder', 'commits', 'AI commits', 'added lines', 'AI added', 'AI share'],
      rows: summary.byFolder
        .slice(0, 25)
        .map((f) => [f.folder, f.commits, f.aiCommits, f.added, f.aiAdded, percent(f.added === 0 ? 0 : f.aiAdded / f.added)]),
    },
  ].filter((table) => table.rows.length > 0 && t.commits > 0);
}

function headline(summary: HistorySummary): string {
  const t = summary.total;
  if (t.commits === 0 && summary.merges === 0) return `${summary.range}: no commits`;
  const span = summary.firstDate && summary.lastDate ? `, ${summary.firstDate.slice(0, 10)} to ${summary.lastDate.slice(0, 10)}` : '';
  return [
    `${summary.range}: ${t.commits.toLocaleString('en-US')} commits (+${summary.merges.toLocaleString('en-US')} merges${span})`,
    `AI-assisted: ${t.aiCommits.toLocaleString('en-US')} commits (${percent(summary.aiShare.commits)}), ` +
      `${t.aiAdded.toLocaleString('en-US')} of ${t.added.toLocaleString('en-US')} added lines (${percent(summary.aiShare.added)})`,
  ].join('\n');
}

export function scanText({ summary }: ScanReport): string {
  const parts = [headline(summary)];
  for (const table of tables(summary)) parts.push(`${table.title}\n${textTable(table.header, table.rows)}`);
  return `${parts.join('\n\n')}\n`;
}

export function scanMarkdown({ summary, history }: ScanReport): string {
  const parts = [`## AI provenance: \`${summary.range}\``, headline(summary).split('\n').map((l) => `- ${l}`).join('\n')];
  for (const table of tables(summary)) parts.push(`### ${table.title}\n\n${markdownTable(table.header, table.rows)}`);
  if (history.warnings.length > 0) parts.push(history.warnings.map((w) => `> ⚠️ ${w}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

export const scanReporters: Record<ScanFormat, (report: ScanReport) => string> = {
  text: scanText,
  json: scanJson,
  jsonl: scanJsonl,
  markdown: scanMarkdown,
};
