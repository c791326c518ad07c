import { describe, expect, it } from 'vitest';
import { GENESIS, UnparsableLine, canonicalJson, chainEntry, hashEntry, verifyChain, type AuditEntry, type AuditInput, type AuditProblem } from './chain.js';

const HEAD = 'a'.repeat(40);

const input = (n: number, data: Record<string, unknown> = { n }): AuditInput => ({
  kind: 'decision',
  at: `2025-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  actor: 'ci',
  head: HEAD,
  change: 'main..feature',
  data,
});

/** A sound chain of `n` entries, seq 1..n. */
function chain(n = 5): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) entries.push(chainEntry(entries.at(-1), input(i)));
  return entries;
}

const without = (entries: readonly AuditEntry[], ...seqs: number[]): AuditEntry[] => entries.filter((e) => !seqs.includes(e.seq));
const rehash = (entry: Omit<AuditEntry, 'hash'>): AuditEntry => ({ ...entry, hash: hashEntry(entry) });

describe('canonicalJson and hashEntry', () => {
  it('sorts keys at every level, drops undefined and keeps no whitespace', () => {
    expect(canonicalJson({ z: 1, a: [1, { c: null, b: 2, u: undefined }], m: 'x' })).toBe('{"a":[1,{"b":2,"c":null}],"m":"x","z":1}');
    expect(canonicalJson({ '2': 'b', '10': 'a', b: 1, B: 2 })).toBe('{"10":"a","2":"b","B":2,"b":1}');
    expect(canonicalJson(new Date('2025-01-01T00:00:00Z'))).toBe('"2025-01-01T00:00:00.000Z"');
    expect(() => canonicalJson(undefined)).toThrow('not a JSON value: undefined');
  });

  it('gives the same hash whatever the key order in data', () => {
    const one = chainEntry(undefined, input(1, { by: 'ada', commit: HEAD, source: 'cli', nested: { y: 1, x: [2, 3] } }));
    const two = chainEntry(undefined, input(1, { nested: { x: [2, 3], y: 1 }, source: 'cli', commit: HEAD, by: 'ada' }));
    expect(two.hash).toBe(one.hash);
    // A line written with other key orders still verifies.
    const shuffled = JSON.parse(JSON.stringify({ hash: one.hash, data: two.data, change: one.change, head: one.head, actor: one.actor, at: one.at, kind: one.kind, prev: one.prev, seq: one.seq }));
    expect(verifyChain([shuffled]).problems).toEqual([]);
  });

  it('hashes every field but hash: sha256 of the sorted-key JSON, as any language can recompute it', () => {
    const entry = chainEntry(undefined, input(1));
    expect(entry).toEqual({ seq: 1, prev: GENESIS, kind: 'decision', at: '2025-01-01T10:00:00.000Z', actor: 'ci', head: HEAD, change: 'main..feature', data: { n: 1 }, hash: entry.hash });
    expect(entry.hash).toBe(hashEntry({ ...entry, hash: 'ignored' }));
    // Python: sha256(json.dumps(fields, sort_keys=True, separators=(',', ':'))).
    expect(entry.hash).toBe('351f7dc57e41b57233acc49ced96ae7c63f40a335b21a57e5e8b90d00a81b12c');
  });
});

describe('chainEntry', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    const [first, second] = chain(2);
    expect([first!.seq, first!.prev, second!.seq, second!.prev]).toEqual([1, GENESIS, 2, first!.hash]);
  });

  it('keeps data as a JSON round trip gives it back', () => {
    const entry = chainEntry(undefined, input(1, { when: new Date('2025-01-01T00:00:00Z'), gone: undefined, list: [undefined] }));
    expect(entry.data).toEqual({ when: '2025-01-01T00:00:00.000Z', list: [null] });
    expect(verifyChain([JSON.parse(JSON.stringify(entry))]).ok).toBe(true);
  });

  it('refuses an input that verify would call malformed, naming the fields', () => {
    expect(() => chainEntry(undefined, { ...input(1), head: 'abc', actor: '' })).toThrow('not an audit entry: actor: Too small: expected string to have >=1 characters; head: expected a full commit id');
  });
});

interface Case {
  readonly name: string;
  readonly lines: (entries: AuditEntry[]) => unknown[];
  readonly problems: AuditProblem[];
  readonly pinned?: (entries: AuditEntry[]) => string;
}

const cases: Case[] = [
  { name: 'an intact chain', lines: (e) => e, problems: [] },
  { name: 'an empty log', lines: () => [], problems: [] },
  {
    name: 'a data field edited',
    lines: (e) => e.map((entry) => (entry.seq === 3 ? { ...entry, data: { n: 33 } } : entry)),
    problems: [{ line: 3, seq: 3, problem: 'edited', message: 'line 3 (seq 3): entry was edited: its hash does not match its content' }],
  },
  {
    name: 'an entry edited and its hash recomputed (the next entry still holds the old hash)',
    lines: (e) => e.map((entry) => (entry.seq === 3 ? rehash({ ...entry, actor: 'mallory' }) : entry)),
    problems: [{ line: 3, seq: 3, problem: 'edited', message: 'line 3 (seq 3): entry was edited and its hash recomputed: line 4 (seq 4) is chained to a different hash' }],
  },
  {
    name: 'the first entry re-chained and rehashed',
    lines: (e) => e.map((entry) => (entry.seq === 1 ? rehash({ ...entry, prev: 'f'.repeat(64) }) : entry)),
    problems: [
      { line: 1, seq: 1, problem: 'edited', message: 'line 1 (seq 1): entry was edited: it is the first entry but does not start the chain' },
    ],
  },
  {
    name: 'the first entry removed',
    lines: (e) => without(e, 1),
    problems: [{ line: 1, seq: 2, problem: 'removed', message: 'line 1 (seq 2): entry seq 1 is missing (removed)' }],
  },
  {
    name: 'a middle entry removed',
    lines: (e) => without(e, 3),
    problems: [{ line: 3, seq: 4, problem: 'removed', message: 'line 3 (seq 4): entry seq 3 is missing (removed)' }],
  },
  {
    name: 'the last-but-one entry removed',
    lines: (e) => without(e, 4),
    problems: [{ line: 4, seq: 5, problem: 'removed', message: 'line 4 (seq 5): entry seq 4 is missing (removed)' }],
  },
  {
    name: 'two entries in a row removed',
    lines: (e) => without(e, 2, 3),
    problems: [{ line: 2, seq: 4, problem: 'removed', message: 'line 2 (seq 4): entries seq 2 to 3 are missing (removed)' }],
  },
  { name: 'the last entry removed (a cut tail is a valid chain)', lines: (e) => without(e, 5), problems: [] },
  {
    name: 'the last entry removed, with the head pinned',
    lines: (e) => without(e, 5),
    pinned: (e) => e[4]!.hash,
    problems: [{ line: 5, problem: 'removed', message: `line 5: the pinned entry ${'H5'} is not in the log: entries were removed from its end or rewritten` }],
  },
  {
    name: 'an earlier head pinned, entries appended since',
    lines: (e) => e,
    pinned: (e) => e[2]!.hash.slice(0, 12),
    problems: [],
  },
  {
    name: 'two entries swapped',
    lines: (e) => [e[0], e[2], e[1], e[3], e[4]],
    problems: [{ line: 2, seq: 3, problem: 'reordered', message: 'line 2 (seq 3): entries were reordered: seq 3 comes before seq 2 (line 3)' }],
  },
  {
    name: 'the first two entries swapped',
    lines: (e) => [e[1], e[0], e[2], e[3], e[4]],
    problems: [{ line: 1, seq: 2, problem: 'reordered', message: 'line 1 (seq 2): entries were reordered: seq 2 comes before seq 1 (line 2)' }],
  },
  {
    name: 'one entry moved down past two others',
    lines: (e) => [e[0], e[2], e[3], e[1], e[4]],
    problems: [{ line: 4, seq: 2, problem: 'reordered', message: 'line 4 (seq 2): entries were reordered: seq 2 comes after seq 3 (line 2)' }],
  },
  {
    name: 'a line that is not JSON in place of an entry',
    lines: (e) => e.map((entry) => (entry.seq === 3 ? new UnparsableLine('{"seq":3,') : entry)),
    problems: [{ line: 3, problem: 'malformed', message: 'line 3: malformed entry: not valid JSON' }],
  },
  {
    name: 'a line that is not JSON inserted',
    lines: (e) => [e[0], e[1], new UnparsableLine('oops'), e[2], e[3], e[4]],
    problems: [{ line: 3, problem: 'malformed', message: 'line 3: malformed entry: not valid JSON' }],
  },
  {
    name: 'entries with a field missing or of the wrong type',
    lines: (e) => {
      const { seq: _seq, ...noSeq } = e[1]!;
      return [e[0], noSeq, { ...e[2], kind: 'vote', data: [] }, e[3], 42];
    },
    problems: [
      { line: 2, problem: 'malformed', message: 'line 2: malformed entry: seq: Invalid input: expected number, received undefined' },
      { line: 3, seq: 3, problem: 'malformed', message: 'line 3 (seq 3): malformed entry: kind: Invalid option: expected one of "decision"|"signoff"|"override"; data: Invalid input: expected record, received array' },
      { line: 5, problem: 'malformed', message: 'line 5: malformed entry: (entry): Invalid input: expected object, received number' },
    ],
  },
  {
    name: 'an entry copied',
    lines: (e) => [e[0], e[1], e[2], e[1], e[3], e[4]],
    problems: [{ line: 4, seq: 2, problem: 'duplicated', message: 'line 4 (seq 2): entry seq 2 is already on line 2: this is a copy of it (inserted, or two writers forked the chain)' }],
  },
  {
    name: 'a fork: two entries chained to the same one',
    lines: (e) => [...e, chainEntry(e[3], input(9))],
    problems: [{ line: 6, seq: 5, problem: 'duplicated', message: 'line 6 (seq 5): entry seq 5 is already on line 5: this is another entry with that seq (inserted, or two writers forked the chain)' }],
  },
  {
    name: 'one entry edited and another removed',
    lines: (e) => without(e, 4).map((entry) => (entry.seq === 2 ? { ...entry, actor: 'mallory' } : entry)),
    problems: [
      { line: 2, seq: 2, problem: 'edited', message: 'line 2 (seq 2): entry was edited: its hash does not match its content' },
      { line: 4, seq: 5, problem: 'removed', message: 'line 4 (seq 5): entry seq 4 is missing (removed)' },
    ],
  },
  {
    name: 'a seq edited without rehashing (no removal or reorder reported for it)',
    lines: (e) => e.map((entry) => (entry.seq === 3 ? { ...entry, seq: 9 } : entry)),
    problems: [{ line: 3, seq: 9, problem: 'edited', message: 'line 3 (seq 9): entry was edited: its hash does not match its content' }],
  },
  {
    name: 'an entry edited and moved (reported once, as edited)',
    lines: (e) => [e[0], { ...e[2], actor: 'mallory' }, e[1], e[3], e[4]],
    problems: [{ line: 2, seq: 3, problem: 'edited', message: 'line 2 (seq 3): entry was edited: its hash does not match its content' }],
  },
  {
    name: 'an unreadable line and a removal in the same gap',
    lines: (e) => [e[0], new UnparsableLine(''), e[4]],
    problems: [
      { line: 2, problem: 'malformed', message: 'line 2: malformed entry: not valid JSON' },
      { line: 3, seq: 5, problem: 'removed', message: 'line 3 (seq 5): 2 of entries seq 2 to 4 are missing (removed); the others are on malformed or edited lines' },
    ],
  },
];

describe('verifyChain', () => {
  it.each(cases)('$name', ({ lines, problems, pinned }) => {
    const entries = chain();
    const pin = pinned?.(entries);
    const result = verifyChain(lines(entries), pin === undefined ? {} : { pinned: pin });
    const named = (text: string): string => text.replace('H5', pin ?? '');
    expect(result.problems).toEqual(problems.map((p) => ({ ...p, message: named(p.message) })));
    expect(result.ok).toBe(problems.length === 0);
  });

  it('counts the lines and names the last hash as the head', () => {
    const entries = chain();
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 5, head: entries[4]!.hash, problems: [] });
    expect(verifyChain([...entries, new UnparsableLine('x')])).toMatchObject({ ok: false, entries: 6, head: undefined });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: undefined, problems: [] });
  });

  it('refuses a pinned hash that is not 12 to 64 hex digits', () => {
    expect(() => verifyChain([], { pinned: 'abc' })).toThrow('a pinned hash is 12 to 64 hex digits, not "abc"');
  });
});
