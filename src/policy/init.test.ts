import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { proposePolicy } from './init.js';
import { SCHEMA_COMMENT } from './init-render.js';

const ACTIVE_RULE = {
  name: 'ai-reaches-critical-zone',
  why: 'This AI-assisted change reaches a critical zone; review it as closely as code written by hand there.',
  when: { ai: true, radius: { criticalZones: 1 } },
  warn: true,
};

/** Removes the leading "# " of the commented lines between two lines that contain `from` and `to` (both included). */
function uncomment(text: string, from: string, to: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(from));
  const end = lines.findIndex((line, i) => i >= start && line.includes(to));
  return lines.map((line, i) => (i >= start && i <= end ? line.replace(/^(\s*)# ?/, '$1') : line)).join('\n');
}

describe('proposePolicy: zones', () => {
  it('proposes zones from critical folder names, most critical first, with exact globs', () => {
    const proposal = proposePolicy({
      files: [
        'README.md',
        'services/payments/api/charge.ts',
        'services/payments/api/refund.ts',
        'src/auth/login.ts',
        'db/migrations/001_init.sql',
        '.github/workflows/ci.yml',
        'infra/main.tf',
        'src/checkout/cart.ts',
        'deploy/k8s/app.yaml',
      ],
    });
    expect(proposal.zones).toEqual([
      { name: 'payments', criticality: 'critical', paths: ['services/payments/**'] },
      { name: 'checkout', criticality: 'critical', paths: ['src/checkout/**'] },
      { name: 'auth', criticality: 'critical', paths: ['src/auth/**'] },
      { name: 'migrations', criticality: 'high', paths: ['db/migrations/**'] },
      { name: 'infra', criticality: 'high', paths: ['infra/**'] },
      { name: 'deploy', criticality: 'high', paths: ['deploy/**'] },
      { name: 'k8s', criticality: 'high', paths: ['deploy/k8s/**'] },
      { name: 'ci', criticality: 'high', paths: ['.github/workflows/**'] },
    ]);
    expect(proposal.teams).toEqual([]);
    expect(proposal.people).toEqual([]);
  });

  it('merges the folders of one name into one zone, keeps the outermost, and lower-cases the name', () => {
    const proposal = proposePolicy({
      files: ['src/auth/a.ts', 'src/auth/legacy/auth/b.ts', 'lib/Auth/c.ts', 'services/api/auth/d.ts', 'src/authz/e.ts'],
    });
    expect(proposal.zones).toEqual([
      { name: 'auth', criticality: 'critical', paths: ['lib/Auth/**', 'services/api/auth/**', 'src/auth/**'] },
      { name: 'authz', criticality: 'critical', paths: ['src/authz/**'] },
    ]);
  });

  it('skips node_modules, vendored code and test fixtures, and reads only folder names, not file names', () => {
    const proposal = proposePolicy({
      files: [
        'node_modules/auth/index.js',
        'vendor/github.com/acme/billing/b.go',
        'test/fixtures/payments/a.ts',
        'src/__fixtures__/auth/x.json',
        'pkg/testdata/migrations/1.sql',
        'third_party/terraform/main.tf',
        'src/auth.ts',
        'security.md',
        'docs/.github/workflows/copy.yml',
      ],
    });
    expect(proposal.zones).toEqual([]);
    const config = parseConfig(proposal.text);
    expect(config.zones).toEqual({});
    expect(config.rules).toEqual([ACTIVE_RULE]);
  });

  it('writes a folder whose name is a glob pattern as "*", so that the glob still matches it', () => {
    const proposal = proposePolicy({ files: ['app/[locale]/checkout/page.tsx', 'app/(shop)/checkout/layout.tsx', 'app/en/checkout/x.tsx'] });
    expect(proposal.zones).toEqual([{ name: 'checkout', criticality: 'critical', paths: ['app/*/checkout/**'] }]);
    expect(parseConfig(proposal.text).zones).toEqual({ checkout: { criticality: 'critical', paths: ['app/*/checkout/**'] } });
  });

  it('keeps at most 8 globs per zone, the shallowest, and notes how many were left out', () => {
    const files = ['a/b/c/d/auth/x.ts', ...Array.from({ length: 9 }, (_, i) => `s${i}/auth/x.ts`)];
    const proposal = proposePolicy({ files });
    expect(proposal.zones).toEqual([{ name: 'auth', criticality: 'critical', paths: ['s0/auth/**', 's1/auth/**', 's2/auth/**', 's3/auth/**', 's4/auth/**', 's5/auth/**', 's6/auth/**', 's7/auth/**'] }]);
    expect(proposal.text).toContain('      - s7/auth/**\n      # and 2 more folders named auth (shortened; add them if they belong)\n');
  });

  it('keeps at most 12 zones, the most critical first, and names the others in a comment', () => {
    const names = ['helm', 'kubernetes', 'k8s', 'deploy', 'terraform', 'infrastructure', 'infra', 'migration', 'migrations', 'secrets', 'security', 'authz', 'authn', 'auth', 'checkout', 'billing', 'payment', 'payments'];
    const proposal = proposePolicy({ files: names.map((name) => `${name}/x`) });
    expect(proposal.zones.map((zone) => [zone.name, zone.criticality])).toEqual([
      ['payments', 'critical'],
      ['payment', 'critical'],
      ['billing', 'critical'],
      ['checkout', 'critical'],
      ['auth', 'critical'],
      ['authn', 'critical'],
      ['authz', 'critical'],
      ['security', 'critical'],
      ['secrets', 'critical'],
      ['migrations', 'high'],
      ['migration', 'high'],
      ['infra', 'high'],
    ]);
    expect(proposal.text).toContain('\n  # Also found, left out to keep this short: infrastructure, terraform, deploy, k8s, kubernetes, helm.\n');
    expect(Object.keys(parseConfig(proposal.text).zones)).toHaveLength(12);
  });
});

describe('proposePolicy: CODEOWNERS', () => {
  const codeowners = {
    path: '.github/CODEOWNERS',
    text: ['# owners', '*                   @acme/platform', 'services/payments/  @acme/payments-team @alice', '/db/                dba@acme.com @acme/Platform @bob', '!bad                @acme/nobody', ''].join('\n'),
  };
  const files = ['services/payments/api/charge.ts', 'db/migrations/1.sql'];

  it('finds teams by slug and people by login and email, in the order they appear; unreadable lines are skipped', () => {
    const proposal = proposePolicy({ files, codeowners });
    expect(proposal.teams).toEqual(['platform', 'payments-team']);
    expect(proposal.people).toEqual(['alice', 'bob', 'dba@acme.com']);
  });

  it('writes them commented, so that the file parses as it is and nothing unknown is guessed', () => {
    const { text } = proposePolicy({ files, codeowners });
    expect(text).toContain(
      [
        '# .github/CODEOWNERS names these people: fill in their levels, then uncomment.',
        '# people:',
        '#   alice:',
        '#     level:   # one of junior, mid, senior, staff, principal',
        '#   bob:',
        '#     level:   # one of junior, mid, senior, staff, principal',
        '#   <github-login>:',
        '#     emails: [dba@acme.com]',
        '#     level:   # one of junior, mid, senior, staff, principal',
        '',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '# .github/CODEOWNERS names these teams: list their members, then uncomment.',
        '# teams:',
        '#   platform:',
        '#     description: "@acme/platform in CODEOWNERS"',
        '#     members: []   # their GitHub logins',
        '#   payments-team:',
        '#     description: "@acme/payments-team in CODEOWNERS"',
        '#     members: []   # their GitHub logins',
        '',
      ].join('\n'),
    );
    const config = parseConfig(text);
    expect({ people: config.people, teams: config.teams }).toEqual({ people: {}, teams: {} });
  });

  it('asks the team that owns the first critical zone for sign-offs in the example, and it works once completed', () => {
    const { text } = proposePolicy({ files, codeowners });
    const completed = uncomment(text, '- name: senior-signoff-for-ai-in-critical-zones', 'seniority: senior').replace(
      'rules:',
      'people:\n  alice: { level: senior }\nteams:\n  payments-team: { members: [alice] }\nrules:',
    );
    expect(parseConfig(completed).rules[1]).toEqual({
      name: 'senior-signoff-for-ai-in-critical-zones',
      why: 'An AI-assisted change to a critical zone needs a sign-off from a senior engineer who owns it.',
      when: { ai: true, zones: ['payments'] },
      require: { count: 1, from: ['payments-team'], seniority: 'senior' },
    });
  });
});

describe('proposePolicy: rules and text', () => {
  const proposal = proposePolicy({ files: ['services/payments/a.ts', 'src/auth/b.ts', 'db/migrations/1.sql', 'infra/main.tf'] });

  it('starts with the schema line and parses with exactly one active rule, the zones and nothing else', () => {
    expect(proposal.text.split('\n').slice(0, 2)).toEqual([SCHEMA_COMMENT, '#']);
    expect(SCHEMA_COMMENT).toBe('# yaml-language-server: $schema=./node_modules/blastwall/schema/blastwall.schema.json');
    const config = parseConfig(proposal.text);
    expect(config.version).toBe(1);
    expect(config.rules).toEqual([ACTIVE_RULE]);
    expect(config.zones).toEqual({
      payments: { criticality: 'critical', paths: ['services/payments/**'] },
      auth: { criticality: 'critical', paths: ['src/auth/**'] },
      migrations: { criticality: 'high', paths: ['db/migrations/**'] },
      infra: { criticality: 'high', paths: ['infra/**'] },
    });
    expect({ people: config.people, teams: config.teams, breakGlass: config.breakGlass }).toEqual({ people: {}, teams: {}, breakGlass: { labels: [] } });
  });

  it('gives commented examples that parse once uncommented: block AI in payments, a Friday freeze, break glass', () => {
    let text = uncomment(proposal.text, '- name: no-ai-in-payments', 'block: true');
    text = uncomment(text, '- name: friday-afternoon-freeze', '  block: true');
    text = uncomment(text, '# breakGlass:', 'labels: [break-glass]');
    const config = parseConfig(text);
    expect(config.rules).toEqual([
      ACTIVE_RULE,
      {
        name: 'no-ai-in-payments',
        why: 'AI-assisted changes to payments are not accepted; write and review this code by hand.',
        when: { ai: true, zones: ['payments'] },
        block: true,
      },
      {
        name: 'friday-afternoon-freeze',
        why: 'No AI-assisted changes on Friday afternoons; fewer people are around to fix what breaks.',
        when: { ai: true, time: { timezone: 'UTC', dates: [], weekly: [{ days: ['fri'], from: '15:00', to: '24:00' }] } },
        block: true,
      },
    ]);
    expect(config.breakGlass).toEqual({ labels: ['break-glass'] });
  });

  it('names the critical zones found in the sign-off example, and a placeholder team when CODEOWNERS has none', () => {
    expect(proposal.text).toContain('  #     zones: [payments, auth]\n  #   require:\n  #     count: 1\n  #     from: [payments-team]\n');
    expect(proposal.text).toContain('  # (They use a team named payments-team: declare it first.)\n');
  });

  it('blocks the first critical zone in the example when there is no payments zone', () => {
    const { text } = proposePolicy({ files: ['src/billing/a.ts'] });
    expect(text).toContain('  # - name: no-ai-in-billing\n');
    expect(text).toContain('  #     zones: [billing]\n  #   block: true\n');
  });
});
