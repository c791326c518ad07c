import { describe, expect, it } from 'vitest';
import type { Edge } from '../graph/graph.js';
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

  it('stops at the given depth', () => {
    expect([...reachDependents([{ path: 'a', reason: 'changed' }], dependents, 1).keys()].sort()).toEqual(['a', 'b', 'd']);
  });
});
