/**
 * Compares module graphs on a generated monorepo: dependency-cruiser's, madge's and any other
 * tool's wired in as a `DependentsSource` (blastwall's radius, once its output is settled), with
 * each other and with the imports the generator planned. Reports, per pair of tools, the relative
 * imports both resolve and those only one does, other edges only one finds, how many of each kind
 * of planned import each tool finds, and the dependents of the probe files. Examples name files.
 *
 * blastwall comes in through its library's module graph when the build has one (every edge is then
 * compared), else through `blastwall radius` per probe file (dependents of the probes only).
 *
 *   node --import tsx bench/compare-dependents.ts [--files 3000] [--packages 120] [--seed 1] [--examples 5]
 *     [--depcruise <json>] [--madge <json>] [--blastwall graph|radius|off]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureMonorepo } from './generate-monorepo.js';
import { blastwallGraphSource, blastwallRadiusSource } from './lib/blastwall.js';
import { expandGoEdges, fromEdges, isScript, parseDepcruise, parseMadge, plannedSource, readPlanned, type DependentsSource } from './lib/graphs.js';
import type { PlannedEdge } from './lib/monorepo/types.js';
import { capture, depcruiseCommand, madgeCommand } from './lib/tools.js';
import { git, isMain, markdownTable } from './util.js';

export interface Split {
  readonly both: number;
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  /** Planned edges neither tool finds (only for the planned relative imports). */
  readonly neither?: readonly string[];
}

const arrow = (from: string, to: string): string => `${from} → ${to}`;

/**
 * True when `source` has the import `from → to`: exactly when it gives edges; else only whether
 * `from` is among the dependents of `to`, which a path through other files also satisfies.
 */
export function hasEdge(source: DependentsSource, from: string, to: string): boolean {
  return source.edges !== undefined ? (source.edges.get(from)?.has(to) ?? false) : source.dependentsOf(to).has(from);
}

/** The planned relative imports between script files, split by which of the two tools resolve them. */
export function splitRelative(a: DependentsSource, b: DependentsSource, planned: readonly PlannedEdge[]): Split {
  let both = 0;
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  const neither: string[] = [];
  for (const edge of planned) {
    if (edge.how !== 'relative' || !isScript(edge.from)) continue;
    const inA = hasEdge(a, edge.from, edge.to);
    const inB = hasEdge(b, edge.from, edge.to);
    if (inA && inB) both++;
    else (inA ? onlyA : inB ? onlyB : neither).push(`${arrow(edge.from, edge.to)} ('${edge.specifier}', ${edge.form})`);
  }
  return { both, onlyA, onlyB, neither };
}

/**
 * Every edge from a script file in two graphs, split by which reports it; undefined unless both
 * report edges. (Python and Go imports are in the table by kind: dependency-cruiser and madge
 * read neither.)
 */
export function splitEdges(a: DependentsSource, b: DependentsSource): Split | undefined {
  if (a.edges === undefined || b.edges === undefined) return undefined;
  let both = 0;
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const [from, tos] of a.edges) {
    if (!isScript(from)) continue;
    for (const to of tos) {
      if (b.edges.get(from)?.has(to)) both++;
      else onlyA.push(arrow(from, to));
    }
  }
  for (const [from, tos] of b.edges) if (isScript(from)) for (const to of tos) if (!a.edges.get(from)?.has(to)) onlyB.push(arrow(from, to));
  return { both, onlyA, onlyB };
}

/** Per kind of planned import (`relative import-type`, `subpath import`, ...): how many a tool finds. */
export function recallByKind(source: DependentsSource, planned: readonly PlannedEdge[]): Map<string, { planned: number; found: number; missed: string[] }> {
  const kinds = new Map<string, { planned: number; found: number; missed: string[] }>();
  for (const edge of planned) {
    const kind = `${edge.how} ${edge.form}${isScript(edge.from) ? '' : ` (${edge.from.slice(edge.from.lastIndexOf('.') + 1)})`}`;
    let row = kinds.get(kind);
    if (!row) kinds.set(kind, (row = { planned: 0, found: 0, missed: [] }));
    row.planned++;
    if (hasEdge(source, edge.from, edge.to)) row.found++;
    else row.missed.push(`${arrow(edge.from, edge.to)} ('${edge.specifier}')`);
  }
  return kinds;
}

/** Edges a tool reports that the generator did not write. */
export function unplanned(source: DependentsSource, planned: readonly PlannedEdge[]): string[] {
  if (source.edges === undefined) return [];
  const known = new Set(planned.map((edge) => `${edge.from}\0${edge.to}`));
  const extra: string[] = [];
  for (const [from, tos] of source.edges) for (const to of tos) if (!known.has(`${from}\0${to}`)) extra.push(arrow(from, to));
  return extra;
}

