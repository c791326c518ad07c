import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The audit log as a hash chain: every entry carries the hash of the one before, so that an
 * edited, removed or reordered entry shows. Pure: the file log and a database ledger store the
 * same entries and share this logic.
 *
 * What the chain cannot show on its own: entries cut from the end (the shorter log is still a
 * valid chain), or a tail rewritten with recomputed hashes. Publish the last hash (`auditHead`,
 * `blastwall audit verify --format json`) where the log's writer cannot change it, and verify
 * later with it pinned.
 */

export type AuditKind = 'decision' | 'signoff' | 'override';
export const auditKinds = ['decision', 'signoff', 'override'] as const satisfies readonly AuditKind[];

export interface AuditInput {
  readonly kind: AuditKind;
  /** ISO 8601 time. */
  readonly at: string;
  readonly actor: string;
  /** The change's head commit (full id). */
  readonly head: string;
  /** What was judged: `main..feature`, `pr:12`. */
  readonly change: string;
  /** JSON values only: what is hashed is what a JSON round trip keeps. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditInput {
  /** 1 for the first entry, then +1. */
  readonly seq: number;
  /** The hash of the entry before, GENESIS for the first. */
  readonly prev: string;
  /** sha256 (hex) of canonicalJson of every other field. */
  readonly hash: string;
}

export const GENESIS = '0'.repeat(64);

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');
const inputSchema = z.object({
  kind: z.enum(auditKinds),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1),
  head: z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'expected a full commit id'),
  change: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
// Not strict: a field added by a later version is hashed like the others and so still verifies.
const entrySchema = inputSchema.extend({ seq: z.number().int().positive(), prev: sha256, hash: sha256 });

const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(entry)'}: ${issue.message}`).join('; ');

export const isAuditEntry = (value: unknown): value is AuditEntry => entrySchema.safeParse(value).success;

/**
 * JSON with object keys sorted by UTF-16 code units at every level and no whitespace: the same
 * bytes whatever the key order, as RFC 8785 (JCS) gives for JSON values. The value goes through a
 * JSON round trip first, so that `undefined`, dates and `toJSON` come out as they will be read back.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`not a JSON value: ${String(value)}`);
  return canonical(JSON.parse(text));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of canonicalJson of all fields but `hash` (ignored when present). */
