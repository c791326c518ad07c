import { describe, expect, it } from 'vitest';
import { createCatalog } from '../provenance/catalog.js';
import { parseConfig } from './config.js';
import type { Override, SignOff } from './decision.js';
import { evaluate } from './evaluate.js';
import type { ChangeFacts, FactCommit } from './facts.js';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const catalog = createCatalog();

const human = (sha: string, email = 'dana@example.com', added = 10): FactCommit => ({
  sha,
  author: { name: 'Dana', email },
  subject: 'change',
  ai: false,
  tools: [],
  added,
  deleted: 0,
});
const claude = (sha: string, added = 30, confidence: 'high' | 'medium' = 'high'): FactCommit => ({
  ...human(sha, 'dana@example.com', added),
  ai: true,
  tools: [{ tool: 'claude-code', name: 'Claude Code', confidence }],
});

const baseFacts: ChangeFacts = {
  change: 'main..feature',
  base: 'c'.repeat(40),
  head: HEAD,
  commits: [human('1'), claude('2')],
  files: [
    { path: 'src/payments/charge.ts', status: 'modified', added: 30, deleted: 2, hunks: [{ start: 3, end: 8 }], zones: ['payments'] },
    { path: 'docs/readme.md', status: 'modified', added: 10, deleted: 0, hunks: [{ start: 1, end: 10 }], zones: [] },
  ],
  radius: {
    files: 40,
    packages: 3,
    services: [
      { name: 'payments-api', criticality: 'critical', distance: 0, why: ['src/payments/charge.ts'] },
      { name: 'checkout-api', criticality: 'high', distance: 2, why: ['src/payments/charge.ts', 'src/checkout/cart.ts', 'service:checkout-api'] },
    ],
    zones: [
      { name: 'payments', criticality: 'critical', distance: 0, why: ['src/payments/charge.ts'] },
      { name: 'checkout', criticality: 'high', distance: 1, why: ['src/payments/charge.ts', 'src/checkout/cart.ts'] },
    ],
    owners: ['@acme/payments'],
    score: 57,
    summary: 'touches 2 files',
  },
  labels: [],
  author: 'dana',
  now: '2026-11-30T10:00:00Z',
};

const PEOPLE = `
people:
  dana: { emails: [dana@example.com], level: mid }
  erin: { level: senior }
  finn: { level: staff }
  gus: { level: junior }
  copilot-helper[bot]: { bot: true, level: principal }
teams:
  payments: { members: [erin, gus, dana, core] }
  core: { members: [finn] }
zones:
  payments: { paths: [src/payments/**], criticality: critical }
  checkout: { paths: [src/checkout/**], criticality: high }
`;

const policyOf = (rules: string, extra = '') => parseConfig(`${PEOPLE}${extra}\nrules:\n${rules}`);
const signOff = (by: string, commit = HEAD, extra: Partial<SignOff> = {}): SignOff => ({ by, commit, source: 'github', at: '2026-11-30T09:00:00Z', ...extra });
const judge = (rules: string, facts: Partial<ChangeFacts> = {}, signOffs: SignOff[] = [], overrides: Override[] = [], extra = '') =>
  evaluate({ facts: { ...baseFacts, ...facts }, policy: policyOf(rules, extra), catalog, signOffs, overrides });

