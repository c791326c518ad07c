import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import { fail, type Place } from './problems.js';

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One value of an import file with its place: an element of a JSON array, or a line of NDJSON. */
export interface Item {
  readonly value: unknown;
  readonly place: Place;
}

/** A file holds one JSON value, or NDJSON: one JSON value per line (webhook payloads logged as they came). */
export type Document = { readonly form: 'json'; readonly value: unknown } | { readonly form: 'ndjson'; readonly lines: readonly Item[] };

const parse = (text: string): { ok: true; value: unknown } | { ok: false; message: string } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
};

/** Fails at the syntax error of a text that JSON.parse rejected; `firstLine` is its line in the file. */
const notJson = (file: string, text: string, failed: { message: string }, firstLine = 1): never => {
  const syntax = findJsonSyntaxError(text);
  // Only when our scanner cannot say (nesting deeper than its stack): V8's own words, at the start.
  if (!syntax) return fail({ file, line: firstLine, path: [] }, `not valid JSON: ${failed.message}`);
  const { line, column } = lineAndColumn(text, syntax.offset);
  return fail({ file, line: line + firstLine - 1, column, path: [] }, `not valid JSON: ${syntax.message}`);
};

/** One JSON value; a syntax error names its line and column (`a.json:3:17: not valid JSON: ...`). */
export function readJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail({ file, path: [] }, 'the file is empty');
  const parsed = parse(body);
  return parsed.ok ? parsed.value : notJson(file, body, parsed);
}

/**
 * JSON or NDJSON. A file is NDJSON when its first non-blank line is a whole JSON value by itself
 * and more lines follow; a pretty-printed JSON file starts with a lone `{` or `[`, which is not.
 */
export function readDocument(text: string, file: string): Document {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  const filled = lines.flatMap((line, index) => (line.trim() === '' ? [] : [{ line: index + 1, text: line }]));
  const first = filled[0];
  if (filled.length < 2 || !first || !parse(first.text).ok) return { form: 'json', value: readJson(body, file) };
  return {
    form: 'ndjson',
    lines: filled.map(({ line, text: json }) => {
      const parsed = parse(json);
      return { value: parsed.ok ? parsed.value : notJson(file, json, parsed, line), place: { file, line, path: [] } };
    }),
  };
}

/** The items of a document: the elements of a top-level array, the lines of NDJSON, or the one value. */
export function itemsOf(document: Document, file: string): Item[] {
  if (document.form === 'ndjson') return [...document.lines];
  const { value } = document;
  if (Array.isArray(value)) return value.map((element: unknown, index) => ({ value: element, place: { file, path: [index] } }));
  return [{ value, place: { file, path: [] } }];
}
