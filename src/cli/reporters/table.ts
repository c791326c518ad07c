/** Plain-text and Markdown tables for reporters. Numeric columns are right-aligned. */
export type Cell = string | number;

const show = (cell: Cell): string => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell);

export function textTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [header.map(String), ...rows.map((row) => row.map(show))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^[\d.,]+%?$/.test(String(row[i]))));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (numeric[i] && i > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^[\d.,]+%?$/.test(String(row[i]))));
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map((_, i) => (numeric[i] && i > 0 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((cell) => escape(show(cell))).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
