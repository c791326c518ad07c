import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { EXIT, run } from '../src/cli/run.js';
import type { AuditEntry, AuditInput } from '../src/ledger/audit/chain.js';
import { AUDIT_FILE, appendAudit } from '../src/ledger/audit/file-log.js';
import { createRepo, isolateGitConfig, type TestRepo } from './helpers/repo.js';

isolateGitConfig();

const HEAD = 'd'.repeat(40);
const OTHER = 'e'.repeat(40);

const input = (n: number, kind: AuditInput['kind'] = 'decision', head = HEAD): AuditInput => ({
  kind,
  at: `2025-03-0${n}T12:00:00.000Z`,
  actor: 'ci',
  head,
  change: 'main..feature',
  data: { n },
});

describe('blastwall audit (in-process)', () => {
  let repo: TestRepo;
  let entries: AuditEntry[];
  beforeAll(() => {
    repo = createRepo();
    repo.commit({ message: 'initial\n', files: { 'a.txt': 'a\n' } });
  });
  afterAll(() => repo.remove());
  beforeEach(() => {
    rmSync(join(repo.dir, '.blastwall'), { recursive: true, force: true });
  });

  const logPath = (): string => join(repo.dir, AUDIT_FILE);
  const writeLog = (count = 4): void => {
    entries = appendAudit(repo.dir, [input(1), input(2, 'signoff'), input(3, 'override', OTHER), input(4)].slice(0, count));
  };
  /** Rewrites the log's lines, as someone with write access to .blastwall/ could. */
  const tamper = (change: (lines: string[]) => string[]): void => {
    const lines = readFileSync(logPath(), 'utf8').trimEnd().split('\n');
    writeFileSync(logPath(), `${change(lines).join('\n')}\n`);
  };

  async function blastwall(args: readonly string[], cwd = repo.dir): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTTY: false, cwd };
    const code = await run(args, io);
    return { code, stdout, stderr };
  }

  it('verify: a missing log has no entries and passes', async () => {
    expect(await blastwall(['audit', 'verify'])).toEqual({ code: EXIT.ok, stdout: 'audit log in the ledger: no entries\n', stderr: '' });
  });

  it('verify: an intact log names its head and exits 0', async () => {
    writeLog();
    expect(await blastwall(['audit', 'verify'])).toEqual({
      code: EXIT.ok,
      stdout: `audit log .blastwall/audit.jsonl: 4 entries, chain intact (head ${entries[3]!.hash.slice(0, 12)})\n`,
      stderr: '',
    });
  });

  it('verify: an edited entry is named and exits 1', async () => {
    writeLog();
    tamper((lines) => lines.map((line, i) => (i === 1 ? line.replace('"actor":"ci"', '"actor":"mallory"') : line)));
    expect(await blastwall(['audit', 'verify'])).toEqual({
      code: EXIT.findings,
      stdout: ['line 2 (seq 2): entry was edited: its hash does not match its content', 'audit log .blastwall/audit.jsonl: 4 entries, chain broken: 1 edited', ''].join('\n'),
      stderr: '',
    });
  });

  it('verify: a removed entry is named and exits 1', async () => {
    writeLog();
    tamper((lines) => lines.filter((_, i) => i !== 2));
    expect(await blastwall(['audit', 'verify'])).toEqual({
      code: EXIT.findings,
      stdout: ['line 3 (seq 4): entry seq 3 is missing (removed)', 'audit log .blastwall/audit.jsonl: 3 entries, chain broken: 1 removed', ''].join('\n'),
      stderr: '',
    });
  });

  it('verify: reordered entries are named, with problems of several kinds counted', async () => {
    writeLog();
    tamper((lines) => [lines[0]!, lines[2]!, lines[1]!, '{"seq": 4', lines[3]!]);
    expect(await blastwall(['audit', 'verify'])).toEqual({
      code: EXIT.findings,
      stdout: [
        'line 2 (seq 3): entries were reordered: seq 3 comes before seq 2 (line 3)',
        'line 4: malformed entry: not valid JSON',
        'audit log .blastwall/audit.jsonl: 5 entries, chain broken: 1 reordered, 1 malformed',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('verify --format json gives the verification object', async () => {
    writeLog();
    const intact = await blastwall(['audit', 'verify', '--format', 'json']);
    expect(intact.code).toBe(EXIT.ok);
    expect(JSON.parse(intact.stdout)).toEqual({ ok: true, entries: 4, head: entries[3]!.hash, problems: [], where: '.blastwall/audit.jsonl' });
    tamper((lines) => lines.filter((_, i) => i !== 0));
    const broken = await blastwall(['audit', 'verify', '--format', 'json']);
    expect(broken.code).toBe(EXIT.findings);
    expect(JSON.parse(broken.stdout)).toEqual({
      ok: false,
      entries: 3,
      head: entries[3]!.hash,
      problems: [{ line: 1, seq: 2, problem: 'removed', message: 'line 1 (seq 2): entry seq 1 is missing (removed)' }],
      where: '.blastwall/audit.jsonl',
    });
  });

  it('verify --pin catches a cut tail that the chain alone cannot', async () => {
    writeLog();
    const pin = entries[3]!.hash;
    tamper((lines) => lines.slice(0, 3));
    expect((await blastwall(['audit', 'verify'])).code).toBe(EXIT.ok);
    expect(await blastwall(['audit', 'verify', '--pin', pin])).toEqual({
      code: EXIT.findings,
      stdout: [`line 4: the pinned entry ${pin} is not in the log: entries were removed from its end or rewritten`, 'audit log .blastwall/audit.jsonl: 3 entries, chain broken: 1 removed', ''].join('\n'),
      stderr: '',
    });
    expect((await blastwall(['audit', 'verify', '--pin', entries[1]!.hash.slice(0, 12)])).code).toBe(EXIT.ok);
  });

  it('verify: a bad --pin or a folder that is not a repository is an input error', async () => {
    expect(await blastwall(['audit', 'verify', '--pin', 'HEAD'])).toEqual({
      code: EXIT.input,
      stdout: '',
      stderr: 'blastwall: error: --pin takes an entry hash of 12 to 64 hex digits, not "HEAD"\nhint: pin the "head" of `blastwall audit verify --format json`\n',
    });
    const outside = mkdtempSync(join(tmpdir(), 'blastwall-not-a-repo-'));
    try {
      expect(await blastwall(['audit', 'verify', '--repo', outside])).toEqual({
        code: EXIT.input,
        stdout: '',
        stderr: `blastwall: error: not a git repository: ${outside}\nhint: run blastwall inside a git work tree, or pass --repo <path>\n`,
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('verify --repo reads the log of another folder', async () => {
    writeLog(2);
    const elsewhere = await blastwall(['audit', 'verify', '--repo', repo.dir], tmpdir());
    expect(elsewhere).toEqual({ code: EXIT.ok, stdout: `audit log .blastwall/audit.jsonl: 2 entries, chain intact (head ${entries[1]!.hash.slice(0, 12)})\n`, stderr: '' });
  });

  it('show lists the entries, or those of one head commit', async () => {
    writeLog();
    expect(await blastwall(['audit', 'show'])).toEqual({
      code: EXIT.ok,
      stdout: [
        'seq  at                        kind      actor  head          change         data',
        '1    2025-03-01T12:00:00.000Z  decision  ci     dddddddddddd  main..feature  {"n":1}',
        '2    2025-03-02T12:00:00.000Z  signoff   ci     dddddddddddd  main..feature  {"n":2}',
        '3    2025-03-03T12:00:00.000Z  override  ci     eeeeeeeeeeee  main..feature  {"n":3}',
        '4    2025-03-04T12:00:00.000Z  decision  ci     dddddddddddd  main..feature  {"n":4}',
        '',
      ].join('\n'),
      stderr: '',
    });
    const other = await blastwall(['audit', 'show', '--head', 'eeee', '--format', 'json']);
    expect(other.code).toBe(EXIT.ok);
    expect(JSON.parse(other.stdout)).toEqual([entries[2]]);
    expect(await blastwall(['audit', 'show', '--head', 'HEAD'])).toEqual({ code: EXIT.ok, stdout: 'audit log: no entries for head HEAD\n', stderr: '' });
  });

  it('show warns when the log does not verify', async () => {
    writeLog(2);
    tamper((lines) => [lines[1]!]);
    expect(await blastwall(['audit', 'show', '--format', 'json'])).toEqual({
      code: EXIT.ok,
      stdout: `${JSON.stringify([entries[1]], null, 2)}\n`,
      stderr: 'blastwall: warning: the audit log does not verify (1 problem): run `blastwall audit verify`\n',
    });
  });
});
