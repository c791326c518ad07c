import { stringify } from 'yaml';
import type { Criticality } from '../ownership/schema.js';
import { DEFAULT_SENIORITY } from './schema.js';

/**
 * The text of the starter blastwall.yml. What blastwall can state is written as YAML; what a
 * person must decide (team members, levels, which rules to enforce) is written as commented
 * YAML that becomes valid once uncommented and completed, so the file always parses as it is.
 */

export interface DraftZone {
  readonly name: string;
  readonly criticality: Criticality;
  readonly paths: readonly string[];
  /** Folders of the zone left out to keep the list short. */
  readonly more: number;
}

export interface DraftTeam {
  /** The team's slug, lower-cased: its key under `teams`. */
  readonly name: string;
  /** As CODEOWNERS writes it: `@acme/payments-team`. */
  readonly owner: string;
}

export interface Draft {
  readonly zones: readonly DraftZone[];
  /** Zones found but not written, to keep the file short. */
  readonly leftOut: readonly string[];
  readonly teams: readonly DraftTeam[];
  readonly logins: readonly string[];
  readonly emails: readonly string[];
  readonly codeownersPath?: string;
  /** The team that CODEOWNERS makes owner of the first critical zone, for the sign-off example. */
  readonly signoffTeam?: string;
}

/** Machine-independent: where the schema is once blastwall is installed in the project. */
export const SCHEMA_COMMENT = '# yaml-language-server: $schema=./node_modules/blastwall/schema/blastwall.schema.json';

export const ACTIVE_RULE_NAME = 'ai-reaches-critical-zone';

const LEVELS = DEFAULT_SENIORITY.join(', ');

export function renderPolicy(draft: Draft): string {
  return [header(), zones(draft), people(draft), teams(draft), rules(draft), breakGlass()].join('\n');
}

/** A scalar as YAML writes it in block context, quoted only when it must be. */
function scalar(value: string): string {
  const text = stringify(value, { lineWidth: 0 }).trimEnd();
  return text.includes('\n') ? JSON.stringify(value) : text;
}

const commented = (lines: readonly string[]): string[] => lines.map((line) => (line === '' ? '#' : `# ${line}`));

function header(): string {
  return `${[
    SCHEMA_COMMENT,
    '#',
    '# blastwall.yml: the policy that blastwall checks every change against.',
    '# `blastwall init` proposed it from this repository\'s folder names and CODEOWNERS: read it,',
    '# correct it, then commit it. Zones name the code where a mistake hurts most; rules say what an',
    '# AI-assisted change that touches or reaches them needs. Every field is described in',
    '# schema/blastwall.schema.json (shipped with blastwall).',
  ].join('\n')}\nversion: 1\n`;
}

function zones(draft: Draft): string {
  const lines = [
    '# Zones, guessed from folder names. Criticality is critical, high, normal or low; a rule can',
    '# name a zone (`zones: [payments]`), and the radius counts the critical zones a change reaches.',
    '# Add the zones that folder names do not reveal.',
  ];
  if (draft.zones.length === 0) return `${[...lines, '# No folder looked critical, so none was proposed. For example:', ...commented(['zones:', '  payments:', '    criticality: critical', '    paths:', '      - services/payments/**']), 'zones: {}'].join('\n')}\n`;
  lines.push('zones:');
  for (const zone of draft.zones) {
    lines.push(`  ${zone.name}:`, `    criticality: ${zone.criticality}`, '    paths:');
    lines.push(...zone.paths.map((path) => `      - ${scalar(path)}`));
    if (zone.more > 0) lines.push(`      # and ${zone.more} more folder${zone.more === 1 ? '' : 's'} named ${zone.name} (shortened; add them if they belong)`);
  }
  if (draft.leftOut.length > 0) lines.push(`  # Also found, left out to keep this short: ${draft.leftOut.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

function people(draft: Draft): string {
  const lines = [
    `# People: GitHub logins, the emails they commit with, and a level of \`seniority\` (lowest first,`,
    `# by default ${LEVELS}). A rule's sign-off can ask for a level.`,
  ];
  if (draft.logins.length === 0 && draft.emails.length === 0) {
    lines.push('# For example:', ...commented(['people:', '  octocat:', '    emails: [octocat@example.com]', '    level: senior']));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`# ${draft.codeownersPath ?? 'CODEOWNERS'} names these people: fill in their levels, then uncomment.`);
  const entries = ['people:'];
  for (const login of draft.logins) entries.push(`  ${scalar(login)}:`, `    level:   # one of ${LEVELS}`);
  for (const email of draft.emails) {
    // CODEOWNERS knows this person by email only; the key must be their login, which a person knows.
    entries.push('  <github-login>:', `    emails: [${scalar(email)}]`, `    level:   # one of ${LEVELS}`);
  }
  return `${[...lines, ...commented(entries)].join('\n')}\n`;
}

