import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

describe('blastwall incident suspects and report (CLI, end to end)', () => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};
  const run = (...args: string[]) => cli(args, { cwd: repo.dir });

  beforeAll(() => {
    repo = createRepo();
    sha.base = repo.commit({ message: 'init', date: '2026-11-29T08:00:00Z', files: { 'checkout/cart.ts': 'export const total = 1;\n' } });
    sha.ai = repo.commit({ message: `Cart totals\n\n${CLAUDE}\n`, date: '2026-11-30T09:00:00Z', files: { 'checkout/cart.ts': 'export const total = 2;\nexport const tax = 0.2;\n' } });
    expect(run('ingest', '--name', 'shop').code).toBe(0);
    expect(run('deploy', 'record', '--name', 'shop', '--env', 'prod', '--service', 'checkout', '--sha', sha.base!, '--started', '2026-11-29T09:00:00Z').code).toBe(0);
    expect(run('deploy', 'record', '--name', 'shop', '--env', 'prod', '--service', 'checkout', '--sha', sha.ai!, '--started', '2026-11-30T10:00:00Z').code).toBe(0);
    expect(run('incident', 'open', '--key', 'INC-7', '--title', 'Wrong totals', '--severity', 'SEV2', '--service', 'checkout', '--started', '2026-11-30T12:00:00Z').code).toBe(0);
  });
  afterAll(() => repo.remove());

  it('suspects: the deployment of the AI change two hours before, with its evidence; AI shown, not ranked on', () => {
    const { code, stdout, stderr } = run('incident', 'suspects', 'INC-7', '--name', 'shop', '--format', 'json');
    expect([code, stderr]).toEqual([0, '']);
    const { suspects } = JSON.parse(stdout);
    expect(suspects.map((s: { rank: number; kind: string; sha: string; confidence: string; ai: unknown; evidence: string[] }) => [s.rank, s.kind, s.sha, s.confidence, s.ai, s.evidence])).toEqual([
      [
        1,
        'deployment',
        sha.ai,
        'low',
        { commits: 1, tools: ['claude-code'] },
        ['deployed to prod/checkout 2 h before the incident started (time 0.794)', 'checkout is an affected service (reach 1)', '1 commit, 3 lines changed (size 0.363)'],
      ],
    ]);
    expect(run('incident', 'suspects', 'INC-7', '--name', 'shop').stdout.split('\n')[0]).toBe('suspects for INC-7 (SEV2, checkout, started 2026-11-30T12:00:00.000Z): 1');
  });

  it('a root-cause link ranks first', () => {
    expect(run('incident', 'link', '--name', 'shop', '--key', 'INC-7', '--commit', sha.ai!, '--method', 'root-cause', '--evidence', 'postmortem PM-3').code).toBe(0);
    const { suspects } = JSON.parse(run('incident', 'suspects', 'INC-7', '--name', 'shop', '--format', 'json').stdout);
    expect(suspects.map((s: { rank: number; kind: string; confidence: string; evidence: string[] }) => [s.rank, s.kind, s.confidence, s.evidence[0]])).toEqual([
      [1, 'commit', 'high', 'root-cause (high): postmortem PM-3'],
      [2, 'deployment', 'low', 'deployed to prod/checkout 2 h before the incident started (time 0.794)'],
    ]);
  });

  it('report: Markdown and HTML with the timeline and the suspects', () => {
    const markdown = run('incident', 'report', 'INC-7', '--name', 'shop');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toBe('# Incident INC-7: Wrong totals');
    expect(markdown.stdout).toContain('## Timeline');
    expect(markdown.stdout).toContain(`| 2026-11-30T10:00:00.000Z | deployment 2: prod/checkout at \`${sha.ai!.slice(0, 12)}\` (1 commits, success) |`);
    expect(markdown.stdout).toContain(`- AI provenance: \`${sha.ai!.slice(0, 12)}\` Cart totals: Claude Code (high)`);
    const html = run('incident', 'report', 'INC-7', '--name', 'shop', '--format', 'html');
    expect(html.code).toBe(0);
    expect(html.stdout.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Incident INC-7</title>')).toBe(true);
    expect(html.stdout).toContain('<h1>Incident INC-7: Wrong totals</h1>');
    expect(html.stdout).toContain('<h2>Suspects</h2>');
  });

  it('an unknown incident or format is exit 2', () => {
    expect(run('incident', 'suspects', 'NOPE', '--name', 'shop')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: no incident "NOPE" in the ledger\nhint: record it with `blastwall incident open` or `blastwall import`\n' });
    expect(run('incident', 'report', 'INC-7', '--format', 'pdf')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: --format takes markdown or html, not "pdf"\n' });
  });
});
