import type { BlameResult } from '../../provenance/blame.js';
import { markdownTable, percent, textTable, type Cell } from './table.js';

export const blameFormats = ['text', 'json', 'jsonl', 'markdown'] as const;
export type BlameFormat = (typeof blameFormats)[number];

export function blameJson(result: BlameResult): string {
  const { range, totalLines, aiLines, aiShare, files, byTool, byCommit } = result;
  return `${JSON.stringify({ range, totalLines, aiLines, aiShare, byTool, files, byCommit }, null, 2)}\n`;
}

/** One JSON line per file, in path order. */
export function blameJsonl(result: BlameResult): string {
  return Object.entries(result.files)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([path, tally]) => `${JSON.stringify({ path, ...tally })}\n`)
    .join('');
}

function rows(result: BlameResult): { tools: Cell[][]; files: Cell[][] } {
  const tools = Object.entries(result.byTool)
    .sort((a, b) => b[1] - a[1])
    .map(([tool, lines]): Cell[] => [tool, lines, percent(result.totalLines === 0 ? 0 : lines / result.totalLines)]);
  tools.push(['human', result.totalLines - result.aiLines, percent(result.totalLines === 0 ? 0 : 1 - result.aiShare)]);
  const files = Object.entries(result.files)
    .sort((a, b) => b[1].ai - a[1].ai || b[1].total - a[1].total || a[0].localeCompare(b[0]))
    .slice(0, 30)
    .map(([path, t]): Cell[] => [path, t.total, t.ai, percent(t.total === 0 ? 0 : t.ai / t.total)]);
  return { tools, files };
}

const headline = (result: BlameResult): string =>
  `${result.range}: ${result.totalLines.toLocaleString('en-US')} lines in ${Object.keys(result.files).length.toLocaleString('en-US')} files, ` +
  `${result.aiLines.toLocaleString('en-US')} written with AI (${percent(result.aiShare)})`;

export function blameText(result: BlameResult): string {
  const { tools, files } = rows(result);
  const parts = [headline(result)];
  if (result.totalLines > 0) {
    parts.push(`By tool\n${textTable(['tool', 'lines', 'share'], tools)}`);
    parts.push(`Files (most AI lines first)\n${textTable(['file', 'lines', 'AI lines', 'AI share'], files)}`);
  }
  return `${parts.join('\n\n')}\n`;
}

export function blameMarkdown(result: BlameResult): string {
  const { tools, files } = rows(result);
  const parts = [`## AI lines: \`${result.range}\``, headline(result)];
  if (result.totalLines > 0) {
    parts.push(markdownTable(['tool', 'lines', 'share'], tools));
    parts.push(markdownTable(['file', 'lines', 'AI lines', 'AI share'], files));
  }
  return `${parts.join('\n\n')}\n`;
}

export const blameReporters: Record<BlameFormat, (result: BlameResult) => string> = {
  text: blameText,
  json: blameJson,
  jsonl: blameJsonl,
  markdown: blameMarkdown,
};
