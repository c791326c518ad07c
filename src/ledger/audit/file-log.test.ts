import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { GENESIS, verifyChain, type AuditInput } from './chain.js';
import { AUDIT_FILE, AUDIT_LOCK, appendAudit, auditHead, overridesFor, readAuditLog, signOffsFor } from './file-log.js';

const HEAD = 'b'.repeat(40);
const OTHER = 'c'.repeat(40);

const input = (kind: AuditInput['kind'], n: number, head = HEAD, data: Record<string, unknown> = { n }): AuditInput => ({
  kind,
  at: `2025-02-${String(n).padStart(2, '0')}T08:00:00.000Z`,
  actor: 'ada',
  head,
  change: 'pr:12',
  data,
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'blastwall-audit-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const logPath = (): string => join(root, AUDIT_FILE);
const logLines = (): string[] => readFileSync(logPath(), 'utf8').split('\n');

describe('the audit file log', () => {
  it('reads a missing log as empty, and appends nothing for no inputs', () => {
    expect(readAuditLog(root)).toEqual({ entries: [], raw: [] });
    expect(auditHead(root)).toBeUndefined();
    expect(appendAudit(root, [])).toEqual([]);
    expect(existsSync(join(root, '.blastwall'))).toBe(false);
  });

  it('appends a batch as whole lines, chains the next batch to it, and reads back what it wrote', () => {
    const first = appendAudit(root, [input('decision', 1), input('signoff', 2)]);
    const second = appendAudit(root, [input('override', 3)]);
    expect([...first, ...second].map((e) => [e.seq, e.prev])).toEqual([
      [1, GENESIS],
      [2, first[0]!.hash],
      [3, first[1]!.hash],
    ]);
    expect(logLines()).toEqual([...first, ...second].map((e) => JSON.stringify(e)).concat(''));
    const log = readAuditLog(root);
    expect(log.entries).toEqual([...first, ...second]);
    expect(log.raw).toEqual(log.entries);
    expect(auditHead(root)).toBe(second[0]!.hash);
    expect(verifyChain(log.raw)).toEqual({ ok: true, entries: 3, head: second[0]!.hash, problems: [] });
    expect(existsSync(join(root, AUDIT_LOCK))).toBe(false);
  });

  it('keeps one chain when batches are started together', async () => {
    await Promise.all([1, 2, 3].map(async (n) => appendAudit(root, [input('decision', n), input('signoff', n + 10)])));
    const log = readAuditLog(root);
    expect(log.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(log.raw).ok).toBe(true);
  });

  it('keeps one chain when two threads append at the same time (the lock)', async () => {
    // The workers load the TypeScript source through tsx, as the tests do.
    const worker = join(root, 'append.mjs');
    writeFileSync(
      worker,
      [
        "import { workerData, parentPort } from 'node:worker_threads';",
        'const { register } = await import(workerData.tsx);',
        'register();',
        'const { appendAudit } = await import(workerData.fileLog);',
        '// Both threads start appending at once, not one after the other has loaded.',
        'const gate = new Int32Array(workerData.gate);',
        'Atomics.add(gate, 0, 1);',
        'while (Atomics.load(gate, 0) < 2) Atomics.wait(gate, 0, 1, 5);',
        'for (let n = 1; n <= workerData.count; n++) {',
        "  appendAudit(workerData.root, [{ kind: 'decision', at: '2025-02-01T08:00:00.000Z', actor: workerData.actor, head: workerData.head, change: 'pr:1', data: { n } }]);",
        '}',
        "parentPort.postMessage('done');",
      ].join('\n'),
    );
    const shared = {
      root,
      gate: new SharedArrayBuffer(4),
      head: HEAD,
      count: 40,
      tsx: import.meta.resolve('tsx/esm/api'),
      fileLog: new URL('./file-log.ts', import.meta.url).href,
    };
    const run = (actor: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const thread = new Worker(worker, { workerData: { ...shared, actor } });
        thread.once('message', resolve);
        thread.once('error', reject);
      });
    await Promise.all([run('one'), run('two')]);
    const log = readAuditLog(root);
    expect(log.entries.map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(verifyChain(log.raw)).toMatchObject({ ok: true, entries: 80 });
    expect(log.entries.filter((e) => e.actor === 'one').length).toBe(40);
  });

  it('waits for a lock held by another writer, then fails naming the lock file', () => {
    mkdirSync(join(root, '.blastwall'));
    writeFileSync(join(root, AUDIT_LOCK), 'someone else\n');
    const attempt = (): unknown => appendAudit(root, [input('decision', 1)], { waitMs: 60 });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow('the audit log is locked: .blastwall/audit.lock exists');
    expect(readFileSync(join(root, AUDIT_LOCK), 'utf8')).toBe('someone else\n');
    expect(existsSync(logPath())).toBe(false);
  });

  it('takes over a lock left by a crashed writer (older than 30 s)', () => {
    mkdirSync(join(root, '.blastwall'));
    writeFileSync(join(root, AUDIT_LOCK), 'crashed\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, AUDIT_LOCK), old, old);
    expect(appendAudit(root, [input('decision', 1)], { waitMs: 60 }).map((e) => e.seq)).toEqual([1]);
    expect(existsSync(join(root, AUDIT_LOCK))).toBe(false);
  });

  it('writes nothing and releases the lock when an input is invalid', () => {
    appendAudit(root, [input('decision', 1)]);
    const before = readFileSync(logPath(), 'utf8');
    expect(() => appendAudit(root, [input('decision', 2), { ...input('signoff', 3), head: 'HEAD' }])).toThrow('not an audit entry: head: expected a full commit id');
    expect(readFileSync(logPath(), 'utf8')).toBe(before);
    expect(existsSync(join(root, AUDIT_LOCK))).toBe(false);
  });

  it('starts a new line when a hand-edited log lost its final newline', () => {
    const [first] = appendAudit(root, [input('decision', 1)]);
    writeFileSync(logPath(), JSON.stringify(first));
    appendAudit(root, [input('decision', 2)]);
    expect(verifyChain(readAuditLog(root).raw)).toMatchObject({ ok: true, entries: 2 });
  });

  it('refuses to chain to a last line that is not an entry', () => {
    appendAudit(root, [input('decision', 1)]);
    writeFileSync(logPath(), '{"half": \n', { flag: 'a' });
    const message = 'the last line of .blastwall/audit.jsonl is not an audit entry, so nothing can be chained to it';
    expect(() => appendAudit(root, [input('decision', 2)])).toThrow(message);
    expect(() => auditHead(root)).toThrow(message);
  });

  it('finds the last line of a log larger than one read chunk', () => {
    const entries = appendAudit(root, [input('decision', 1, HEAD, { text: 'x'.repeat(100_000) }), input('decision', 2, HEAD, { text: 'y'.repeat(70_000) })]);
    expect(auditHead(root)).toBe(entries[1]!.hash);
    expect(appendAudit(root, [input('decision', 3)])[0]!.prev).toBe(entries[1]!.hash);
  });

  it('lets verify name tampering done on disk, by line', () => {
    appendAudit(root, [1, 2, 3, 4, 5].map((n) => input('decision', n)));
    const lines = logLines();
    lines[1] = lines[1]!.replace('"actor":"ada"', '"actor":"eve"');
    lines[3] = 'not json';
    lines.splice(4, 1);
    writeFileSync(logPath(), lines.join('\n'));
    const log = readAuditLog(root);
    expect(log.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyChain(log.raw).problems).toEqual([
      { line: 2, seq: 2, problem: 'edited', message: 'line 2 (seq 2): entry was edited: its hash does not match its content' },
      { line: 4, problem: 'malformed', message: 'line 4: malformed entry: not valid JSON' },
    ]);
  });

  it('names a blank line in the middle of the log as malformed', () => {
    appendAudit(root, [input('decision', 1), input('decision', 2)]);
    const lines = logLines();
    writeFileSync(logPath(), [lines[0], '', lines[1], ''].join('\n'));
    expect(verifyChain(readAuditLog(root).raw).problems).toEqual([{ line: 2, problem: 'malformed', message: 'line 2: malformed entry: not valid JSON' }]);
  });

  it('gives the sign-offs and overrides recorded for one head commit', () => {
    const signOff = { by: 'grace', commit: HEAD, source: 'cli', at: '2025-02-02T08:00:00.000Z' };
    const override = { by: 'ada', commit: HEAD, source: 'cli', at: '2025-02-03T08:00:00.000Z', reason: 'outage fix' };
    appendAudit(root, [
      input('decision', 1),
      input('signoff', 2, HEAD, signOff),
      input('signoff', 3, OTHER, { ...signOff, commit: OTHER }),
      input('override', 4, HEAD, override),
    ]);
    const { entries } = readAuditLog(root);
    expect(signOffsFor(entries, HEAD)).toEqual([signOff]);
    expect(overridesFor(entries, HEAD)).toEqual([override]);
    expect(overridesFor(entries, OTHER)).toEqual([]);
  });
});
