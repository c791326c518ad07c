import type { Evidence } from './evidence.js';

export interface GraphNode {
  readonly sha: string;
  readonly parents: readonly string[];
}

/**
 * A merge subject names the branch it merged (`Merge pull request #7 from acme/claude/fix-login`).
 * The commits that branch brought in are those reachable from the merge's second parent without
 * crossing the mainline (the first-parent chain from the newest commits), which is how a reader of
 * `git log --first-parent` sees a pull request. Returns, per commit, the branch evidence it inherits.
 */
export function inheritBranchEvidence(
  nodes: readonly GraphNode[],
  branchEvidence: ReadonlyMap<string, readonly Evidence[]>,
): Map<string, readonly Evidence[]> {
  const inherited = new Map<string, readonly Evidence[]>();
  if (branchEvidence.size === 0) return inherited;
  const bySha = new Map<string, GraphNode>();
  for (const node of nodes) bySha.set(node.sha, node);

  // Commits that are first parents of some commit, or have no child, form the mainlines.
  const hasChild = new Set<string>();
  for (const node of nodes) for (const parent of node.parents) hasChild.add(parent);
  const mainline = new Set<string>();
  for (const node of nodes) {
    if (hasChild.has(node.sha)) continue;
    for (let sha: string | undefined = node.sha; sha !== undefined && !mainline.has(sha); sha = bySha.get(sha)?.parents[0]) {
      mainline.add(sha);
    }
  }

  for (const [mergeSha, evidence] of branchEvidence) {
    const merge = bySha.get(mergeSha);
    const side = merge?.parents[1];
    if (side === undefined) continue;
    const stack = [side];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (mainline.has(sha) || inherited.has(sha)) continue;
      const node = bySha.get(sha);
      if (!node) continue;
      inherited.set(sha, evidence);
      stack.push(...node.parents);
    }
  }
  return inherited;
}