describe('conditions: each one matches and misses', () => {
  const cases: { name: string; when: string; facts?: Partial<ChangeFacts>; matches: boolean; fact?: string }[] = [
    { name: 'ai: true with an AI commit', when: 'ai: true', matches: true, fact: 'Claude Code (high) in 1 of 2 commits, 75% of added lines' },
    { name: 'ai: true without one', when: 'ai: true', facts: { commits: [human('1')] }, matches: false },
    { name: 'ai: false without one', when: 'ai: false', facts: { commits: [human('1')] }, matches: true, fact: 'no AI-assisted commit among 1 commit' },
    { name: 'ai: false with one', when: 'ai: false', matches: false },
    { name: 'ai.tools names the tool', when: 'ai: { tools: [claude-code] }', matches: true },
    { name: 'ai.tools names another tool', when: 'ai: { tools: [copilot] }', matches: false },
    { name: 'ai.confidence high met', when: 'ai: { confidence: high }', matches: true },
    { name: 'ai.confidence high not met by medium', when: 'ai: { confidence: high }', facts: { commits: [claude('2', 30, 'medium')] }, matches: false },
    { name: 'ai.share 0.75 met', when: 'ai: { share: 0.75 }', matches: true },
    { name: 'ai.share 0.8 not met', when: 'ai: { share: 0.8 }', matches: false },
    { name: 'zones: touched directly', when: 'zones: [payments]', matches: true, fact: 'touches payments (src/payments/charge.ts)' },
    { name: 'zones: only reached is not touched', when: 'zones: [checkout]', matches: false },
    { name: 'reaches: through imports', when: 'reaches: [checkout]', matches: true, fact: 'reaches checkout via src/payments/charge.ts -> src/checkout/cart.ts' },
    { name: 'reaches: a zone out of reach', when: 'reaches: [checkout]', facts: { radius: { ...baseFacts.radius, zones: [] } }, matches: false },
    { name: 'radius.services at the threshold', when: 'radius: { services: 2 }', matches: true, fact: 'services 2 >= 2' },
    { name: 'radius.services below it', when: 'radius: { services: 3 }', matches: false },
    { name: 'radius.criticalZones', when: 'radius: { criticalZones: 1 }', matches: true, fact: 'critical zones 1 >= 1' },
    { name: 'radius.criticalServices and files, either', when: 'radius: { criticalServices: 2, files: 40 }', matches: true, fact: 'files 40 >= 40' },
    { name: 'radius.score below', when: 'radius: { score: 58 }', matches: false },
    { name: 'size.lines', when: 'size: { lines: 42 }', matches: true, fact: 'lines 42 >= 42' },
    { name: 'size.files below', when: 'size: { files: 3 }', matches: false },
    { name: 'size.commits', when: 'size: { commits: 2 }', matches: true, fact: 'commits 2 >= 2' },
    { name: 'paths: a glob', when: 'paths: ["docs/**"]', matches: true, fact: 'changes docs/readme.md' },
    { name: 'paths: no file', when: 'paths: ["infra/**"]', matches: false },
    { name: 'authors: the PR author', when: 'authors: [dana]', matches: true, fact: 'written by dana (dana)' },
    { name: 'authors: through a team', when: 'authors: ["@payments"]', matches: true, fact: 'written by dana (@payments)' },
    { name: 'authors: commit email maps to the person', when: 'authors: [dana]', facts: { author: undefined }, matches: true },
    { name: 'authors: someone else', when: 'authors: [erin]', matches: false },
    { name: 'labels: present', when: 'labels: [hotfix]', facts: { labels: ['hotfix', 'x'] }, matches: true, fact: 'labelled hotfix' },
    { name: 'labels: absent', when: 'labels: [hotfix]', matches: false },
    { name: 'every condition must hold', when: 'ai: true\n      paths: ["infra/**"]', matches: false },
  ];
  it.each(cases)('$name', ({ when, facts, matches, fact }) => {
    const decision = judge(`  - name: r\n    why: test\n    when:\n      ${when}\n    warn: true`, facts);
    expect(decision.matched.length).toBe(matches ? 1 : 0);
    if (fact !== undefined) expect(decision.matched[0]!.facts.map((f) => f.fact)).toEqual([fact]);
  });
});

