import { describe, expect, it } from 'vitest';
import { reverseEdges, type FileNode, type ModuleGraph } from '../graph/graph.js';
import { buildServiceCatalog } from '../ownership/services.js';
import { computeRadius } from './compute.js';

/** A graph where every file imports `lib/core.ts`. */
function graphOf(paths: readonly string[]): ModuleGraph {
  const files = new Map<string, FileNode>();
  for (const path of ['lib/core.ts', ...paths]) {
    const imports = path === 'lib/core.ts' ? [] : [{ specifier: 'core', kind: 'static' as const, typeOnly: false, line: 1, targets: ['lib/core.ts'] }];
    files.set(path, { path, blob: path, language: 'typescript', imports });
  }
  const stats = { files: files.size, parsed: 0, fromCache: 0, resolvedFromCache: 0, edges: paths.length, unresolved: 0, parseErrors: 0, skipped: 0 };
  return { root: '', paths: [...files.keys()], untracked: [], files, dependents: reverseEdges(files), packages: [], stats };
}

describe('computeRadius: services and zones of folder globs, looked up once per glob folder', () => {
  it('gives each reached file the most specific of nested service folders, and zones by folder', () => {
    const graph = graphOf(['apps/a.ts', 'apps/pay/b.ts', 'apps/pay/deep/c.ts', 'apps/payroll/d.ts', 'apps/pay-x/e.ts', 'other/f.ts']);
    const catalog = buildServiceCatalog({
      declared: {
        apps: { paths: ['apps/**'], criticality: 'low', dependsOn: [], owners: [] },
        pay: { paths: ['apps/pay/'], criticality: 'critical', dependsOn: [], owners: [] },
        deep: { paths: ['apps/pay/deep/**'], criticality: 'high', dependsOn: [], owners: [] },
      },
    });
    const radius = computeRadius({
      changed: [{ path: 'lib/core.ts', status: 'modified' }],
      graph,
      catalog,
      zones: { money: { paths: ['apps/pay/**'], criticality: 'critical' }, payroll: { paths: ['apps/payroll/'], criticality: 'high' } },
      codeowners: [],
      rules: [],
      lockfileImporters: new Map(),
      couplings: [],
    });
    expect(radius.services.map((s) => [s.name, s.why])).toEqual([
      ['pay', ['lib/core.ts', 'apps/pay/b.ts']],
      ['deep', ['lib/core.ts', 'apps/pay/deep/c.ts']],
      ['apps', ['lib/core.ts', 'apps/a.ts']],
    ]);
    expect(radius.zones.map((z) => [z.name, z.why])).toEqual([
      ['money', ['lib/core.ts', 'apps/pay/b.ts']],
      ['payroll', ['lib/core.ts', 'apps/payroll/d.ts']],
    ]);
    expect(radius.files).toHaveLength(7);
  });
});

describe('computeRadius: runs of files in one folder', () => {
  // Files come by path at each distance, so a folder's files sit together; what the folder does not
  // decide (file globs, CODEOWNERS name and path rules) must still be asked of each file.
  const graph = graphOf(['svc/a.ts', 'svc/b.py', 'svc/c.ts', 'svc/d.md', 'svc/sub/e.ts', 'web/f.ts', 'web/g.ts', 'x.ts']);
  const radius = computeRadius({
    changed: [{ path: 'lib/core.ts', status: 'modified' }],
    graph,
    catalog: buildServiceCatalog({
      declared: {
        python: { paths: ['svc/*.py'], criticality: 'high', dependsOn: [], owners: [] },
        web: { paths: ['web/**'], criticality: 'normal', dependsOn: [], owners: [] },
      },
    }),
    zones: { docs: { paths: ['**/*.md'], criticality: 'low' }, sub: { paths: ['svc/sub/'], criticality: 'critical' }, root: { paths: ['x.ts'], criticality: 'high' } },
    codeowners: [
      { pattern: '*', owners: ['@all'], line: 1 },
      { pattern: '/svc/', owners: ['@svc'], line: 2 },
      { pattern: '*.py', owners: ['@py'], line: 3 },
      { pattern: '/svc/c.ts', owners: ['@c'], line: 4 },
      { pattern: '/web/', owners: ['@web', '@front'], line: 5 },
    ],
    rules: [],
    lockfileImporters: new Map(),
    couplings: [],
  });

  it('finds a service and a zone of a file glob at the file that matches, not at its folder first file', () => {
    expect(radius.files.map((f) => f.path)).toEqual(['lib/core.ts', 'svc/a.ts', 'svc/b.py', 'svc/c.ts', 'svc/d.md', 'svc/sub/e.ts', 'web/f.ts', 'web/g.ts', 'x.ts']);
    expect(radius.services.map((s) => [s.name, s.why])).toEqual([
      ['python', ['lib/core.ts', 'svc/b.py']],
      ['web', ['lib/core.ts', 'web/f.ts']],
    ]);
    expect(radius.zones.map((z) => [z.name, z.why])).toEqual([
      ['sub', ['lib/core.ts', 'svc/sub/e.ts']],
      ['root', ['lib/core.ts', 'x.ts']],
      ['docs', ['lib/core.ts', 'svc/d.md']],
    ]);
  });

  it('counts owners per file where a name or path rule comes after the folder rule, per folder elsewhere', () => {
    expect(radius.owners.map((o) => [o.owner, o.files])).toEqual([
      ['@svc', 3],
      ['@all', 2],
      ['@front', 2],
      ['@web', 2],
      ['@c', 1],
      ['@py', 1],
    ]);
  });
});
