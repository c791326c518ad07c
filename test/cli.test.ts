import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { createRepo, lines, type TestRepo } from './helpers/repo.js';

describe('blastwall CLI', () => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = createRepo();
    sha.human = repo.commit({ message: 'initial\n', files: { 'src/a.ts': lines(10) }, date: '2025-01-10T10:00:00Z' });
    sha.claude = repo.commit({
      message: 'feat: b\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
      files: { 'src/b.ts': lines(4) },
      date: '2025-02-10T10:00:00Z',
    });
    sha.devin = repo.commit({ message: 'fix: a\n', author: 'Devin <devin@example.org>', files: { 'src/a.ts': lines(9) }, date: '2025-02-11T10:00:00Z' });
  });
  afterAll(() => repo.remove());

  it('scan --format jsonl emits one exact record per commit, newest first', () => {
    const { code, stdout, stderr } = cli(['scan', '--format', 'jsonl'], { cwd: repo.dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const records = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records).toEqual([
      {
        sha: sha.devin,
        author: 'Devin <devin@example.org>',
        date: '2025-02-11T10:00:00+00:00',
        ai: false,
        tools: [],
        confidence: null,
        evidence: [{ tool: 'devin', kind: 'author', text: 'Devin <devin@example.org>', confidence: 'low' }],
        added: 0,
        deleted: 1,
      },
      {
        sha: sha.claude,
        author: 'Ada Lovelace <ada@example.com>',
        date: '2025-02-10T10:00:00+00:00',
        ai: true,
        tools: ['claude-code'],
        confidence: 'high',
        evidence: [
          { tool: 'claude-code', kind: 'co-author', text: 'Co-authored-by: Claude <noreply@anthropic.com>', confidence: 'high' },
          { tool: 'claude-code', kind: 'footer', text: '🤖 Generated with [Claude Code](https://claude.com/claude-code)', confidence: 'high' },
          { tool: 'claude-code', kind: 'co-author', text: 'Co-authored-by: Claude <noreply@anthropic.com>', confidence: 'low' },
        ].filter((e) => e.confidence === 'high'),
        added: 4,
        deleted: 0,
      },
      { sha: sha.human, author: 'Ada Lovelace <ada@example.com>', date: '2025-01-10T10:00:00+00:00', ai: false, tools: [], confidence: null, evidence: [], added: 10, deleted: 0 },
    ]);
  });

  it('scan --format json gives the summary', () => {
    const { code, stdout } = cli(['scan', '--format', 'json', '--repo', repo.dir]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.total).toEqual({ commits: 3, aiCommits: 1, added: 14, aiAdded: 4, deleted: 1 });
    expect(summary.byTool).toEqual([{ tool: 'claude-code', name: 'Claude Code', commits: 1, added: 4, deleted: 0 }]);
    expect(summary.human).toEqual({ commits: 2, added: 10, deleted: 1 });
    expect(summary.byMonth.map((m: { month: string }) => m.month)).toEqual(['2025-01', '2025-02']);
    expect(summary.warnings).toEqual([]);
    expect(Object.keys(summary).sort()).toEqual(['aiShare', 'byFolder', 'byMonth', 'byTool', 'firstDate', 'human', 'lastDate', 'merges', 'range', 'total', 'warnings']);
  });

  it('scan counts low-confidence hints with --min-confidence low', () => {
    const { stdout } = cli(['scan', '--format', 'json', '--min-confidence', 'low'], { cwd: repo.dir });
    expect(JSON.parse(stdout).total.aiCommits).toBe(2);
  });

  it('scan text and markdown name the AI share', () => {
    const text = cli(['scan'], { cwd: repo.dir });
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'HEAD: 3 commits (+0 merges, 2025-01-10 to 2025-02-11)',
      'AI-assisted: 1 commits (33.3%), 4 of 14 added lines (28.6%)',
    ]);
    const markdown = cli(['scan', '--format', 'markdown'], { cwd: repo.dir });
    expect(markdown.stdout).toContain('| claude-code | 1 | 4 | 0 |');
  });

  it('blame --format json has the documented shape and exact counts', () => {
    const { code, stdout } = cli(['blame', '--format', 'json', '--range', `${sha.human}..HEAD`], { cwd: repo.dir });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      range: `${sha.human}..HEAD`,
      totalLines: 4,
      aiLines: 4,
      aiShare: 1,
      byTool: { 'claude-code': 4 },
      files: { 'src/b.ts': { total: 4, ai: 4, byTool: { 'claude-code': 4 }, byAuthor: { 'Ada Lovelace <ada@example.com>': 4 } } },
      byCommit: { [sha.claude!]: 4 },
    });
  });

  it('blame --format jsonl gives one line per file', () => {
    const { stdout } = cli(['blame', '--format', 'jsonl', '--range', `${sha.human}..HEAD`], { cwd: repo.dir });
    expect(stdout).toBe('{"path":"src/b.ts","total":4,"ai":4,"byTool":{"claude-code":4},"byAuthor":{"Ada Lovelace <ada@example.com>":4}}\n');
  });

  it('hook install and uninstall report what they did', () => {
    const hooked = createRepo();
    try {
      const path = join(hooked.dir, '.git', 'hooks', 'prepare-commit-msg');
      expect(cli(['hook', 'install'], { cwd: hooked.dir })).toEqual({ code: 0, stdout: `installed: ${path}\n`, stderr: '' });
      hooked.commit({ message: 'agent work\n', files: { 'x.txt': 'x\n' } });
      expect(hooked.git(['log', '-1', '--format=%B'])).toBe('agent work\n\n');
      hooked.git(['commit', '-q', '--allow-empty', '-m', 'by an agent'], { env: { GEMINI_CLI: '1' } });
      expect(hooked.git(['log', '-1', '--format=%B'])).toBe('by an agent\n\nAssisted-by: gemini\n\n');
      expect(cli(['hook', 'uninstall'], { cwd: hooked.dir })).toEqual({ code: 0, stdout: `uninstalled: ${path}\n`, stderr: '' });
      expect(cli(['hook', 'uninstall'], { cwd: hooked.dir })).toEqual({ code: 0, stdout: `not-installed: ${path}\n`, stderr: '' });
    } finally {
      hooked.remove();
    }
  });

  it('blame rejects a bad -M score and a symmetric range', () => {
    expect(cli(['blame', '-Mx'], { cwd: repo.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: -M takes an optional number (a similarity score), not "x"\nhint: e.g. -M40\n',
    });
    expect(cli(['blame', '--range', 'HEAD~1...HEAD'], { cwd: repo.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: blame needs A..B or one revision, not HEAD~1...HEAD\nhint: use A..B\n',
    });
  });

  it('exits 2 with one clear line and a hint for a folder that is not a repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blastwall-cli-'));
    try {
      expect(cli(['scan'], { cwd: dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: `blastwall: error: not a git repository: ${dir}\nhint: run blastwall inside a git work tree, or pass --repo <path>\n`,
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('exits 2 naming a revision that does not exist', () => {
    expect(cli(['scan', 'v1.0..HEAD'], { cwd: repo.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: unknown revision: v1.0\nhint: check the name with `git log --oneline`\n',
    });
  });

  it('exits 2 for an unknown format or option', () => {
    const format = cli(['scan', '--format', 'xml'], { cwd: repo.dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toBe(
      "blastwall: error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, jsonl, markdown.\n(run with --help for usage)\n",
    );
    expect(cli(['scan', '--frobnicate'], { cwd: repo.dir }).code).toBe(2);
    expect(cli(['frobnicate'], { cwd: repo.dir }).code).toBe(2);
  });

  it('exits 2 for a bad blastwall.yml, naming file, line and field, and writes nothing to stdout', () => {
    const bad = createRepo();
    try {
      bad.commit({ message: 'x\n' });
      writeFileSync(join(bad.dir, 'blastwall.yml'), 'provenance:\n  minConfidence: sure\n');
      expect(cli(['scan', '--format', 'json'], { cwd: bad.dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'blastwall: error: blastwall.yml:2:18: provenance.minConfidence: Invalid option: expected one of "low"|"medium"|"high"\nhint: see schema/blastwall.schema.json for the fields\n',
      });
    } finally {
      bad.remove();
    }
  });

  it('exits 2 when the file given with --config does not exist', () => {
    expect(cli(['scan', '--config', 'nope.yml'], { cwd: repo.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: config file not found: nope.yml\nhint: check the --config path\n',
    });
  });

  it('uses markers from blastwall.yml', () => {
    const custom = createRepo();
    try {
      custom.write('blastwall.yml', 'provenance:\n  markers:\n    - {kind: trailer, tool: acme-bot, key: Acme-Run, confidence: high}\n');
      custom.commit({ message: 'feat: x\n\nAcme-Run: 42\n', files: { 'x.txt': 'x\n' } });
      const { stdout } = cli(['scan', '--format', 'jsonl'], { cwd: custom.dir });
      expect(JSON.parse(stdout).tools).toEqual(['acme-bot']);
    } finally {
      custom.remove();
    }
  });

  it('reads the notes refs given with --notes, and rejects a ref outside refs/notes/', () => {
    const noted = createRepo();
    try {
      const sha = noted.commit({ message: 'feat: x\n', files: { 'x.txt': 'x\n' } });
      noted.git(['notes', '--ref=refs/notes/agents', 'add', '-m', 'Assisted-by: Cursor', sha]);
      expect(JSON.parse(cli(['scan', '--format', 'jsonl'], { cwd: noted.dir }).stdout).tools).toEqual([]);
      expect(JSON.parse(cli(['scan', '--format', 'jsonl', '--notes', 'refs/notes/agents'], { cwd: noted.dir }).stdout).tools).toEqual(['cursor']);
      expect(cli(['scan', '--notes', 'main'], { cwd: noted.dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'blastwall: error: --notes takes a notes ref such as refs/notes/ai, not "main"\n',
      });
    } finally {
      noted.remove();
    }
  });

  it('reports an empty repository without failing', () => {
    const empty = createRepo();
    try {
      expect(cli(['scan'], { cwd: empty.dir })).toEqual({
        code: 0,
        stdout: 'HEAD: no commits\n',
        stderr: 'blastwall: warning: the repository has no commits yet\n',
      });
    } finally {
      empty.remove();
    }
  });

  it('prints help and version with exit 0', () => {
    expect(cli(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('scan [options] [range]');
    // Each command's module loads only when it runs; help and a mistyped name still see them all.
    const listed = [...help.stdout.matchAll(/^ {2}(\w[\w-]*)/gm)].map((match) => match[1]);
    expect(listed).toEqual(['scan', 'blame', 'hook', 'radius', 'init', 'check', 'approve', 'override', 'audit', 'action', 'ingest', 'deploy', 'incident', 'import', 'insights', 'help']);
    expect(cli(['chek'])).toEqual({ code: 2, stdout: '', stderr: "blastwall: error: unknown command 'chek'\n(Did you mean check?)\n(run with --help for usage)\n" });
    expect(cli(['help', 'override']).stdout).toContain('Usage: blastwall override [options]');
  });
});