describe('freeze windows across time zones', () => {
  const cases: { name: string; time: string; now: string; inside: boolean }[] = [
    { name: 'Berlin date range, first day in local time', time: '{ timezone: Europe/Berlin, dates: [{ from: "2026-12-20", to: "2027-01-03" }] }', now: '2026-12-19T23:30:00Z', inside: true },
    { name: 'Berlin date range, still the day before in Berlin', time: '{ timezone: Europe/Berlin, dates: [{ from: "2026-12-20", to: "2027-01-03" }] }', now: '2026-12-19T22:59:00Z', inside: false },
    { name: 'last day is included', time: '{ timezone: UTC, dates: [{ from: "2026-12-20", to: "2027-01-03" }] }', now: '2027-01-03T23:59:00Z', inside: true },
    { name: 'the day after is not', time: '{ timezone: UTC, dates: [{ from: "2026-12-20", to: "2027-01-03" }] }', now: '2027-01-04T00:00:00Z', inside: false },
    { name: 'New York Friday afternoon is Friday evening UTC', time: '{ timezone: America/New_York, weekly: [{ days: [fri], from: "15:00", to: "24:00" }] }', now: '2026-12-04T20:30:00Z', inside: true },
    { name: 'Saturday 01:00 UTC is still Friday in New York', time: '{ timezone: America/New_York, weekly: [{ days: [fri], from: "15:00", to: "24:00" }] }', now: '2026-12-05T01:00:00Z', inside: true },
    { name: 'Friday 14:59 in New York is outside', time: '{ timezone: America/New_York, weekly: [{ days: [fri], from: "15:00", to: "24:00" }] }', now: '2026-12-04T19:59:00Z', inside: false },
    { name: 'Tokyo Monday morning is Sunday in UTC', time: '{ timezone: Asia/Tokyo, weekly: [{ days: [mon], from: "00:00", to: "09:00" }] }', now: '2026-11-29T23:00:00Z', inside: true },
    { name: 'the end of a weekly window is excluded', time: '{ timezone: UTC, weekly: [{ days: [mon], from: "08:00", to: "10:00" }] }', now: '2026-11-30T10:00:00Z', inside: false },
    { name: 'a date range with times', time: '{ timezone: Europe/London, dates: [{ from: "2026-11-30 09:00", to: "2026-11-30 12:00" }] }', now: '2026-11-30T10:00:00Z', inside: true },
  ];
  it.each(cases)('$name', ({ time, now, inside }) => {
    const decision = judge(`  - name: freeze\n    why: holiday freeze\n    when:\n      time: ${time}\n    block: true`, { now });
    expect(decision.verdict).toBe(inside ? 'block' : 'pass');
  });

  it('names the window and the local time in the fact', () => {
    const decision = judge(`  - name: freeze\n    why: Friday deploy freeze\n    when:\n      time: { timezone: America/New_York, weekly: [{ days: [fri], from: "15:00" }] }\n    block: true`, { now: '2026-12-05T01:00:00Z' });
    expect(decision.matched[0]!.facts).toEqual([{ condition: 'time', fact: 'inside fri 15:00-24:00 America/New_York (now fri 20:00)' }]);
  });
});

describe('effects and their order', () => {
  it('passes when nothing matches', () => {
    const decision = judge('  - name: r\n    why: x\n    when: { paths: ["infra/**"] }\n    block: true');
    expect(decision).toMatchObject({ verdict: 'pass', summary: 'pass: no rule asks for more', matched: [], requirements: [], warnings: [] });
  });
  it('blocks, naming the rule and why', () => {
    const decision = judge('  - name: no-ai-payments\n    why: AI-assisted changes may not touch payments.\n    when: { ai: true, zones: [payments] }\n    block: true');
    expect(decision.verdict).toBe('block');
    expect(decision.summary).toBe('block: no-ai-payments: AI-assisted changes may not touch payments.');
    expect(decision.matched.map((m) => [m.rule, m.effect, m.facts.map((f) => f.condition)])).toEqual([['no-ai-payments', 'block', ['ai', 'zones']]]);
  });
  it('warns without changing the verdict', () => {
    const decision = judge('  - why: Large change, consider splitting it.\n    when: { size: { lines: 10 } }\n    warn: true');
    expect(decision.verdict).toBe('pass');
    expect(decision.warnings).toEqual(['rules[0]: Large change, consider splitting it.']);
  });
  it('an allow first ends the reading: later rules do not apply', () => {
    const decision = judge('  - name: docs\n    why: docs only\n    when: { labels: [docs] }\n    allow: true\n  - name: b\n    why: blocked\n    block: true', { labels: ['docs'] });
    expect(decision.verdict).toBe('pass');
    expect(decision.summary).toBe('pass: allowed by docs');
    expect(decision.matched.map((m) => m.rule)).toEqual(['docs']);
  });
  it('an allow after a block does not lift it', () => {
    const decision = judge('  - name: b\n    why: blocked\n    block: true\n  - name: docs\n    why: docs only\n    allow: true');
    expect(decision.verdict).toBe('block');
    expect(decision.matched.map((m) => m.rule)).toEqual(['b', 'docs']);
  });
  it('block wins over open requirements, and every match is listed', () => {
    const decision = judge('  - name: r\n    why: senior review\n    require: { count: 1, from: [erin] }\n  - name: b\n    why: blocked\n    block: true\n  - name: w\n    why: careful\n    warn: true');
    expect(decision.verdict).toBe('block');
    expect(decision.matched.map((m) => m.effect)).toEqual(['require', 'block', 'warn']);
    expect(decision.requirements[0]!.missing).toBe(1);
  });
});

