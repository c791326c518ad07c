import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../util.js';
import { fromEdges, type DependentsSource } from './graphs.js';
import { capture, radiusCommand } from './tools.js';

/** The files a `blastwall radius --format json` answer names: `files[].path`, the changed ones included. */
export function radiusFiles(json: unknown): string[] {
  const files = (json as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) throw new Error('not blastwall radius JSON: no "files" array');
  return files.map((file) => {
    const path = (file as { path?: unknown } | null)?.path;
    if (typeof path !== 'string') throw new Error('not blastwall radius JSON: a file without "path"');
    return path;
  });
}

/**
 * blastwall through its command line, one `radius` per probe file: dependents of those files
 * only, so the comparison leaves it out of the edge-by-edge sections.
 */
export function blastwallRadiusSource(repo: string, probes: readonly string[]): DependentsSource {
  const answers = new Map(probes.map((probe) => [probe, new Set(radiusFiles(JSON.parse(capture(radiusCommand(repo, [probe]))) as unknown).filter((path) => path !== probe))]));
  return {
    name: 'blastwall',
    probesOnly: true,
    dependentsOf(file: string): ReadonlySet<string> {
      const answer = answers.get(file);
      if (answer === undefined) throw new Error(`blastwall was asked only about the probe files, not ${file}`);
      return answer;
    },
  };
}

interface BuiltGraph {
  readonly files: ReadonlyMap<string, { readonly imports: readonly { readonly targets: readonly string[] }[] }>;
}

/**
 * blastwall's whole module graph, from the built library's public entry (`buildGraph` in
 * `dist/index.js`): every edge, Python and Go included. Undefined when the build does
 * not have it or its shape changed; the caller falls back to `blastwallRadiusSource`.
 */
export async function blastwallGraphSource(repo: string): Promise<DependentsSource | undefined> {
  const file = join(ROOT, 'dist', 'index.js');
  if (!existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { buildGraph?: (root: string, options?: { cache?: boolean }) => Promise<BuiltGraph> };
  if (typeof module.buildGraph !== 'function') return undefined;
  const graph = await module.buildGraph(repo, { cache: true });
  if (typeof graph.files?.entries !== 'function') return undefined;
  const edges = new Map<string, Set<string>>();
  for (const [path, node] of graph.files) edges.set(path, new Set(node.imports.flatMap((imported) => imported.targets).filter((to) => to !== path)));
  return fromEdges('blastwall', edges);
}
