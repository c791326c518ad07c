import { CsvError, parse, type InfoRecord } from 'csv-parse/sync';
import { fail } from './problems.js';

/** A CSV record with the line it starts on (a quoted field may span lines). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

// csv-parse's own messages repeat the line and name its options; these say what to change.
const SYNTAX: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed before the end of the file',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field: quote the whole field and double the quotes inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field: quote the whole field and double the quotes inside it',
};

/**
 * The records of a CSV text, the header first. Blank lines are skipped. Records may have any
 * number of fields here: the caller compares them with the header, to name the row that differs.
 */
export function readCsv(text: string, file: string): CsvRow[] {
  // csv-parse tells the line a record ends on and how many blank lines it has skipped so far;
  // a record starts after the previous one and the blank lines between them.
  let end = 0;
  let blank = 0;
  const startOf = (info: { lines: number; empty_lines: number }): number => end + 1 + (info.empty_lines - blank);
  const rows: CsvRow[] = [];
  // Records are kept as they are read, so that an error knows where the last good one ended.
  const onRecord = (record: string[], info: InfoRecord): undefined => {
    const line = startOf(info);
    end = info.lines;
    blank = info.empty_lines;
    if (record.some((cell) => cell.trim() !== '')) rows.push({ line, cells: record });
    return undefined;
  };
  try {
    parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, on_record: onRecord });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const lines = typeof error.lines === 'number' ? error.lines : undefined;
    const skipped = typeof error.empty_lines === 'number' ? error.empty_lines : blank;
    // An unclosed quote is found only at the end of the file; the record it opened starts here.
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? startOf({ lines: end, empty_lines: skipped }) : lines;
    return fail({ file, line, path: [] }, `not valid CSV: ${SYNTAX[error.code] ?? error.message}`);
  }
  return rows;
}
