import { describe, expect, it } from 'vitest';
import { openResolution } from '../graph/cached-graph.js';
import { decodeResolution, encodeResolution } from '../graph/compact.js';
import { reverseEdges, type Edge, type FileNode } from '../graph/graph.js';
import { reachDependents, type Reach } from './dependents.js';

const pathsOf = (reach: Reach): string[] => [...reach].map((r) => r.path);
const reachedAt = (reach: Reach, path: string) => [...reach].find((r) => r.path === path);
const edge = (from: string, to: string, typeOnly = false): Edge => ({ from, to, kind: 'static', typeOnly, line: 1, specifier: to });

describe('reachDependents', () => {
  // c imports b imports a; d imports a (type only); e imports d; f and g import each other and b.
  const edges = [edge('b', 'a'), edge('c', 'b'), edge('d', 'a', true), edge('e', 'd'), edge('f', 'g'), edge('g', 'f'), edge('f', 'b')];
  const dependents = new Map<string, Edge[]>();
  for (const e of edges) dependents.set(e.to, [...(dependents.get(e.to) ?? []), e]);

  it('finds every transitive dependent once, with distances, through cycles', () => {
    const reached = reachDependents([{ path: 'a', reason: 'changed' }], dependents);
    expect(Object.fromEntries([...reached].map((r) => [r.path, [r.distance, r.via, r.typeOnly]]))).toEqual({
      a: [0, undefined, false],
      b: [1, 'a', false],
      d: [1, 'a', true],
      c: [2, 'b', false],
      e: [2, 'd', true],
      f: [2, 'b', false],
      g: [3, 'f', false],
    });
    expect(reached.size).toBe(7);
    expect(reached.chain(pathsOf(reached).indexOf('g'))).toEqual(['a', 'b', 'f', 'g']);
    expect(reached.chain(0)).toEqual(['a']);
    expect(reached.at(0)).toEqual({ path: 'a', distance: 0, via: undefined, typeOnly: false, seed: 'changed' });
    expect(reachedAt(reached, 'e')).toEqual({ path: 'e', distance: 2, via: 'd', typeOnly: true });
    expect(reachedAt(reached, 'nowhere')).toBeUndefined();
  });

  it('lists files nearest first and by path at each distance, whichever order they were found in', () => {
    const reached = reachDependents([{ path: 'a', reason: 'changed' }], dependents);
    expect(pathsOf(reached)).toEqual(['a', 'b', 'd', 'c', 'e', 'f', 'g']);
    const fan = new Map<string, Edge[]>([['core', ['z', 'y', 'x/b', 'x/a', 'B'].map((from) => edge(from, 'core'))]]);
    expect(pathsOf(reachDependents([{ path: 'core', reason: 'changed' }, { path: 'A', reason: 'changed' }], fan))).toEqual(['A', 'core', 'B', 'x/a', 'x/b', 'y', 'z']);
  });

  it('gives the same files in the same order from the graph cache, which sorts by stored rank', () => {
    // A fan-in of 300 importers found in reverse path order, a second level, a type-only path.
    const names = Array.from({ length: 300 }, (_, i) => `pkg/${String(299 - i).padStart(3, '0')}.ts`);
    const node = (path: string, targets: string[], typeOnly = false): FileNode => ({ path, blob: path, language: 'typescript', imports: targets.map((t) => ({ specifier: t, kind: 'static', typeOnly, line: 1, targets: [t] })) });
    const files = new Map<string, FileNode>([['core.ts', node('core.ts', [])], ...names.map((n): [string, FileNode] => [n, node(n, ['core.ts'])]), ['top/Z.ts', node('top/Z.ts', [names[5]!, names[7]!])], ['top/a.ts', node('top/a.ts', [names[9]!], true)]]);
    const compact = decodeResolution(encodeResolution({ files, paths: [...files.keys()] }, { context: 'c', generation: 'g', packages: [] }))!;
    const seeds = [{ path: 'core.ts', reason: 'changed' }];
    const cached = reachDependents(seeds, openResolution(compact).dependents);
    expect([...cached]).toEqual([...reachDependents(seeds, reverseEdges(files))]);
    expect(pathsOf(cached).slice(0, 3)).toEqual(['core.ts', 'pkg/000.ts', 'pkg/001.ts']);
    expect(pathsOf(cached).slice(-2)).toEqual(['top/Z.ts', 'top/a.ts']);
    expect(reachedAt(cached, 'top/a.ts')).toMatchObject({ distance: 2, typeOnly: true });
  });

  it('stops at the given depth', () => {
    expect(pathsOf(reachDependents([{ path: 'a', reason: 'changed' }], dependents, 1))).toEqual(['a', 'b', 'd']);
  });

  it('keeps seeds that nothing imports and that import nothing, once each, listed by path', () => {
    const reached = reachDependents([{ path: 'z-alone', reason: 'changed' }, { path: 'a', reason: 'changed' }, { path: 'z-alone', reason: 'rule: again' }, { path: 'A-alone', reason: 'config: x' }], dependents);
    expect(pathsOf(reached)).toEqual(['A-alone', 'a', 'z-alone', 'b', 'd', 'c', 'e', 'f', 'g']);
    expect(reachedAt(reached, 'z-alone')).toEqual({ path: 'z-alone', distance: 0, via: undefined, typeOnly: false, seed: 'changed' });
    expect(reached.chain(0)).toEqual(['A-alone']);
  });
});
