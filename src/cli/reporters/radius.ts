import type { RadiusReport } from '../../radius/analyze.js';
import { markdownTable, textTable, type Cell } from './table.js';

export const radiusFormats = ['text', 'json', 'markdown', 'dot', 'mermaid'] as const;
export type RadiusFormat = (typeof radiusFormats)[number];

const why = (chain: readonly string[]): string => chain.join(' <- ');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function sections(report: RadiusReport): { title: string; header: string[]; rows: Cell[][] }[] {
  return [
    {
      title: 'Services',
      header: ['service', 'criticality', 'distance', 'reached by', 'why'],
      rows: report.services.map((s) => [s.name, s.criticality, s.distance, s.reachedBy, why(s.why)]),
    },
    { title: 'Zones', header: ['zone', 'criticality', 'distance', 'why'], rows: report.zones.map((z) => [z.name, z.criticality, z.distance, why(z.why)]) },
    { title: 'Packages', header: ['package', 'files reached', 'distance'], rows: report.packages.map((p) => [p.name, p.files, p.distance]) },
    { title: 'Owners', header: ['owner', 'files', 'services'], rows: report.owners.map((o) => [o.owner, o.files, o.services.join(', ')]) },
    {
      title: 'Changes together in history (co-change, not from imports)',
      header: ['file', 'changes with', 'shared commits', 'coupling'],
      rows: report.coupled.filter((c) => !c.imported).map((c) => [c.file, c.coupled, c.shared, `${Math.round(c.degree * 100)}%`]),
    },
    { title: 'Unresolved imports in changed files', header: ['file', 'import', 'reason'], rows: report.unresolved.map((u) => [u.file, u.specifier, u.reason]) },
    { title: 'Files in the radius that could not be read fully', header: ['file', 'problem'], rows: report.problems.map((p) => [p.file, p.problem]) },
    { title: 'Score', header: ['part', 'points'], rows: [...report.score.parts.filter((p) => p.points > 0).map((p): Cell[] => [p.what, p.points]), ['total', report.score.total]] },
  ].filter((section) => section.rows.length > 0);
}

export function radiusText(report: RadiusReport): string {
  const parts = [report.summary];
  if (report.everything) parts.push(`everything is affected: ${report.everything}`);
  for (const section of sections(report)) parts.push(`${section.title}\n${textTable(section.header, section.rows)}`);
  return `${parts.join('\n\n')}\n`;
}

export function radiusMarkdown(report: RadiusReport): string {
  const parts = [`## Blast radius`, `**${report.summary}**`];
  if (report.everything) parts.push(`> Everything is affected: ${report.everything}`);
  for (const section of sections(report)) parts.push(`### ${section.title}\n\n${markdownTable(section.header, section.rows)}`);
  return `${parts.join('\n\n')}\n`;
}

export function radiusJson(report: RadiusReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const COLOURS = { critical: '#d62728', high: '#ff7f0e', normal: '#1f77b4', low: '#7f7f7f' } as const;

/** The change, the services it reaches (coloured by criticality) and the zones they are in. */
function pictureEdges(report: RadiusReport): { nodes: { id: string; label: string; kind: 'change' | 'service' | 'zone'; criticality?: keyof typeof COLOURS }[]; edges: { from: string; to: string; label: string; dashed: boolean }[] } {
  const nodes: ReturnType<typeof pictureEdges>['nodes'] = [{ id: 'change', label: `change (${plural(report.changed.length, 'file')})`, kind: 'change' }];
  const edges: ReturnType<typeof pictureEdges>['edges'] = [];
  for (const service of report.services) {
    nodes.push({ id: `service_${service.name}`, label: `${service.name} (${service.criticality})`, kind: 'service', criticality: service.criticality });
    const servicesInChain = service.why.filter((step) => step.startsWith('service:')).map((step) => step.slice(8));
    const from = servicesInChain.length > 1 ? `service_${servicesInChain[servicesInChain.length - 2]}` : servicesInChain.length === 1 ? directOf(report, service.why) : 'change';
    edges.push({ from, to: `service_${service.name}`, label: service.reachedBy === 'code' ? `imports, ${plural(service.distance, 'hop')}` : service.reachedBy, dashed: service.reachedBy !== 'code' });
  }
  for (const zone of report.zones) {
    nodes.push({ id: `zone_${zone.name}`, label: `zone ${zone.name} (${zone.criticality})`, kind: 'zone', criticality: zone.criticality });
    const service = report.services.find((s) => s.why.join() === zone.why.join());
    edges.push({ from: service ? `service_${service.name}` : 'change', to: `zone_${zone.name}`, label: `distance ${zone.distance}`, dashed: true });
  }
  return { nodes, edges };
}

/** The service a service-edge chain starts from: the service reached by the same import chain. */
function directOf(report: RadiusReport, chain: readonly string[]): string {
  const files = chain.filter((step) => !step.startsWith('service:'));
  const direct = report.services.find((s) => s.reachedBy === 'code' && s.why.join() === files.join());
  return direct ? `service_${direct.name}` : 'change';
}

const safeId = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

export function radiusDot(report: RadiusReport): string {
  const { nodes, edges } = pictureEdges(report);
  const lines = ['digraph radius {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const node of nodes) {
    const shape = node.kind === 'change' ? 'box' : node.kind === 'zone' ? 'folder' : 'ellipse';
    const colour = node.criticality ? COLOURS[node.criticality] : '#000000';
    lines.push(`  ${safeId(node.id)} [label=${JSON.stringify(node.label)}, shape=${shape}, color="${colour}"];`);
  }
  for (const edge of edges) lines.push(`  ${safeId(edge.from)} -> ${safeId(edge.to)} [label=${JSON.stringify(edge.label)}${edge.dashed ? ', style=dashed' : ''}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function radiusMermaid(report: RadiusReport): string {
  const { nodes, edges } = pictureEdges(report);
  const lines = ['graph LR'];
  const label = (text: string): string => `"${text.replace(/"/g, '#quot;')}"`;
  for (const node of nodes) {
    const id = safeId(node.id);
    lines.push(node.kind === 'change' ? `  ${id}[${label(node.label)}]` : node.kind === 'zone' ? `  ${id}[/${label(node.label)}/]` : `  ${id}(${label(node.label)})`);
    if (node.criticality) lines.push(`  style ${id} stroke:${COLOURS[node.criticality]},stroke-width:2px`);
  }
  for (const edge of edges) lines.push(`  ${safeId(edge.from)} ${edge.dashed ? '-.->' : '-->'}|${label(edge.label)}| ${safeId(edge.to)}`);
  return `${lines.join('\n')}\n`;
}

export const radiusReporters: Record<RadiusFormat, (report: RadiusReport) => string> = {
  text: radiusText,
  json: radiusJson,
  markdown: radiusMarkdown,
  dot: radiusDot,
  mermaid: radiusMermaid,
};
