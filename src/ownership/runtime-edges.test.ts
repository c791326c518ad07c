import { describe, expect, it } from 'vitest';
import { parseDependencyLinks } from './runtime-edges.js';

describe('parseDependencyLinks', () => {
  it('reads the Zipkin /api/v2/dependencies array', () => {
    const text = JSON.stringify([
      { parent: 'frontend', child: 'checkout', callCount: 120, errorCount: 3 },
      { parent: 'checkout', child: 'payments', callCount: 80 },
    ]);
    expect(parseDependencyLinks(text, 'traces/deps.json')).toEqual({
      links: [
        { parent: 'frontend', child: 'checkout', callCount: 120, errorCount: 3 },
        { parent: 'checkout', child: 'payments', callCount: 80 },
      ],
      problems: [],
    });
  });

  it('reads the Jaeger /api/dependencies wrapper and ignores its extra fields', () => {
    const text = JSON.stringify({
      data: [{ parent: 'frontend', child: 'driver', callCount: 1, source: 'jaeger' }],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(parseDependencyLinks(text, 'deps.json')).toEqual({ links: [{ parent: 'frontend', child: 'driver', callCount: 1 }], problems: [] });
    expect(parseDependencyLinks('{"data": null}', 'deps.json')).toEqual({ links: [], problems: [] });
  });

  it('reports each bad link with its index and line, and keeps the good ones', () => {
    const text = `{
  "data": [
    { "parent": "a", "child": "b", "callCount": 2 },
    { "parent": "a", "callCount": 2 },
    { "parent": "b", "child": "c", "callCount": -1 },
    { "parent": "c", "child": "d", "callCount": 1.5 }
  ]
}`;
    expect(parseDependencyLinks(text, 'deps.json')).toEqual({
      links: [{ parent: 'a', child: 'b', callCount: 2 }],
      problems: [
        { file: 'deps.json', line: 4, message: 'data[1].child: expected the callee service name; the link is ignored' },
        { file: 'deps.json', line: 5, message: 'data[2].callCount: expected a count of 0 or more; the link is ignored' },
        { file: 'deps.json', line: 6, message: 'data[3].callCount: expected a whole number; the link is ignored' },
      ],
    });
  });

  it('reports text that is not JSON, or not a list of links', () => {
    expect(parseDependencyLinks('[\n  {"parent": "a",}\n]', 'deps.json')).toEqual({
      links: [],
      problems: [{ file: 'deps.json', line: 2, message: 'not valid JSON: Expected double-quoted property name' }],
    });
    expect(parseDependencyLinks('{"links": []}', 'deps.json')).toEqual({
      links: [],
      problems: [{ file: 'deps.json', line: 1, message: 'expected an array of dependency links, or { "data": [...] } as Jaeger returns them' }],
    });
  });
});
