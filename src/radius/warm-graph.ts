import type { CheckedOutTree } from '../git/worktree.js';
import type { Repository } from '../git/repository.js';
import { buildGraph, type BuildOptions } from '../graph/build.js';
import { hasGraphCache } from '../graph/cache.js';
import type { ModuleGraph } from '../graph/graph.js';

// Kept apart from analyze.ts: a command starts the graph (git listing the work tree) first, and
// only then loads what the radius needs besides (ownership, history, YAML and the schemas), which
// costs a start ten milliseconds or more that git then spends working beside it.

/**
 * The work tree's graph, begun now so that git lists the work tree while the caller parses its
 * policy, when a graph cache makes it quick; undefined without one: a run that then stops at a bad
 * policy must not leave a cold build of many seconds running (`analyzeRadius` builds it instead).
 */
export function warmGraphOf(repo: Repository, options: Pick<BuildOptions, 'cache' | 'onProgress'>): Promise<ModuleGraph> | undefined {
  if (options.cache === false || !hasGraphCache(repo.root)) return undefined;
  const graph = graphOf({ root: repo.root, gitDir: repo.gitDir }, options);
  graph.catch(() => {
    // Awaited by the radius; this only keeps a failure from going unhandled when the policy fails first.
  });
  return graph;
}

/** The module graph of a checked-out tree, with the caller's cache and progress options. */
export function graphOf(tree: CheckedOutTree, options: Pick<BuildOptions, 'cache' | 'onProgress'>): Promise<ModuleGraph> {
  return buildGraph(tree.root, { gitDir: tree.gitDir, ...(options.cache !== undefined && { cache: options.cache }), ...(options.onProgress && { onProgress: options.onProgress }) });
}

