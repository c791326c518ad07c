import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/ledger/open.js';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

const POLICY = `people:
  dana: { emails: [dana@example.com], level: mid }
  erin: { emails: [erin@example.com], level: senior }
  gus: { emails: [gus@example.com], level: junior }
teams:
  payments: { members: [erin, gus] }
zones:
  payments: { paths: [src/payments/**], criticality: critical }
  checkout: { paths: [src/checkout/**], criticality: high }
breakGlass: { labels: [break-glass] }
rules:
  - name: docs-only
    why: Documentation cannot break production.
    when: { paths: ["docs/**"], size: { files: 1 } }
    warn: true
  - name: no-ai-in-payments
    why: AI-assisted changes may not touch payments code.
    when: { ai: true, zones: [payments] }
    block: true
  - name: ai-reaches-checkout
    why: AI-assisted changes that reach checkout need a senior from payments.
    when: { ai: true, reaches: [checkout] }
    require: { from: ["@payments"], seniority: senior }
  - name: friday-freeze
    why: No changes to critical zones on Friday afternoons (Berlin).
    when: { reaches: [payments], time: { timezone: Europe/Berlin, weekly: [{ days: [fri], from: "15:00" }] } }
    block: true
`;

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';
const DANA = 'Dana <dana@example.com>';