/** The whole comparison as Markdown. `sources[0]` should be the planned graph when there is one. */
export function compareReport(sources: readonly DependentsSource[], planned: readonly PlannedEdge[], probes: readonly string[], examples = 5): string {
  const sample = (items: readonly string[]): string => (items.length === 0 ? '' : `\n${items.slice(0, examples).map((item) => `  - ${item}`).join('\n')}`);
  const out: string[] = ['## Edges by kind of import', ''];
  const tools = sources.filter((source) => source.name !== 'planned' && source.probesOnly !== true);
  const recalls = tools.map((tool) => recallByKind(tool, planned));
  const kinds = [...new Set(recalls.flatMap((recall) => [...recall.keys()]))].sort();
  out.push(markdownTable(['planned import', 'planned', ...tools.map((tool) => tool.name)], kinds.map((kind) => {
    const count = recalls[0]?.get(kind)?.planned ?? 0;
    return [kind, String(count), ...recalls.map((recall) => `${recall.get(kind)?.found ?? 0} (${(((recall.get(kind)?.found ?? 0) / Math.max(1, count)) * 100).toFixed(1)}%)`)];
  })));
  for (const [at, tool] of tools.entries()) {
    const missed = [...recalls[at]!].filter(([kind, row]) => row.missed.length > 0 && !kind.includes('(')).flatMap(([, row]) => row.missed);
    const extra = unplanned(tool, planned);
    out.push('', `**${tool.name}** misses ${missed.length} planned script imports${sample(missed)}`);
    if (tool.edges !== undefined) out.push(`\n**${tool.name}** reports ${extra.length} edges that were not planned${sample(extra)}`);
  }

  out.push('', '## Tool against tool', '');
  const whole = sources.filter((source) => source.probesOnly !== true);
  for (let i = 0; i < whole.length; i++) {
    for (let j = i + 1; j < whole.length; j++) {
      const [a, b] = [whole[i]!, whole[j]!];
      const relative = splitRelative(a, b, planned);
      out.push(`### ${a.name} and ${b.name}`, '', `Planned relative imports: both resolve ${relative.both}, only ${a.name} ${relative.onlyA.length}, only ${b.name} ${relative.onlyB.length}, neither ${relative.neither!.length}.`);
      if (relative.onlyA.length > 0) out.push(`\nOnly ${a.name}:${sample(relative.onlyA)}`);
      if (relative.onlyB.length > 0) out.push(`\nOnly ${b.name}:${sample(relative.onlyB)}`);
      if (relative.neither!.length > 0) out.push(`\nNeither:${sample(relative.neither!)}`);
      const all = splitEdges(a, b);
      if (all !== undefined) {
        out.push('', `All imports between script files: both ${all.both}, only ${a.name} ${all.onlyA.length}, only ${b.name} ${all.onlyB.length}.`);
        if (all.onlyA.length > 0) out.push(`\nOnly ${a.name}:${sample(all.onlyA)}`);
        if (all.onlyB.length > 0) out.push(`\nOnly ${b.name}:${sample(all.onlyB)}`);
      }
      out.push('');
    }
  }

  out.push('## Dependents of the probe files', '');
  const unions = sources.map((source) => new Set(probes.flatMap((probe) => [...source.dependentsOf(probe)])));
  out.push(markdownTable(['file', ...sources.map((source) => source.name)], [
    ...probes.map((probe) => [`\`${probe}\``, ...sources.map((source) => String(source.dependentsOf(probe).size))]),
    [`all ${probes.length} (union)`, ...unions.map((set) => String(set.size))],
  ]));
  for (let i = 0; i < sources.length; i++) {
    for (let j = i + 1; j < sources.length; j++) {
      const onlyA = [...unions[i]!].filter((file) => !unions[j]!.has(file));
      const onlyB = [...unions[j]!].filter((file) => !unions[i]!.has(file));
      if (onlyA.length + onlyB.length === 0) continue;
      out.push('', `${sources[i]!.name} / ${sources[j]!.name}: ${onlyA.length} dependents only in ${sources[i]!.name}, ${onlyB.length} only in ${sources[j]!.name}${sample([...onlyA.map((f) => `only ${sources[i]!.name}: ${f}`), ...onlyB.map((f) => `only ${sources[j]!.name}: ${f}`)])}`);
    }
  }
  return out.join('\n') + '\n';
}

export interface CompareOptions {
  readonly files: number;
  readonly packages: number;
  readonly seed: number;
  readonly examples?: number;
  /** Saved outputs to use instead of running the tools (whole-tree JSON). */
  readonly depcruiseJson?: string;
  readonly madgeJson?: string;
  /** How to ask blastwall (default `graph`, falling back to `radius`). */
  readonly blastwall?: 'graph' | 'radius' | 'off';
  /** More tools: `{ name, dependentsOf: (file) => ... }`, with `edges` when the tool gives them. */
  readonly extra?: readonly DependentsSource[];
}

export async function compareDependents(options: CompareOptions): Promise<string> {
  const { dir, result } = await ensureMonorepo(options);
  const files = git(dir, ['ls-files']).split('\n');
  const planned = expandGoEdges(readPlanned(dir), files);
  const depcruise = JSON.parse(options.depcruiseJson !== undefined ? readFileSync(options.depcruiseJson, 'utf8') : capture(depcruiseCommand(dir))) as unknown;
  const madge = JSON.parse(options.madgeJson !== undefined ? readFileSync(options.madgeJson, 'utf8') : capture(madgeCommand(dir))) as unknown;
  const sources = [plannedSource(planned), fromEdges('depcruise', parseDepcruise(depcruise)), fromEdges('madge', parseMadge(madge)), ...(options.extra ?? [])];
  const mode = options.blastwall ?? 'graph';
  if (mode !== 'off') {
    const graph = mode === 'graph' ? await blastwallGraphSource(dir) : undefined;
    sources.push(graph ?? blastwallRadiusSource(dir, result.probes));
  }
  return `# Module graphs of ${dir}\n\n${compareReport(sources, planned, result.probes, options.examples)}`;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '3000' }, packages: { type: 'string', default: '120' }, seed: { type: 'string', default: '1' },
      examples: { type: 'string', default: '5' }, depcruise: { type: 'string' }, madge: { type: 'string' }, blastwall: { type: 'string', default: 'graph' },
    },
  });
  const blastwall = values.blastwall;
  if (blastwall !== 'graph' && blastwall !== 'radius' && blastwall !== 'off') throw new Error('--blastwall must be graph, radius or off');
  compareDependents({ files: Number(values.files), packages: Number(values.packages), seed: Number(values.seed), examples: Number(values.examples), depcruiseJson: values.depcruise, madgeJson: values.madge, blastwall })
    .then((report) => console.log(report))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