describe('sign-off eligibility', () => {
  const requireSenior = '  - name: payments-review\n    why: Payments changes need a senior from payments.\n    when: { zones: [payments] }\n    require: { count: 1, from: ["@payments"], seniority: senior }';

  it('names exactly who can satisfy an open requirement: team nesting expanded, authors and juniors left out', () => {
    const decision = judge(requireSenior);
    expect(decision.verdict).toBe('needs-signoff');
    expect(decision.requirements).toEqual([
      {
        rule: 'payments-review',
        why: 'Payments changes need a senior from payments.',
        count: 1,
        eligible: ['erin', 'finn'],
        satisfiedBy: [],
        missing: 1,
        description: '1 sign-off from payments (senior or above)',
      },
    ]);
    expect(decision.summary).toBe('needs-signoff: payments-review needs 1 more of 1 sign-off from payments (senior or above)');
  });
  it('a nested team member at staff satisfies it', () => {
    const decision = judge(requireSenior, {}, [signOff('finn')]);
    expect(decision.verdict).toBe('pass');
    expect(decision.summary).toBe('pass: every required sign-off is given');
    expect(decision.requirements[0]!.satisfiedBy).toEqual(['finn']);
  });
  const ignoredCases: { name: string; signOff: SignOff; reason: string; facts?: Partial<ChangeFacts> }[] = [
    { name: 'self-approval by the PR author', signOff: signOff('dana'), reason: 'dana is an author of the change' },
    { name: 'self-approval by a commit author known by email', signOff: signOff('erin'), facts: { author: undefined, commits: [human('1', 'erin@example.com')] }, reason: 'erin is an author of the change' },
    { name: 'stale approval on an older head', signOff: signOff('erin', OLD), reason: `stale: it approves ${OLD.slice(0, 12)}, the head is ${HEAD.slice(0, 12)}` },
    { name: 'a bot that the source marks', signOff: signOff('renovate', HEAD, { bot: true }), reason: 'renovate is a bot or an AI tool' },
    { name: 'a [bot] login', signOff: signOff('copilot-helper[bot]'), reason: 'copilot-helper[bot] is a bot or an AI tool' },
    { name: 'an AI tool from the catalog', signOff: signOff('claude[bot]'), reason: 'claude[bot] is a bot or an AI tool' },
    { name: 'seniority too low', signOff: signOff('gus'), reason: 'gus is not eligible for payments-review' },
    { name: 'not in the team', signOff: signOff('outsider'), reason: 'outsider is not eligible for payments-review' },
  ];
  it.each(ignoredCases)('ignores $name', ({ signOff: given, reason, facts }) => {
    const people = facts?.commits ? PEOPLE.replace('erin: { level: senior }', 'erin: { emails: [erin@example.com], level: senior }') : undefined;
    const decision = people
      ? evaluate({ facts: { ...baseFacts, ...facts }, policy: parseConfig(`${people}\nrules:\n${requireSenior}`), catalog, signOffs: [given], overrides: [] })
      : judge(requireSenior, facts, [given]);
    expect(decision.verdict).toBe('needs-signoff');
    expect(decision.ignoredSignOffs).toEqual([{ signOff: given, reason }]);
  });
  it('needs distinct people for count 2; the same person twice counts once', () => {
    const rule = '  - name: two\n    why: two reviewers\n    require: { count: 2 }';
    expect(judge(rule, {}, [signOff('erin'), signOff('Erin')]).requirements[0]).toMatchObject({ satisfiedBy: ['erin'], missing: 1, eligible: [], description: '2 sign-offs from anyone but the authors' });
    expect(judge(rule, {}, [signOff('erin'), signOff('someone-else')]).verdict).toBe('pass');
  });
  it('seniority alone: anyone known at that level, listed', () => {
    const decision = judge('  - name: s\n    why: a staff engineer must look\n    require: { seniority: staff }', {}, [signOff('erin')]);
    expect(decision.requirements[0]).toMatchObject({ eligible: ['finn'], satisfiedBy: [], missing: 1, description: '1 sign-off from anyone at staff or above' });
  });
  it('an approval by email from blastwall approve maps to the person', () => {
    const decision = judge(requireSenior, { author: undefined, commits: [human('1', 'zed@example.com')] }, [{ ...signOff('dana@example.com'), source: 'cli' }]);
    expect(decision.ignoredSignOffs[0]!.reason).toBe('dana is not eligible for payments-review');
  });
  it('one sign-off may satisfy two requirements', () => {
    const decision = judge(`${requireSenior}\n  - name: staff\n    why: staff look\n    require: { seniority: staff }`, {}, [signOff('finn')]);
    expect(decision.requirements.map((r) => r.missing)).toEqual([0, 0]);
  });
});

