import type { Investigation } from './investigate.js';
import type { Suspect } from './suspects.js';

/**
 * The deep-dive report of an incident as Markdown (the HTML form renders the same text): the
 * incident, a timeline of deployments, gate decisions, sign-offs, overrides and incident events,
 * the ranked suspects, and for the top ones their AI provenance, blast radius and the gate's
 * decision at the time.
 */
export function incidentMarkdown(investigation: Investigation): string {
  const { incident } = investigation;
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const parts: string[] = [`# Incident ${cell(incident.key)}: ${cell(incident.title)}`];
  const restore = incident.resolvedAt === undefined ? 'not resolved' : duration(Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt));
  parts.push(
    table(
      ['severity', 'services', 'started', 'detected', 'resolved', 'time to restore', 'source'],
      [[incident.severity, incident.services.join(', '), incident.startedAt, incident.detectedAt ?? '', incident.resolvedAt ?? '', restore, incident.source]].map((row) => row.map(cell)),
    ),
  );

  const events: [string, string][] = [[incident.startedAt, '**incident started**']];
  if (incident.detectedAt !== undefined) events.push([incident.detectedAt, 'incident detected']);
  if (incident.resolvedAt !== undefined) events.push([incident.resolvedAt, '**incident resolved**']);
  for (const deployment of investigation.deployments) {
    events.push([deployment.startedAt, `deployment ${deployment.id}: ${deployment.environment}/${deployment.service} at \`${deployment.sha.slice(0, 12)}\` (${deployment.commits.length} commits, ${deployment.status})`]);
  }
  for (const detail of investigation.details) {
    for (const entry of detail.audit) events.push([entry.at, `${entry.kind} on \`${entry.head.slice(0, 12)}\` (${entry.change}) by ${entry.actor}${auditNote(entry.data)}`]);
  }
  for (const link of investigation.links) events.push([incident.startedAt, `linked ${'sha' in link.target ? `commit \`${link.target.sha.slice(0, 12)}\`` : `deployment ${link.target.deployment}`} (${link.method}, ${link.confidence}): ${link.evidence}`]);
  events.sort((a, b) => a[0].localeCompare(b[0]));
  parts.push(`## Timeline\n\n${table(['time', 'event'], events.map(([at, what]) => [at, cell(what)]))}`);

  if (investigation.suspects.length === 0) {
    parts.push(`## Suspects\n\nNo deployment in the ${investigation.windowHours} hours before the incident reached ${incident.services.join(', ')}, and no link, revert or \`Fixes:\` names a commit.`);
  } else {
    const rows = investigation.suspects.map((s) => [String(s.rank), suspectName(s), String(s.score), s.confidence, aiNote(s), cell(s.evidence.join('; '))]);
    parts.push(`## Suspects\n\n${table(['#', 'suspect', 'score', 'confidence', 'AI (not ranked on)', 'evidence'], rows)}`);
    parts.push('Score: explicit evidence first; deployments by time (halves every 6 h before the start) x reach (1 direct, 0.5 through the blast radius) x size.');
  }
  for (const detail of investigation.details) {
    const s = detail.suspect;
    const lines = [`### ${s.rank}. ${suspectName(s)}`];
    lines.push(`- AI provenance: ${detail.commits.length === 0 ? 'commits not in the ledger (run `blastwall ingest`)' : detail.commits.map((c) => `\`${c.sha.slice(0, 12)}\` ${cell(c.subject)}: ${c.attribution.ai ? c.attribution.tools.map((t) => `${t.name} (${t.confidence})`).join(', ') : 'human'}`).join('; ')}`);
    if (detail.radius !== undefined) lines.push(`- Blast radius: ${detail.radius}`);
    const decisions = detail.audit.filter((entry) => entry.kind === 'decision');
    lines.push(`- Gate at the time: ${decisions.length === 0 ? 'no decision recorded' : decisions.map((entry) => `${String(entry.data.verdict)} (${entry.change}, ${entry.at}): ${cell(String(entry.data.summary ?? ''))}`).join('; ')}`);
    const signOffs = detail.audit.filter((entry) => entry.kind === 'signoff').map((entry) => String(entry.data.by));
    if (signOffs.length > 0) lines.push(`- Signed off by: ${signOffs.join(', ')}`);
    const overrides = detail.audit.filter((entry) => entry.kind === 'override').map((entry) => `${String(entry.data.by)}: "${cell(String(entry.data.reason))}"`);
    if (overrides.length > 0) lines.push(`- Break-glass: ${overrides.join('; ')}`);
    parts.push(lines.join('\n'));
  }
  if (investigation.warnings.length > 0) parts.push(investigation.warnings.map((w) => `> ${cell(w)}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

export const suspectName = (s: Suspect): string =>
  s.deployment ? `deployment ${s.deployment.id}: ${s.deployment.environment}/${s.deployment.service} \`${s.sha.slice(0, 12)}\`` : `commit \`${s.sha.slice(0, 12)}\``;

const aiNote = (s: Suspect): string => (s.ai.commits === 0 ? 'none' : `${s.ai.commits} of ${s.commits.length} commits (${s.ai.tools.join(', ')})`);

function auditNote(data: Readonly<Record<string, unknown>>): string {
  if (typeof data.verdict === 'string') return `: ${data.verdict}`;
  if (typeof data.reason === 'string') return `: "${data.reason}"`;
  return '';
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
