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
