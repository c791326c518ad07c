import { z } from 'zod';

/**
 * The field types of the import schemas, each with a message that says what was expected, and
 * `required` when the field is missing (zod's defaults name JavaScript types instead).
 */
const expecting = (what: string) => ({
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code === 'invalid_type' || issue.code === 'invalid_value' ? (issue.input === undefined ? 'required' : `expected ${what}`) : undefined,
});

export const text = () => z.string(expecting('a string'));
export const name = () => text().trim().min(1, 'expected a non-empty string');
export const integer = () => z.number(expecting('a whole number')).int('expected a whole number');
export const flag = () => z.boolean(expecting('true or false'));
export const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape, expecting('an object'));
export const array = <Item extends z.ZodType>(item: Item) => z.array(item, expecting('an array'));
/** A URL that sources send as a string, `null` or `""` when there is none. */
export const link = () => z.string(expecting('a URL')).nullish().transform((value) => value?.trim() || undefined);
/** An object with any keys, whose values are all of one type. */
export const dictionary = <Value extends z.ZodType>(value: Value) => z.record(z.string(), value, expecting('an object'));

export const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, expecting(`one of ${values.join(', ')}`));

// A full commit id (SHA-1, or SHA-256 in repositories that use it): deployments are linked by it.
export const sha = () =>
  z
    .string(expecting('a full commit id (40 hexadecimal digits)'))
    .trim()
    .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i, 'expected a full commit id (40 hexadecimal digits)')
    .transform((value) => value.toLowerCase());

// A root cause is written by people in notes, often abbreviated; the incidents stage resolves it.
export const abbreviatedSha = () =>
  z
    .string(expecting('a commit id (7 to 64 hexadecimal digits)'))
    .trim()
    .regex(/^[0-9a-f]{7,64}$/i, 'expected a commit id (7 to 64 hexadecimal digits)')
    .transform((value) => value.toLowerCase());

// Date, `T` (or a space, as RFC 3339 allows), time to minutes or finer, and a zone.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/i;

export const ISO_TIME_EXPECTED = 'expected an ISO 8601 time';

/**
 * An ISO 8601 time with a zone, as milliseconds since the epoch; undefined when it is not one.
 * Date.parse alone would roll 30 February over to March, so the calendar date is checked too.
 */
export function parseIsoTime(value: string): number | undefined {
  const match = ISO_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const zone = match[7]!.toUpperCase();
  // Date.parse wants `T`, and `+hh:mm` rather than `+hhmm`.
  const normalized = `${value.slice(0, 10)}T${value.slice(11, value.length - zone.length)}${zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`}`;
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : time;
}

/** An ISO 8601 time with a zone, normalized to UTC with milliseconds. */
export const isoTime = () =>
  z.string(expecting('an ISO 8601 time')).transform((value, context) => {
    const time = parseIsoTime(value.trim());
    if (time !== undefined) return new Date(time).toISOString();
    // A time without a zone is the common mistake, and guessing the zone would shift incidents by hours.
    const message = ZONELESS.test(value.trim()) ? `${ISO_TIME_EXPECTED} with a zone (Z or +hh:mm)` : ISO_TIME_EXPECTED;
    context.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });
