import type { Criticality } from '../../ownership/schema.js';
import type { CheckReport } from '../../policy/check.js';
import type { Decision, Verdict } from '../../policy/decision.js';
import type { ChangeFacts } from '../../policy/facts.js';
import { lineShare } from '../../policy/conditions.js';
import { markdownTable } from './table.js';

export const checkFormats = ['text', 'json', 'markdown', 'github'] as const;
export type CheckFormat = (typeof checkFormats)[number];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const VERDICT_TITLE: Record<Verdict, string> = { pass: 'PASS', 'needs-signoff': 'NEEDS SIGN-OFF', block: 'BLOCK' };
const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', 'needs-signoff': '🟡', block: '⛔' };

/** `Claude Code (high): 2 of 3 commits, 64% of added lines`, or undefined for a human change. */
export function aiLine(facts: ChangeFacts): string | undefined {
  const ai = facts.commits.filter((commit) => commit.ai);
  if (ai.length === 0) return undefined;
  const tools = new Map<string, string>();
  for (const commit of ai) for (const tool of commit.tools) if (!tools.has(tool.tool)) tools.set(tool.tool, `${tool.name} (${tool.confidence})`);
  return `${[...tools.values()].join(', ')}: ${ai.length} of ${plural(facts.commits.length, 'commit')}, ${Math.round(lineShare(facts, ai) * 100)}% of added lines`;
}

const zoneList = (facts: ChangeFacts): string[] =>
  facts.radius.zones.map((zone) => `${zone.name} (${zone.criticality}, ${zone.distance === 0 ? 'touched' : `reached in ${plural(zone.distance, 'hop')}`})`);
const serviceList = (facts: ChangeFacts): string[] => facts.radius.services.map((service) => `${service.name} (${service.criticality})`);

function openRequirements(decision: Decision): string[] {
  return decision.requirements
    .filter((r) => r.missing > 0)
    .map((r) => `${r.rule}: ${r.missing} more of ${r.description}; ${r.eligible.length > 0 ? `can sign off: ${r.eligible.join(', ')}` : 'anyone eligible may sign off'}`);
}

export function checkText(report: CheckReport): string {
  const { facts, decision } = report;
  const lines = [`blastwall check ${facts.change}: ${VERDICT_TITLE[decision.verdict]}`, decision.summary, ''];
  lines.push(`AI:       ${aiLine(facts) ?? 'no AI-assisted commit'}`);
  lines.push(`Radius:   ${facts.radius.summary}`);
  if (facts.radius.zones.length > 0) lines.push(`Zones:    ${zoneList(facts).join(', ')}`);
  if (facts.radius.services.length > 0) lines.push(`Services: ${serviceList(facts).join(', ')}`);
  const open = openRequirements(decision);
  if (open.length > 0) lines.push('', 'Sign-offs needed', ...open.map((line) => `  ${line}`));
  if (decision.override) lines.push('', `Break-glass: ${decision.override.by} (${decision.override.source}) "${decision.override.reason}" at ${decision.override.at}; without it: ${decision.verdictBeforeOverride}`);
  if (decision.matched.length > 0) {
    lines.push('', 'Rules that matched');
    for (const rule of decision.matched) {
      lines.push(`  [${rule.effect}] ${rule.rule}: ${rule.why}`);
      for (const fact of rule.facts) lines.push(`    ${fact.condition}: ${fact.fact}`);
    }
  }
  const given = decision.requirements.flatMap((r) => r.satisfiedBy.map((login) => `${login} (${r.rule})`));
  if (given.length > 0) lines.push('', `Signed off: ${given.join(', ')}`);
  if (decision.ignoredSignOffs.length > 0) lines.push('', 'Sign-offs not counted', ...decision.ignoredSignOffs.map((item) => `  ${item.signOff.by}: ${item.reason}`));
  if (decision.warnings.length > 0) lines.push('', 'Warnings', ...decision.warnings.map((warning) => `  ${warning}`));
  return `${lines.join('\n')}\n`;
}

