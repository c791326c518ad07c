import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/ledger/audit/file-log.js';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

/** The gate's audit log lives in the ledger now; a tampered row is found and named like a tampered line was. */
describe('the audit log in the ledger', () => {
  let repo: TestRepo;
  let head: string;
  const run = (...args: string[]) => cli(args, { cwd: repo.dir });
  const sqlite = () => new Database(join(repo.dir, '.blastwall', 'blastwall.db'));

  beforeEach(() => {
    repo = createRepo();
    head = repo.commit({ message: 'init', files: { 'a.ts': 'export const a = 1;\n' } });
  });
  afterEach(() => repo.remove());

  it('approve, override and check write to it; verify says intact; edits and removals of rows are named', () => {
    expect(run('approve', '--by', 'erin').code).toBe(0);
    expect(run('approve', '--by', 'finn').code).toBe(0);
    expect(run('override', '--by', 'erin', '--reason', 'incident 42').code).toBe(0);
    expect(run('check', '--base', 'HEAD', '--no-history').code).toBe(0);
    expect(run('audit', 'verify')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit log in the ledger: 4 entries, chain intact \(head [0-9a-f]{12}\)\n$/) });
    const shown = JSON.parse(run('audit', 'show', '--format', 'json').stdout);
    expect(shown.map((entry: { seq: number; kind: string; actor: string; head: string }) => [entry.seq, entry.kind, entry.actor, entry.head])).toEqual([
      [1, 'signoff', 'erin', head],
      [2, 'signoff', 'finn', head],
      [3, 'override', 'erin', head],
      [4, 'decision', 'ada@example.com', head],
    ]);
    expect(existsSync(join(repo.dir, '.blastwall', 'audit.jsonl'))).toBe(false);

    const db = sqlite();
    db.prepare("update audit_log set actor = 'mallory' where seq = 2").run();
    db.close();
    expect(run('audit', 'verify')).toEqual({
      code: 1,
      stdout: 'line 2 (seq 2): entry was edited: its hash does not match its content\naudit log in the ledger: 4 entries, chain broken: 1 edited\n',
      stderr: '',
    });

    const again = sqlite();
    again.prepare("update audit_log set actor = 'finn' where seq = 2").run();
    again.prepare('delete from audit_log where seq = 3').run();
    again.close();
    expect(run('audit', 'verify')).toMatchObject({ code: 1, stdout: expect.stringContaining('(seq 4): entry seq 3 is missing (removed)') });
  });

  it('a legacy .blastwall/audit.jsonl is verified and moved into the ledger on the next write', () => {
    appendAudit(repo.dir, [
      { kind: 'signoff', at: '2026-11-01T00:00:00Z', actor: 'erin', head, change: 'pr:1', data: { by: 'erin', commit: head, source: 'cli', at: '2026-11-01T00:00:00Z' } },
      { kind: 'decision', at: '2026-11-01T00:01:00Z', actor: 'ci', head, change: 'pr:1', data: { verdict: 'pass' } },
    ]);
    expect(run('audit', 'verify').stdout).toMatch(/^audit log \.blastwall\/audit\.jsonl: 2 entries, chain intact/);
    expect(run('approve', '--by', 'finn').code).toBe(0);
    expect(existsSync(join(repo.dir, '.blastwall', 'audit.jsonl'))).toBe(false);
    expect(existsSync(join(repo.dir, '.blastwall', 'audit.jsonl.moved-to-ledger'))).toBe(true);
    expect(run('audit', 'verify').stdout).toMatch(/^audit log in the ledger: 3 entries, chain intact/);
    expect(JSON.parse(run('audit', 'show', '--format', 'json').stdout).map((entry: { actor: string }) => entry.actor)).toEqual(['erin', 'ci', 'finn']);
  });

  it('a legacy file that git tracks came with a commit: it is neither moved nor read, and the command stops with exit 2', () => {
    // A chain anyone can compute, with a sign-off for another change, committed beside the code.
    appendAudit(repo.dir, [{ kind: 'signoff', at: '2026-11-01T00:00:00Z', actor: 'erin', head: 'f'.repeat(40), change: 'pr:2', data: { by: 'erin', commit: 'f'.repeat(40), source: 'cli', at: '2026-11-01T00:00:00Z' } }]);
    repo.git(['add', '-f', '.blastwall/audit.jsonl']);
    repo.commit({ message: 'a log brought by a commit\n' });
    const refused = {
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: .blastwall/audit.jsonl is tracked by git: a log that a commit can bring is neither read nor moved into the ledger\nhint: remove it from git: git rm --cached .blastwall/audit.jsonl\n',
    };
    expect(run('approve', '--by', 'finn')).toEqual(refused);
    expect(run('check', '--base', 'HEAD~1', '--no-history')).toEqual(refused);
    expect(existsSync(join(repo.dir, '.blastwall', 'audit.jsonl'))).toBe(true);
    expect(existsSync(join(repo.dir, '.blastwall', 'blastwall.db'))).toBe(false);
  });

  it('a tampered legacy file is not moved: the write stops with exit 2', () => {
    appendAudit(repo.dir, [
      { kind: 'decision', at: '2026-11-01T00:00:00Z', actor: 'ci', head, change: 'pr:1', data: { verdict: 'block' } },
      { kind: 'decision', at: '2026-11-01T00:01:00Z', actor: 'ci', head, change: 'pr:1', data: { verdict: 'pass' } },
    ]);
    const path = join(repo.dir, '.blastwall', 'audit.jsonl');
    repo.write('.blastwall/audit.jsonl', readFileSync(path, 'utf8').replace('"block"', '"pass"'));
    expect(run('approve', '--by', 'finn')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'blastwall: error: .blastwall/audit.jsonl does not verify (line 1 (seq 1): entry was edited: its hash does not match its content), so it is not moved into the ledger\nhint: run `blastwall audit verify` and settle the log before the gate writes again\n',
    });
  });
});
