import { describe, expect, it } from 'vitest';
import { openResolution } from '../graph/cached-graph.js';
import { decodeResolution, encodeResolution } from '../graph/compact.js';
import { reverseEdges, type Edge, type FileNode } from '../graph/graph.js';
import { chainTo, reachDependents } from './dependents.js';

const edge = (from: string, to: string, typeOnly = false): Edge => ({ from, to, kind: 'static', typeOnly, line: 1, specifier: to });

describe('reachDependents', () => {
  // c imports b imports a; d imports a (type only); e imports d; f and g import each other and b.
  const edges = [edge('b', 'a'), edge('c', 'b'), edge('d', 'a', true), edge('e', 'd'), edge('f', 'g'), edge('g', 'f'), edge('f', 'b')];
  const dependents = new Map<string, Edge[]>();
  for (const e of edges) dependents.set(e.to, [...(dependents.get(e.to) ?? []), e]);

  it('finds every transitive dependent once, with distances, through cycles', () => {
    const reached = reachDependents([{ path: 'a', reason: 'changed' }], dependents);
    expect(Object.fromEntries([...reached].map(([path, r]) => [path, [r.distance, r.via, r.typeOnly]]))).toEqual({
      a: [0, undefined, false],
      b: [1, 'a', false],
      d: [1, 'a', true],
      c: [2, 'b', false],
      e: [2, 'd', true],
      f: [2, 'b', false],
      g: [3, 'f', false],
    });
    expect(chainTo(reached, 'g')).toEqual(['a', 'b', 'f', 'g']);
  });

  it('lists files nearest first and by path at each distance, whichever order they were found in', () => {
    const reached = reachDependents([{ path: 'a', reason: 'changed' }], dependents);
    expect([...reached.keys()]).toEqual(['a', 'b', 'd', 'c', 'e', 'f', 'g']);
    const fan = new Map<string, Edge[]>([['core', ['z', 'y', 'x/b', 'x/a', 'B'].map((from) => edge(from, 'core'))]]);
    expect([...reachDependents([{ path: 'core', reason: 'changed' }, { path: 'A', reason: 'changed' }], fan).keys()]).toEqual(['A', 'core', 'B', 'x/a', 'x/b', 'y', 'z']);
  });

  it('gives the same files in the same order from the graph cache, which sorts by stored rank', () => {
    // A fan-in of 300 importers found in reverse path order, a second level, a type-only path.
    const names = Array.from({ length: 300 }, (_, i) => `pkg/${String(299 - i).padStart(3, '0')}.ts`);
    const node = (path: string, targets: string[], typeOnly = false): FileNode => ({ path, blob: path, language: 'typescript', imports: targets.map((t) => ({ specifier: t, kind: 'static', typeOnly, line: 1, targets: [t] })) });
    const files = new Map<string, FileNode>([['core.ts', node('core.ts', [])], ...names.map((n): [string, FileNode] => [n, node(n, ['core.ts'])]), ['top/Z.ts', node('top/Z.ts', [names[5]!, names[7]!])], ['top/a.ts', node('top/a.ts', [names[9]!], true)]]);
    const compact = decodeResolution(encodeResolution({ files, paths: [...files.keys()] }, { context: 'c', generation: 'g', packages: [] }))!;
    const seeds = [{ path: 'core.ts', reason: 'changed' }];
    const cached = reachDependents(seeds, openResolution(compact).dependents);
    expect([...cached.entries()]).toEqual([...reachDependents(seeds, reverseEdges(files)).entries()]);
    expect([...cached.keys()].slice(0, 3)).toEqual(['core.ts', 'pkg/000.ts', 'pkg/001.ts']);
    expect([...cached.keys()].slice(-2)).toEqual(['top/Z.ts', 'top/a.ts']);
    expect(cached.get('top/a.ts')).toMatchObject({ distance: 2, typeOnly: true });
  });

  it('stops at the given depth', () => {
    expect([...reachDependents([{ path: 'a', reason: 'changed' }], dependents, 1).keys()].sort()).toEqual(['a', 'b', 'd']);
  });
});
