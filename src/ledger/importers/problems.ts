import type { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { formatPath } from '../../shared/yaml-location.js';

/**
 * Where an item of an import file sits, so that an error names it the way the user finds it:
 * `pagerduty.json: [3].event.data.created_at`, `events.ndjson:4: event.occurred_at`,
 * `incidents.csv:7: started_at`.
 */
export interface Place {
  readonly file: string;
  /** The line, for NDJSON and CSV, where each item is one line or row. */
  readonly line?: number;
  /** The column, for a JSON syntax error. */
  readonly column?: number;
  /** The data path of the item inside the file (or line). */
  readonly path: readonly PropertyKey[];
}

// One bad item rejects the whole file, so the hint says that nothing was half-imported.
const HINT = 'nothing from the file was imported; docs/import.md describes the formats';

export const at = (place: Place, ...path: readonly PropertyKey[]): Place => ({ ...place, path: [...place.path, ...path] });

export function fail(place: Place, message: string, hint = HINT): never {
  const field = formatPath(place.path);
  const position = [place.line, place.column].filter((number) => number !== undefined).map((number) => `:${number}`).join('');
  throw new UserError(`${place.file}${position}: ${field === '' ? '' : `${field}: `}${message}`, hint);
}

/** The first problem of a failed validation, as one line (zod reports them in document order). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return issue.message;
}

/** Validates one item against its schema; the error names the item's place and the field. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, place: Place): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return fail(at(place, ...issue.path), describeIssue(issue));
}