function teams(draft: Draft): string {
  const lines = ['# Teams: people (declared under `people`) and other teams; a rule can ask a team for a sign-off.'];
  if (draft.teams.length === 0) {
    lines.push('# For example:', ...commented(['teams:', '  payments-team:', '    members: [octocat]']));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`# ${draft.codeownersPath ?? 'CODEOWNERS'} names these teams: list their members, then uncomment.`);
  const entries = ['teams:'];
  for (const team of draft.teams) entries.push(`  ${scalar(team.name)}:`, `    description: ${scalar(`${team.owner} in CODEOWNERS`)}`, '    members: []   # their GitHub logins');
  return `${[...lines, ...commented(entries)].join('\n')}\n`;
}

function rules(draft: Draft): string {
  const critical = draft.zones.filter((zone) => zone.criticality === 'critical').map((zone) => zone.name);
  // The examples name zones and a team of this repository when there are some, so that they work once uncommented.
  const blocked = critical.includes('payments') ? 'payments' : (critical[0] ?? 'payments');
  const guarded = critical.length > 0 ? critical : ['payments'];
  const team = draft.signoffTeam ?? draft.teams[0]?.name ?? 'payments-team';
  const missing = [
    ...(critical.length === 0 ? ['a zone named payments'] : []),
    ...(draft.teams.length === 0 ? ['a team named payments-team'] : []),
  ];
  const examples = [
    'Examples: uncomment and adapt.',
    ...(missing.length > 0 ? [`(They use ${missing.join(' and ')}: declare ${missing.length === 1 ? 'it' : 'them'} first.)`] : []),
    '',
    `- name: no-ai-in-${blocked}`,
    `  why: AI-assisted changes to ${blocked} are not accepted; write and review this code by hand.`,
    '  when:',
    '    ai: true',
    `    zones: [${blocked}]`,
    '  block: true',
    '',
    '- name: senior-signoff-for-ai-in-critical-zones',
    '  why: An AI-assisted change to a critical zone needs a sign-off from a senior engineer who owns it.',
    '  when:',
    '    ai: true',
    `    zones: [${guarded.join(', ')}]`,
    '  require:',
    '    count: 1',
    `    from: [${scalar(team)}]`,
    '    seniority: senior',
    '',
    '- name: friday-afternoon-freeze',
    '  why: No AI-assisted changes on Friday afternoons; fewer people are around to fix what breaks.',
    '  when:',
    '    ai: true',
    '    time:',
    '      timezone: UTC   # your team\'s IANA time zone, e.g. Europe/Berlin',
    '      weekly:',
    '        - days: [fri]',
    '          from: "15:00"',
    '  block: true',
  ];
  return `${[
    '# Rules: `when` holds conditions (all must hold), then one effect: allow, warn, require (sign-offs)',
    '# or block. `why` is what the author of a change reads.',
    'rules:',
    '  # Active: warns, never blocks, when an AI-assisted change reaches a critical zone (directly or',
    '  # through what depends on it), so that its reviewers look closer.',
    `  - name: ${ACTIVE_RULE_NAME}`,
    '    why: This AI-assisted change reaches a critical zone; review it as closely as code written by hand there.',
    '    when:',
    '      ai: true',
    '      radius:',
    '        criticalZones: 1',
    '    warn: true',
    '',
    ...commented(examples).map((line) => `  ${line}`),
  ].join('\n')}\n`;
}

function breakGlass(): string {
  return `${[
    '# Break glass: a pull request with one of these labels passes the gate; every use is recorded.',
    ...commented(['breakGlass:', '  labels: [break-glass]']),
  ].join('\n')}\n`;
}