export function hashEntry(entry: Omit<AuditEntry, 'hash'> | Readonly<Record<string, unknown>>): string {
  const { hash: _hash, ...fields } = entry as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The entry that follows `previous` (undefined: the first of the log). Throws on an input the log would call malformed. */
export function chainEntry(previous: AuditEntry | undefined, input: AuditInput): AuditEntry {
  const checked = inputSchema.safeParse(input);
  if (!checked.success) throw new TypeError(`not an audit entry: ${describeIssues(checked.error)}`);
  const { kind, at, actor, head, change } = input;
  const fields = {
    seq: (previous?.seq ?? 0) + 1,
    prev: previous?.hash ?? GENESIS,
    kind,
    at,
    actor,
    head,
    change,
    // Stored as it will be read back, so that the returned entry equals the logged one.
    data: JSON.parse(JSON.stringify(input.data)) as Record<string, unknown>,
  };
  return { ...fields, hash: hashEntry(fields) };
}

/** A line of a log that is not JSON, kept in its place so that verify can name its line. */
export class UnparsableLine {
  constructor(readonly text: string) {}
}

export type AuditProblemKind = 'edited' | 'removed' | 'reordered' | 'duplicated' | 'malformed';

export interface AuditProblem {
  /** 1-based position in the log. */
  readonly line: number;
  readonly seq?: number;
  readonly problem: AuditProblemKind;
  readonly message: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Lines read, entries or not. */
  readonly entries: number;
  /** The hash of the last line's entry: what the next entry will chain to, and what to pin. */
  readonly head: string | undefined;
  readonly problems: readonly AuditProblem[];
}

export interface VerifyOptions {
  /** A hash published earlier (or its first 12+ hex digits): the log must still contain that entry. */
  readonly pinned?: string;
}

interface Placed {
  readonly line: number;
  readonly entry: AuditEntry;
}

/** A malformed or edited line: where it is, and the seq it claims (which may be the edit). */
interface Placeholder {
  readonly line: number;
  readonly seq?: number | undefined;
}

const where = (line: number, seq?: number): string => `line ${line}${seq === undefined ? '' : ` (seq ${seq})`}`;
const seqs = (from: number, to: number): string => (from === to ? `entry seq ${from} is` : `entries seq ${from} to ${to} are`);

/**
 * Checks a log, given as its lines in order (parsed JSON, or UnparsableLine). Each tampering is
 * reported once, as its own kind, on the first line it concerns, sorted by line:
 * - malformed: not JSON, or a field missing or of the wrong type;
 * - edited: the hash does not match the content; or the hash was recomputed, and then the next
 *   entry's `prev` no longer matches (which of the two was rewritten cannot be told: the earlier is named);
 * - duplicated: a second entry with the same seq (an entry copied or inserted, or two writers that forked the chain);
 * - reordered: the seqs are not in order; the entries moved are the fewest that explain the order;
 * - removed: a seq is missing and no malformed or edited line stands in its place.
 * Malformed and edited lines keep their place, so the entries around them are not reported again.
 */
export function verifyChain(lines: readonly unknown[], options: VerifyOptions = {}): ChainVerification {
  if (options.pinned !== undefined && !/^[0-9a-f]{12,64}$/.test(options.pinned)) throw new TypeError(`a pinned hash is 12 to 64 hex digits, not "${options.pinned}"`);
  const problems: AuditProblem[] = [];
  /** Lines that are reported already and stand for an entry: a gap they fill is not a removal. */
  const placeholders: Placeholder[] = [];
  const sound: Placed[] = [];

  lines.forEach((value, index) => {
    const line = index + 1;
    if (value instanceof UnparsableLine) {
      problems.push({ line, problem: 'malformed', message: `${where(line)}: malformed entry: not valid JSON` });
      placeholders.push({ line });
      return;
    }
    const checked = entrySchema.safeParse(value);
    if (!checked.success) {
      const seq = (value as { seq?: unknown } | null)?.seq;
      const known = typeof seq === 'number' && Number.isInteger(seq) && seq > 0 ? seq : undefined;
      problems.push({ line, ...(known !== undefined && { seq: known }), problem: 'malformed', message: `${where(line, known)}: malformed entry: ${describeIssues(checked.error)}` });
      placeholders.push({ line, seq: known });
      return;
    }
    const entry = value as AuditEntry;
    if (hashEntry(entry) !== entry.hash) {
      problems.push({ line, seq: entry.seq, problem: 'edited', message: `${where(line, entry.seq)}: entry was edited: its hash does not match its content` });
      placeholders.push({ line, seq: entry.seq });
      return;
    }
    sound.push({ line, entry });
  });

  const unique = dropDuplicates(sound, problems);
  problems.push(...findReordered(unique));
  problems.push(...findBrokenLinks(unique, placeholders));

  const last = lines.at(-1);
  const head = isAuditEntry(last) ? last.hash : undefined;
  if (options.pinned !== undefined && !lines.some((value) => isAuditEntry(value) && value.hash.startsWith(options.pinned!))) {
    problems.push({
      line: lines.length + 1,
      problem: 'removed',
      message: `${where(lines.length + 1)}: the pinned entry ${options.pinned} is not in the log: entries were removed from its end or rewritten`,
    });
  }

  problems.sort((a, b) => a.line - b.line);
  return { ok: problems.length === 0, entries: lines.length, head, problems };
}

function dropDuplicates(sound: readonly Placed[], problems: AuditProblem[]): Placed[] {
  const first = new Map<number, Placed>();
  const unique: Placed[] = [];
  for (const placed of sound) {
    const earlier = first.get(placed.entry.seq);
    if (earlier === undefined) {
      first.set(placed.entry.seq, placed);
      unique.push(placed);
      continue;
    }
    const how = earlier.entry.hash === placed.entry.hash ? 'a copy of it' : 'another entry with that seq';
    problems.push({
      line: placed.line,
      seq: placed.entry.seq,
      problem: 'duplicated',
      message: `${where(placed.line, placed.entry.seq)}: entry seq ${placed.entry.seq} is already on line ${earlier.line}: this is ${how} (inserted, or two writers forked the chain)`,
    });
  }
  return unique;
}

/** Entries out of seq order: those outside a longest increasing run of seqs, each named with an entry it crossed. */
function findReordered(placed: readonly Placed[]): AuditProblem[] {
  const kept = longestIncreasing(placed.map((p) => p.entry.seq));
  const problems: AuditProblem[] = [];
  placed.forEach(({ line, entry }, index) => {
    if (kept.has(index)) return;
    // Moved up: name the last later entry it should follow; moved down: the first earlier entry it should precede.
    const after = placed.findLast((other, j) => j > index && other.entry.seq < entry.seq);
    const before = placed.find((other, j) => j < index && other.entry.seq > entry.seq);
    const crossed = after
      ? `seq ${entry.seq} comes before seq ${after.entry.seq} (line ${after.line})`
      : `seq ${entry.seq} comes after seq ${before!.entry.seq} (line ${before!.line})`;
    problems.push({ line, seq: entry.seq, problem: 'reordered', message: `${where(line, entry.seq)}: entries were reordered: ${crossed}` });
  });
  return problems;
}

/** Indexes of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const before: number[] = [];
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    before[index] = low > 0 ? tails[low - 1]! : -1;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let index = tails.at(-1) ?? -1; index >= 0; index = before[index]!) kept.add(index);
  return kept;
}

/** In seq order: gaps that no placeholder line explains (removed), and links that do not hold (edited, hash recomputed). */
function findBrokenLinks(placed: readonly Placed[], placeholders: readonly Placeholder[]): AuditProblem[] {
  const problems: AuditProblem[] = [];
  // A placeholder fills a gap when it claims a missing seq, or sits between the entries around the gap.
  const filling = (from: Placed | undefined, to: Placed): number =>
    placeholders.filter(
      ({ line, seq }) => (seq !== undefined && seq > (from?.entry.seq ?? 0) && seq < to.entry.seq) || (line > (from?.line ?? 0) && line < to.line),
    ).length;
  const ordered = [...placed].sort((a, b) => a.entry.seq - b.entry.seq);
  // An entry reported as edited here changed its hash too: the next link breaks as a consequence, not as a second edit.
  const edited = new Set<number>();
  let previous: Placed | undefined;
  for (const current of ordered) {
    const { line, entry } = current;
    const expected = (previous?.entry.seq ?? 0) + 1;
    const gap = entry.seq - expected;
    if (gap > 0) {
      const missing = gap - filling(previous, current);
      if (missing > 0) {
        const what =
          missing === gap
            ? `${seqs(expected, entry.seq - 1)} missing (removed)`
            : `${missing} of entries seq ${expected} to ${entry.seq - 1} ${missing === 1 ? 'is' : 'are'} missing (removed); the others are on malformed or edited lines`;
        problems.push({ line, seq: entry.seq, problem: 'removed', message: `${where(line, entry.seq)}: ${what}` });
      }
    } else if (previous === undefined && entry.prev !== GENESIS) {
      problems.push({ line, seq: entry.seq, problem: 'edited', message: `${where(line, entry.seq)}: entry was edited: it is the first entry but does not start the chain` });
      edited.add(line);
    } else if (previous !== undefined && entry.prev !== previous.entry.hash && !edited.has(previous.line)) {
      problems.push({
        line: previous.line,
        seq: previous.entry.seq,
        problem: 'edited',
        message: `${where(previous.line, previous.entry.seq)}: entry was edited and its hash recomputed: ${where(line, entry.seq)} is chained to a different hash`,
      });
    }
    previous = current;
  }
  return problems;
}