describe('break-glass', () => {
  const block = '  - name: b\n    why: blocked\n    block: true';
  const override = (by: string, commit = HEAD): Override => ({ by, reason: 'incident 42 hotfix', commit, at: '2026-11-30T09:30:00Z', source: 'cli' });
  it('an override on the head passes a block and keeps what it would have been', () => {
    const decision = judge(block, {}, [], [override('erin')]);
    expect(decision).toMatchObject({ verdict: 'pass', verdictBeforeOverride: 'block', summary: 'pass: break-glass by erin ("incident 42 hotfix"); without it: block' });
    expect(decision.override).toEqual(override('erin'));
  });
  it('an override for an older head does not count', () => {
    const decision = judge(block, {}, [], [override('erin', OLD)]);
    expect(decision.verdict).toBe('block');
    expect(decision.warnings).toEqual([`override by erin ignored: it was given for ${OLD.slice(0, 12)}, the head is ${HEAD.slice(0, 12)}`]);
  });
  it('breakGlass.by limits who may override', () => {
    const decision = judge(block, {}, [], [override('gus')], '\nbreakGlass: { by: ["@core"] }');
    expect(decision.verdict).toBe('block');
    expect(decision.warnings).toEqual(['override by gus ignored: only core may break glass']);
    expect(judge(block, {}, [], [override('finn')], '\nbreakGlass: { by: ["@core"] }').verdict).toBe('pass');
  });
  it('a break-glass label passes and is recorded as an override', () => {
    const decision = judge(block, { labels: ['break-glass'] }, [], [], '\nbreakGlass: { labels: [break-glass] }');
    expect(decision.verdict).toBe('pass');
    expect(decision.override).toEqual({ by: 'dana', reason: 'break-glass label "break-glass"', commit: HEAD, at: baseFacts.now, source: 'label' });
  });
  it('no override is recorded when the change passes anyway', () => {
    expect(judge('  - why: w\n    when: { paths: ["infra/**"] }\n    block: true', {}, [], [override('erin')]).override).toBeUndefined();
  });
});