describe('blastwall check (CLI, end to end)', () => {
  let repo: TestRepo;
  let base: string;
  const check = (...args: string[]) => cli(['check', '--no-history', ...args], { cwd: repo.dir });

  beforeAll(() => {
    repo = createRepo();
    base = repo.commit({
      message: 'init',
      author: DANA,
      files: {
        'blastwall.yml': POLICY,
        'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n);\n",
        'src/lib/money.ts': 'export const round = (n: number) => Math.round(n);\n',
        'src/checkout/cart.ts': "import { round } from '../lib/money';\nexport const total = (n: number) => round(n);\n",
        'docs/guide.md': '# Guide\n',
      },
    });
  });
  afterAll(() => repo.remove());

  const branch = (name: string, spec: Parameters<TestRepo['commit']>[0]): string => {
    repo.git(['checkout', '-q', '-B', name, base]);
    return repo.commit(spec);
  };

  it('an AI change reaching checkout through an import needs a senior from payments; exit 1 names who can sign', () => {
    const head = branch('ai-money', { message: `Round to cents\n\n${CLAUDE}\n`, author: DANA, files: { 'src/lib/money.ts': 'export const round = (n: number) => Math.round(n * 100) / 100;\n' } });
    const { code, stdout, stderr } = check('--no-audit');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // Without a ledger there is no sign-off to read, and --no-audit writes none: no database is made.
    expect(existsSync(join(repo.dir, '.blastwall', 'blastwall.db'))).toBe(false);
    expect(stdout.split('\n').slice(0, 9)).toEqual([
      `blastwall check ${base.slice(0, 12)}..${head.slice(0, 12)}: NEEDS SIGN-OFF`,
      'needs-signoff: ai-reaches-checkout needs 1 more of 1 sign-off from payments (senior or above)',
      '',
      'AI:       Claude Code (high): 1 of 1 commit, 100% of added lines',
      'Radius:   touches 1 file; reaches 2 files, 0 packages, 0 services; critical zones payments',
      'Zones:    payments (critical, reached in 1 hop), checkout (high, reached in 1 hop)',
      '',
      'Sign-offs needed',
      '  ai-reaches-checkout: 1 more of 1 sign-off from payments (senior or above); can sign off: erin',
    ]);
  });

  it('a junior or the author does not count; a senior sign-off on the head passes (exit 0), and it is stale after a new push', async () => {
    const head = branch('ai-money-2', { message: `Round to cents\n\n${CLAUDE}\n`, author: DANA, files: { 'src/lib/money.ts': 'export const round = (n: number) => Math.round(n * 10) / 10;\n' } });
    expect(cli(['approve', '--by', 'gus'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^recorded sign-off by gus on [0-9a-f]{12} \(audit entry \d+\)\n$/) });
    expect(cli(['approve', '--by', 'dana@example.com'], { cwd: repo.dir }).code).toBe(0);
    const pending = JSON.parse(check('--format', 'json').stdout);
    expect(pending.verdict).toBe('needs-signoff');
    expect(pending.decision.ignoredSignOffs.map((item: { signOff: { by: string }; reason: string }) => [item.signOff.by, item.reason])).toEqual([
      ['dana@example.com', 'dana is an author of the change'],
      ['gus', 'gus is not eligible for ai-reaches-checkout'],
    ]);
    cli(['approve', '--by', 'erin'], { cwd: repo.dir });
    const passed = check('--format', 'json');
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout).decision).toMatchObject({ verdict: 'pass', summary: 'pass: every required sign-off is given' });
    expect(JSON.parse(passed.stdout).facts.head).toBe(head);
    // The ledger keeps the change with its latest decision and the sign-off that counted.
    const store = await openStore({ root: repo.dir });
    const change = await store.change(basename(repo.dir), `${base.slice(0, 12)}..${head.slice(0, 12)}`);
    await store.close();
    expect(change).toMatchObject({ base, head, decision: { verdict: 'pass', summary: 'pass: every required sign-off is given' } });
    expect(change!.signOffs.map((s) => [s.by, s.commit, s.source])).toEqual([['erin', head, 'cli']]);

    repo.commit({ message: `More rounding\n\n${CLAUDE}\n`, author: DANA, files: { 'src/lib/money.ts': 'export const round = (n: number) => Math.round(n * 1000) / 1000;\n' } });
    const again = check('--format', 'json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).verdict).toBe('needs-signoff');
  });

  it('blocks an AI change to payments, then break-glass passes it and is recorded', () => {
    const head = branch('ai-pay', { message: `Charge fees\n\n${CLAUDE}\n`, author: DANA, files: { 'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n * 1.01);\n" } });
    const blocked = check('--format', 'markdown');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout.split('\n').slice(0, 3)).toEqual(['### ⛔ blastwall: block', '', '**block: no-ai-in-payments: AI-assisted changes may not touch payments code.**']);
    expect(cli(['override', '--reason', ' '], { cwd: repo.dir })).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: --reason must say why the gate is overridden\nhint: for example: --reason "hotfix for incident 42"\n' });
    expect(cli(['override', '--by', 'erin', '--reason', 'hotfix for incident 42'], { cwd: repo.dir })).toMatchObject({ code: 0, stdout: expect.stringContaining(`recorded override by erin on ${head.slice(0, 12)}: "hotfix for incident 42"`) });
    const passed = check('--format', 'json');
    expect(passed.code).toBe(0);
    const decision = JSON.parse(passed.stdout).decision;
    expect(decision).toMatchObject({ verdict: 'pass', verdictBeforeOverride: 'block', summary: 'pass: break-glass by erin ("hotfix for incident 42"); without it: block' });
    expect(decision.override).toMatchObject({ by: 'erin', reason: 'hotfix for incident 42', commit: head, source: 'cli' });
  });

  it('a break-glass label passes too', () => {
    branch('ai-pay-label', { message: `Charge fees\n\n${CLAUDE}\n`, author: DANA, files: { 'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n * 1.02);\n" } });
    expect(check('--no-audit').code).toBe(1);
    const labelled = check('--no-audit', '--label', 'break-glass', '--author', 'dana', '--format', 'json');
    expect(labelled.code).toBe(0);
    expect(JSON.parse(labelled.stdout).decision.override).toMatchObject({ by: 'dana', reason: 'break-glass label "break-glass"', source: 'label' });
  });

  it('GitHub Checks output: annotations on the changed lines in zones, failure for a block', () => {
    branch('ai-pay-annotate', { message: `Charge fees\n\n${CLAUDE}\n`, author: DANA, files: { 'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n * 1.03);\nexport const refund = (n: number) => -n;\n" } });
    const output = JSON.parse(check('--no-audit', '--format', 'github').stdout);
    expect(output.conclusion).toBe('failure');
    expect(output.title).toBe('block: no-ai-in-payments: AI-assisted changes may not touch payments code.');
    expect(output.annotations).toEqual([
      { path: 'src/payments/charge.ts', start_line: 2, end_line: 3, annotation_level: 'failure', title: 'blastwall: payments (critical)', message: 'block: no-ai-in-payments: AI-assisted changes may not touch payments code.' },
    ]);
    expect(output.summary).toContain('| Zones | payments (critical, touched) |');
  });

  it('a human change passes; the freeze window blocks it on a Friday afternoon in Berlin', () => {
    branch('human-pay', { message: 'Fix fee', author: DANA, files: { 'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n * 1.04);\n" } });
    const monday = check('--no-audit', '--at', '2026-11-30T15:00:00Z');
    expect([monday.code, monday.stdout.split('\n')[1]]).toEqual([0, 'pass: no rule asks for more']);
    const friday = check('--no-audit', '--at', '2026-12-04T14:30:00Z');
    expect([friday.code, friday.stdout.split('\n')[1]]).toEqual([1, 'block: friday-freeze: No changes to critical zones on Friday afternoons (Berlin).']);
    expect(friday.stdout).toContain('    time: inside fri 15:00-24:00 Europe/Berlin (now fri 15:30)');
    expect(check('--no-audit', '--at', 'friday')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: --at takes an ISO 8601 time such as 2026-12-24T16:00:00Z, not "friday"\n' });
  });

  it('a change that loosens blastwall.yml is still judged by the policy of its base', () => {
    branch('loosen', {
      message: `Relax policy and touch payments\n\n${CLAUDE}\n`,
      author: DANA,
      files: {
        'blastwall.yml': POLICY.replace(/rules:[\s\S]*$/, 'rules: []\n'),
        'src/payments/charge.ts': "import { round } from '../lib/money';\nexport const charge = (n: number) => round(n * 1.05);\n",
      },
    });
    const { code, stdout, stderr } = check('--no-audit');
    expect(code).toBe(1);
    expect(stdout.split('\n')[1]).toBe('block: no-ai-in-payments: AI-assisted changes may not touch payments code.');
    expect(stderr).toBe(`blastwall: warning: blastwall.yml differs from the base's: the change is judged by the policy at ${base.slice(0, 12)} (pass --config blastwall.yml to try yours)\n`);
  });

  it('every decision, sign-off and override is in the audit log, and the chain verifies', () => {
    const log = JSON.parse(cli(['audit', 'show', '--format', 'json'], { cwd: repo.dir }).stdout);
    expect(log.map((entry: { kind: string }) => entry.kind)).toEqual(['signoff', 'signoff', 'decision', 'signoff', 'decision', 'decision', 'decision', 'override', 'decision']);
    expect(log[2].data).toMatchObject({ verdict: 'needs-signoff', rules: ['require:ai-reaches-checkout'], open: [{ rule: 'ai-reaches-checkout', missing: 1 }], ai: 1, commits: 1 });
    expect(cli(['audit', 'verify'], { cwd: repo.dir })).toMatchObject({ code: 0 });
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('a policy error is a configuration error: exit 2, file, line and field', () => {
    // The checks above left a graph cache: the work tree's graph starts before the policy is parsed.
    expect(existsSync(join(repo.dir, '.blastwall', 'cache', 'resolution-v6.bin'))).toBe(true);
    repo.git(['checkout', '-q', '-B', 'broken', base]);
    repo.write('bad.yml', 'rules:\n  - why: x\n    require: { count: 0 }\n');
    expect(check('--config', 'bad.yml')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: bad.yml:3:23: rules[0].require.count: expected a positive integer\nhint: see schema/blastwall.schema.json for the fields\n' });
    expect(check('--base', 'nope')).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: unknown revision: nope\nhint: check the name with `git log --oneline`\n' });
  });
});
