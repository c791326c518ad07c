import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { itemsOf, readDocument, readJson } from './documents.js';
import { parseIsoTime } from './fields.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { IMPORT_KINDS, importers, isImportKind } from './index.js';

const errorOf = (run: () => unknown): { message: string; hint: string | undefined } | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return { message: error.message, hint: error.hint };
    throw error;
  }
  return undefined;
};
const messageOf = (run: () => unknown): string | undefined => errorOf(run)?.message;

describe('readJson', () => {
  it('names the line and column of a syntax error, in words that do not depend on the Node version', () => {
    const cases: [string, string][] = [
      ['{\n  "a": 1,\n}', 'a.json:3:1: not valid JSON: expected a property name in double quotes, got "}"'],
      ['{\n  "a": 1\n  "b": 2\n}', `a.json:3:3: not valid JSON: expected ',' or '}' after a property value, got "\\""`],
      ['[1, 2', `a.json:1:6: not valid JSON: expected ',' or ']' after an array element, got the end of the text`],
      ["{'a': 1}", 'a.json:1:2: not valid JSON: expected a property name in double quotes, got "\'"'],
      ['{"a" 1}', `a.json:1:6: not valid JSON: expected ':' after a property name, got "1"`],
      ['{"a": tru}', 'a.json:1:7: not valid JSON: expected a value, got "t"'],
      ['{"a": "b', `a.json:1:9: not valid JSON: expected '"' to close the string, got the end of the text`],
      ['["\\x"]', 'a.json:1:3: not valid JSON: expected an escape such as \\n, \\" or \\u00e9, got "\\\\"'],
      ['["a\tb"]', 'a.json:1:4: not valid JSON: expected \\n or \\t instead of a control character in a string, got "\\t"'],
      ['{"a": 1} {"b": 2}', 'a.json:1:10: not valid JSON: expected the end of the text after the JSON value, got "{"'],
      ['[01]', `a.json:1:3: not valid JSON: expected ',' or ']' after an array element, got "1"`],
    ];
    expect(cases.map(([text]) => messageOf(() => readJson(text, 'a.json')))).toEqual(cases.map(([, message]) => message));
  });

  it('says that nothing was imported', () => {
    expect(errorOf(() => readJson('[', 'a.json'))).toEqual({
      message: 'a.json:1:2: not valid JSON: expected a value, got the end of the text',
      hint: 'nothing from the file was imported; docs/import.md describes the formats',
    });
  });

  it('finds no error in JSON that JSON.parse accepts', () => {
    const valid = ['{}', '[]', ' 1 ', '-0.5e+3', '"\\u00e9\\n"', '{"a":[true,false,null,{"b":""}]}', '[\r\n 1 ,\t2 ]'];
    for (const text of valid) JSON.parse(text);
    expect(valid.map(findJsonSyntaxError)).toEqual(valid.map(() => undefined));
  });

  it("falls back to V8's words, at the first line, for nesting deeper than the scanner's stack", () => {
    expect(messageOf(() => readJson(`${'['.repeat(200_000)}x`, 'deep.json'))).toMatch(/^deep\.json:1: not valid JSON: Unexpected token/);
  });

  it('rejects an empty file and reads one with a byte order mark', () => {
    expect(messageOf(() => readJson(' \n', 'a.json'))).toBe('a.json: the file is empty');
    expect(readJson('\uFEFF{"a": 1}', 'a.json')).toEqual({ a: 1 });
  });
});

describe('readDocument', () => {
  it('reads NDJSON when the first line is a whole value and more lines follow, numbering the lines', () => {
    const document = readDocument('{"a": 1}\r\n\n{"a": 2}\n', 'e.ndjson');
    expect(itemsOf(document, 'e.ndjson')).toEqual([
      { value: { a: 1 }, place: { file: 'e.ndjson', line: 1, path: [] } },
      { value: { a: 2 }, place: { file: 'e.ndjson', line: 3, path: [] } },
    ]);
  });

  it('reads pretty-printed JSON and one-line JSON as one value; array elements are placed by index', () => {
    expect(readDocument('[\n  {"a": 1},\n  {"a": 2}\n]\n', 'e.json')).toEqual({ form: 'json', value: [{ a: 1 }, { a: 2 }] });
    expect(readDocument('{"a": 1}\n', 'e.json')).toEqual({ form: 'json', value: { a: 1 } });
    expect(itemsOf({ form: 'json', value: [{ a: 1 }] }, 'e.json')).toEqual([{ value: { a: 1 }, place: { file: 'e.json', path: [0] } }]);
  });

  it('names the line and column of a broken NDJSON line', () => {
    expect(messageOf(() => readDocument('{"a": 1}\n{"a": 2}\n{"a": 3,\n', 'e.ndjson'))).toBe(
      'e.ndjson:3:9: not valid JSON: expected a property name in double quotes, got the end of the text',
    );
  });
});

describe('parseIsoTime', () => {
  it('reads ISO 8601 times with a zone, and nothing else', () => {
    const times = [
      '2026-11-30T10:00:00Z',
      '2026-11-30T10:00:00.123456Z',
      '2026-11-30t10:00z',
      '2026-11-30 11:00:00+01:00',
      '2026-11-30T05:00:00-0500',
      '2026-11-30T10:00:00',
      '2026-02-29T10:00:00Z',
      '2028-02-29T10:00:00Z',
      '2026-11-30T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '30/11/2026 10:00',
    ];
    const read = (time: string): string => {
      const milliseconds = parseIsoTime(time);
      return milliseconds === undefined ? 'invalid' : new Date(milliseconds).toISOString();
    };
    expect(times.map(read)).toEqual([
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T10:00:00.123Z',
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T10:00:00.000Z',
      'invalid',
      'invalid',
      '2028-02-29T10:00:00.000Z',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });
});

describe('importers', () => {
  it('has one importer per kind', () => {
    expect(Object.keys(importers)).toEqual([...IMPORT_KINDS]);
    expect([isImportKind('pagerduty'), isImportKind('jira')]).toEqual([true, false]);
  });
});