/** The pull request comment: the verdict and who must act first, details folded away. */
export function checkMarkdown(report: CheckReport): string {
  const { facts, decision } = report;
  const parts = [`### ${VERDICT_ICON[decision.verdict]} blastwall: ${VERDICT_TITLE[decision.verdict].toLowerCase()}`, `**${escape(decision.summary)}**`];
  const rows: string[][] = [['AI', escape(aiLine(facts) ?? 'none')]];
  if (facts.radius.zones.length > 0) rows.push(['Zones', escape(zoneList(facts).join(', '))]);
  if (facts.radius.services.length > 0) rows.push(['Services', escape(serviceList(facts).join(', '))]);
  rows.push(['Radius', escape(facts.radius.summary)]);
  for (const r of decision.requirements.filter((item) => item.missing > 0)) {
    rows.push([`Sign-off (${escape(r.rule)})`, `${r.missing} more of ${escape(r.description)}${r.eligible.length > 0 ? `: ${r.eligible.map((login) => `@${login}`).join(', ')}` : ''}`]);
  }
  if (decision.override) rows.push(['Break-glass', escape(`${decision.override.by}: "${decision.override.reason}" (without it: ${decision.verdictBeforeOverride})`)]);
  parts.push(markdownTable(['', ''], rows));
  if (decision.matched.length > 0) {
    const items = decision.matched.map((rule) => `- **${rule.effect}** \`${rule.rule}\`: ${escape(rule.why)}\n${rule.facts.map((fact) => `  - ${fact.condition}: ${escape(fact.fact)}`).join('\n')}`);
    parts.push(`<details><summary>${plural(decision.matched.length, 'rule')} matched</summary>\n\n${items.join('\n')}\n\n</details>`);
  }
  if (decision.ignoredSignOffs.length > 0) {
    parts.push(`<details><summary>${plural(decision.ignoredSignOffs.length, 'sign-off')} not counted</summary>\n\n${decision.ignoredSignOffs.map((item) => `- ${escape(item.signOff.by)}: ${escape(item.reason)}`).join('\n')}\n\n</details>`);
  }
  if (decision.warnings.length > 0) parts.push(decision.warnings.map((warning) => `> ⚠️ ${escape(warning)}`).join('\n'));
  parts.push(`<sub>head ${facts.head.slice(0, 12)} · ${facts.change}</sub>`);
  return `${parts.join('\n\n')}\n`;
}

// Text from commits and config goes into HTML-capable Markdown: no tags may slip through.
const escape = (text: string): string => text.replace(/</g, '&lt;');

export interface CheckRunAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly title: string;
  readonly message: string;
}

export interface CheckRunOutput {
  readonly conclusion: 'success' | 'failure' | 'action_required';
  readonly title: string;
  readonly summary: string;
  readonly annotations: readonly CheckRunAnnotation[];
}

const LEVEL: Record<Verdict, CheckRunAnnotation['annotation_level']> = { pass: 'notice', 'needs-signoff': 'warning', block: 'failure' };
const CONCLUSION: Record<Verdict, CheckRunOutput['conclusion']> = { pass: 'success', 'needs-signoff': 'action_required', block: 'failure' };

/**
 * GitHub Checks output: the verdict as title and conclusion, the comment as summary, and one
 * annotation per changed hunk in a zone (the publisher sends them 50 per request).
 */
export function checkRunOutput(report: CheckReport, zones: Readonly<Record<string, { readonly criticality: Criticality }>> = {}): CheckRunOutput {
  const { facts, decision } = report;
  const annotations: CheckRunAnnotation[] = [];
  for (const file of facts.files) {
    if (file.zones.length === 0) continue;
    const title = `${file.zones.map((zone) => `${zone} (${zones[zone]?.criticality ?? 'zone'})`).join(', ')}`;
    for (const hunk of file.hunks) {
      annotations.push({ path: file.path, start_line: hunk.start, end_line: hunk.end, annotation_level: LEVEL[decision.verdict], title: `blastwall: ${title}`, message: decision.summary });
    }
  }
  return {
    conclusion: CONCLUSION[decision.verdict],
    title: decision.summary.length > 200 ? `${decision.summary.slice(0, 197)}...` : decision.summary,
    summary: checkMarkdown(report),
    annotations,
  };
}

export function checkJson(report: CheckReport): string {
  const { facts, decision, warnings } = report;
  return `${JSON.stringify({ verdict: decision.verdict, decision, facts, warnings }, null, 2)}\n`;
}

export const checkReporters: Record<CheckFormat, (report: CheckReport, zones?: Readonly<Record<string, { readonly criticality: Criticality }>>) => string> = {
  text: checkText,
  json: checkJson,
  markdown: checkMarkdown,
  github: (report, zones) => `${JSON.stringify(checkRunOutput(report, zones), null, 2)}\n`,
};
