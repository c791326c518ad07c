import { importGenericCsv } from './generic-csv.js';
import { importGenericJson } from './generic-json.js';
import type { ImportResult } from './records.js';

/**
 * blastwall's own format, for sources without an importer of their own: JSON when the file
 * starts with `{`, else CSV (a CSV file starts with its header). docs/import.md describes both.
 */
export function importGeneric(text: string, file: string): ImportResult {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? importGenericJson(text, file) : importGenericCsv(text, file);
}
