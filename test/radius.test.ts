import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepository } from '../src/git/repository.js';
import { CACHE_VERSION } from '../src/graph/cache.js';
import { parseConfig } from '../src/policy/config.js';
import { analyzeRadius, type RadiusReport } from '../src/radius/analyze.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

/** One small repository per scenario: committed files, then a change in the work tree. */
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

async function scenario(
  files: Record<string, string>,
  change: Record<string, string | null>,
  options: { config?: string; files?: string[]; history?: boolean } = {},
): Promise<RadiusReport> {
  const repo = createRepo();
  repos.push(repo);
  repo.commit({ message: 'initial\n', files: { ...files, ...(options.config !== undefined && { 'blastwall.yml': options.config }) } });
  for (const [path, content] of Object.entries(change)) {
    if (content === null) repo.git(['rm', '-q', path]);
    else repo.write(path, content);
  }
  const config = parseConfig(options.config ?? '');
  return analyzeRadius(await openRepository(repo.dir), {
    config: { ...config, radius: { ...config.radius, history: options.history ?? false } },
    base: 'HEAD',
    ...(options.files && { files: options.files }),
  });
}

const dependents = (report: RadiusReport): Record<string, number> =>
  Object.fromEntries(report.files.map((f) => [f.path, f.distance]));

describe('blastwall radius on fixture repositories', () => {
  it('follows relative, type-only, re-export, dynamic and CommonJS imports', async () => {
    const report = await scenario(
      {
        'src/core.ts': 'export const core = 1;\n',
        'src/uses-core.ts': "import { core } from './core';\nexport const a = core;\n",
        'src/types.ts': "import type { X } from './core';\nexport type Y = X;\n",
        'src/reexport.ts': "export * from './uses-core';\n",
        'src/lazy.ts': "export const load = () => import('./reexport');\n",
        'src/legacy.cjs': "const lazy = require('./lazy');\nmodule.exports = lazy;\n",
        'src/other.ts': "import 'react';\nexport const other = 2;\n",
        'package.json': '{"name":"app","type":"module"}\n',
      },
      { 'src/core.ts': 'export const core = 2;\n' },
    );
    expect(dependents(report)).toEqual({ 'src/core.ts': 0, 'src/types.ts': 1, 'src/uses-core.ts': 1, 'src/reexport.ts': 2, 'src/lazy.ts': 3, 'src/legacy.cjs': 4 });
    expect(report.files.find((f) => f.path === 'src/types.ts')!.typeOnly).toBe(true);
    expect(report.summary).toBe('touches 1 file; reaches 5 files, 1 package, 0 services');
  });

  it('resolves tsconfig paths and workspace packages by name to their source', async () => {
    const report = await scenario(
      {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['packages/lib/src/*'] } } }),
        'packages/lib/package.json': JSON.stringify({ name: '@acme/lib', main: 'dist/index.js', exports: { '.': './dist/index.js', './math': './dist/math.js' } }),
        'packages/lib/src/index.ts': "export * from './math';\n",
        'packages/lib/src/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
        'packages/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { '@acme/lib': 'workspace:*' } }),
        'packages/api/src/by-name.ts': "import { add } from '@acme/lib';\nexport const two = add(1, 1);\n",
        'packages/api/src/by-subpath.ts': "import { add } from '@acme/lib/math';\nexport const three = add(1, 2);\n",
        'packages/api/src/by-alias.ts': "import { add } from '@lib/math';\nexport const four = add(2, 2);\n",
      },
      { 'packages/lib/src/math.ts': 'export const add = (a: number, b: number) => b + a;\n' },
    );
    expect(dependents(report)).toEqual({
      'packages/lib/src/math.ts': 0,
      'packages/api/src/by-alias.ts': 1,
      'packages/api/src/by-subpath.ts': 1,
      'packages/lib/src/index.ts': 1,
      'packages/api/src/by-name.ts': 2,
    });
    expect(report.packages.map((p) => [p.name, p.files])).toEqual([['@acme/lib', 2], ['@acme/api', 3]]);
  });

  it('resolves paths from a tsconfig that extends a shared base, and through project references', async () => {
    const report = await scenario(
      {
        'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@shared/*': ['libs/shared/src/*'] } } }),
        'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './apps/web' }, { path: './libs/shared' }] }),
        'libs/shared/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { composite: true }, include: ['src'] }),
        'libs/shared/src/format.ts': 'export const format = (n: number) => `${n}`;\n',
        'apps/web/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', references: [{ path: '../../libs/shared' }], include: ['src'] }),
        'apps/web/src/page.ts': "import { format } from '@shared/format';\nexport const page = format(1);\n",
      },
      { 'libs/shared/src/format.ts': 'export const format = (n: number) => `#${n}`;\n' },
    );
    expect(dependents(report)).toEqual({ 'libs/shared/src/format.ts': 0, 'apps/web/src/page.ts': 1 });
  });

  it('reaches services, their callers through dependsOn and runtime edges, zones and CODEOWNERS owners', async () => {
    const config = `
services:
  payments:
    paths: ["services/payments/**"]
    criticality: critical
    owners: ["@acme/payments"]
  checkout:
    paths: ["services/checkout/**"]
    criticality: high
    dependsOn: [payments]
  storefront:
    paths: ["services/storefront/**"]
zones:
  money:
    services: [payments]
    criticality: critical
  shared:
    paths: ["lib/**"]
    criticality: normal
radius:
  runtimeEdges: traces/dependencies.json
`;
    const report = await scenario(
      {
        'lib/money.ts': 'export const cents = (n: number) => Math.round(n * 100);\n',
        'services/payments/charge.ts': "import { cents } from '../../lib/money';\nexport const charge = (n: number) => cents(n);\n",
        'services/checkout/cart.ts': 'export const cart = [];\n',
        'services/storefront/page.ts': 'export const page = 1;\n',
        'traces/dependencies.json': JSON.stringify([{ parent: 'storefront', child: 'checkout', callCount: 120 }]),
        '.github/CODEOWNERS': '* @acme/everyone\n/lib/ @acme/platform\n/services/payments/ @acme/payments\n',
      },
      { 'lib/money.ts': 'export const cents = (n: number) => Math.round(n * 1000) / 10;\n' },
      { config },
    );
    expect(report.services.map((s) => [s.name, s.criticality, s.distance, s.reachedBy, s.why])).toEqual([
      ['payments', 'critical', 1, 'code', ['lib/money.ts', 'services/payments/charge.ts']],
      ['checkout', 'high', 2, 'dependsOn', ['lib/money.ts', 'services/payments/charge.ts', 'service:checkout']],
      ['storefront', 'normal', 3, 'runtime', ['lib/money.ts', 'services/payments/charge.ts', 'service:checkout', 'service:storefront']],
    ]);
    expect(report.zones.map((z) => [z.name, z.criticality, z.distance])).toEqual([
      ['money', 'critical', 1],
      ['shared', 'normal', 0],
    ]);
    expect(report.owners).toEqual([
      { owner: '@acme/payments', files: 1, services: ['payments'] },
      { owner: '@acme/platform', files: 1, services: [] },
    ]);
    expect(report.summary).toBe('touches 1 file; reaches 1 file, 0 packages, 3 services (payments: critical, checkout: high); critical zones money, owners @acme/payments @acme/platform');
  });

  it('reads Backstage catalog-info.yaml components with their owners and dependsOn', async () => {
    const catalog = (name: string, dependsOn: string[]) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: team-${name}\n  lifecycle: production\n  dependsOn: [${dependsOn.map((d) => `component:default/${d}`).join(', ')}]\n`;
    const report = await scenario(
      {
        'services/auth/catalog-info.yaml': catalog('auth', []),
        'services/auth/token.ts': 'export const token = 1;\n',
        'services/gateway/catalog-info.yaml': catalog('gateway', ['auth']),
        'services/gateway/main.ts': 'export const main = 1;\n',
      },
      { 'services/auth/token.ts': 'export const token = 2;\n' },
    );
    expect(report.services.map((s) => [s.name, s.reachedBy, s.owners])).toEqual([
      ['auth', 'code', ['team-auth']],
      ['gateway', 'dependsOn', ['team-gateway']],
    ]);
  });

  it('keeps a file that does not parse as a node, and lists unresolved imports of the change', async () => {
    const report = await scenario(
      {
        'src/a.ts': 'export const a = 1;\n',
        'src/broken.ts': "import { a } from './a';\nexport const = ;\n",
        'src/b.ts': "import { a } from './a';\nimport { gone } from './missing';\nexport const b = a + gone;\n",
      },
      { 'src/a.ts': 'export const a = 2;\n', 'src/b.ts': "import { a } from './a';\nimport { gone } from './missing';\nexport const b = a - gone;\n" },
    );
    expect(dependents(report)).toEqual({ 'src/a.ts': 0, 'src/b.ts': 0, 'src/broken.ts': 1 });
    expect(report.unresolved.map((u) => [u.file, u.specifier])).toEqual([['src/b.ts', './missing']]);
    expect(report.graph.parseErrors).toBe(1);
    expect(report.problems).toEqual([{ file: 'src/broken.ts', problem: "does not parse: 2:14: Unexpected token" }]);
  });

  it('finds the files that imported a deleted file, and their dependents', async () => {
    const report = await scenario(
      {
        'src/old.ts': 'export const old = 1;\n',
        'src/user.ts': "import { old } from './old';\nexport const user = old;\n",
        'src/app.ts': "import { user } from './user';\nexport const app = user;\n",
        'src/other.ts': 'export const other = 1;\n',
      },
      { 'src/old.ts': null },
    );
    expect(dependents(report)).toEqual({ 'src/user.ts': 0, 'src/app.ts': 1 });
    expect(report.files.find((f) => f.path === 'src/user.ts')!.seed).toBe('imports deleted src/old.ts');
  });

  it('finds the files that imported a deleted file by its workspace package name', async () => {
    const report = await scenario(
      {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'packages/utils/package.json': JSON.stringify({ name: '@acme/utils' }),
        'packages/utils/src/index.ts': "export * from './lib/keep';\n",
        'packages/utils/src/lib/keep.ts': 'export const keep = 1;\n',
        'packages/utils/src/lib/old.ts': 'export const old = 1;\n',
        'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
        'packages/app/src/sub.ts': "import { old } from '@acme/utils/lib/old';\nexport const sub = old;\n",
        'packages/app/src/whole.ts': "import { keep } from '@acme/utils';\nexport const whole = keep;\n",
        'packages/app/src/main.ts': "import { sub } from './sub';\nexport const main = sub;\n",
        'packages/app/src/lookalike.ts': "import { x } from 'other-utils/lib/old';\nexport const y = x;\n",
      },
      { 'packages/utils/src/lib/old.ts': null },
    );
    expect(dependents(report)).toEqual({ 'packages/app/src/sub.ts': 0, 'packages/app/src/main.ts': 1 });
    expect(report.files.find((f) => f.path === 'packages/app/src/sub.ts')!.seed).toBe('imports deleted packages/utils/src/lib/old.ts');

    // A deleted package entry breaks the imports of the package by its bare name.
    const entry = await scenario(
      {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'packages/utils/package.json': JSON.stringify({ name: '@acme/utils' }),
        'packages/utils/src/index.ts': 'export const keep = 1;\n',
        'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
        'packages/app/src/whole.ts': "import { keep } from '@acme/utils';\nexport const whole = keep;\n",
      },
      { 'packages/utils/src/index.ts': null },
    );
    expect(dependents(entry)).toEqual({ 'packages/app/src/whole.ts': 0 });
  });

  it('limits a lockfile change to the packages whose resolved dependencies changed', async () => {
    const lock = (lodash: string) => `lockfileVersion: '9.0'\nimporters:\n  packages/a:\n    dependencies:\n      lodash:\n        specifier: ^4\n        version: ${lodash}\n  packages/b:\n    dependencies:\n      ms:\n        specifier: ^2\n        version: 2.1.3\npackages:\n  lodash@${lodash}: {}\n  ms@2.1.3: {}\nsnapshots:\n  lodash@${lodash}: {}\n  ms@2.1.3: {}\n`;
    const report = await scenario(
      {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'pnpm-lock.yaml': lock('4.17.20'),
        'packages/a/package.json': JSON.stringify({ name: '@acme/a' }),
        'packages/a/index.ts': 'export const a = 1;\n',
        'packages/b/package.json': JSON.stringify({ name: '@acme/b' }),
        'packages/b/index.ts': 'export const b = 1;\n',
      },
      { 'pnpm-lock.yaml': lock('4.17.21') },
    );
    expect(report.packages.map((p) => p.name)).toEqual(['@acme/a']);
    expect(report.files.find((f) => f.path === 'packages/a/index.ts')!.seed).toBe('lockfile: pnpm-lock.yaml (@acme/a)');
  });

  it('applies radius rules: a path that affects everything or named services', async () => {
    const config = `
services:
  billing: { paths: ["billing/**"], criticality: critical }
radius:
  rules:
    - { paths: ["proto/**"], affects: services, services: [billing], why: generated clients }
`;
    const report = await scenario(
      { 'proto/billing.proto': 'syntax = "proto3";\n', 'billing/client.ts': 'export const c = 1;\n' },
      { 'proto/billing.proto': 'syntax = "proto3";\n// v2\n' },
      { config },
    );
    expect(report.services.map((s) => [s.name, s.reachedBy, s.why])).toEqual([['billing', 'rule', ['rule: proto/billing.proto (generated clients)']]]);
  });

  it('reports files that change together in history without an import edge', async () => {
    const repo = createRepo();
    repos.push(repo);
    for (let i = 0; i < 6; i++) {
      repo.commit({ message: `change ${i}\n`, files: { 'api/handler.go': `package api\n// ${i}\n`, 'db/001.sql': `-- ${i}\n` } });
    }
    repo.write('api/handler.go', 'package api\n// now\n');
    const config = parseConfig('');
    const report = await analyzeRadius(await openRepository(repo.dir), { config, base: 'HEAD' });
    expect(report.coupled).toEqual([
      { file: 'api/handler.go', coupled: 'db/001.sql', shared: 6, revisions: { file: 6, coupled: 6 }, degree: 1, imported: false },
    ]);
  });

  it('reads history once per commit: a second radius at the same commit takes the change sets from the cache', async () => {
    const repo = createRepo();
    repos.push(repo);
    for (let i = 0; i < 5; i++) repo.commit({ message: `change ${i}\n`, files: { 'api/handler.go': `package api\n// ${i}\n`, 'db/001.sql': `-- ${i}\n` } });
    const config = parseConfig('');
    const radius = async () => (await analyzeRadius(await openRepository(repo.dir), { config, files: ['api/handler.go'] })).coupled.map((c) => [c.coupled, c.shared]);
    expect(await radius()).toEqual([['db/001.sql', 5]]);
    // What the first run stored for HEAD is what the second reads: a sixth change set put there shows up.
    const file = join(repo.dir, '.blastwall', 'cache', `cochange-v${CACHE_VERSION}.bin`);
    const stored = deserialize(readFileSync(file)) as { key: string; value: string[][] };
    expect(stored.key.startsWith(`${repo.git(['rev-parse', 'HEAD']).trim()} `)).toBe(true);
    expect(stored.value).toHaveLength(5);
    writeFileSync(file, serialize({ key: stored.key, value: [['api/handler.go', 'db/001.sql'], ...stored.value] }));
    expect(await radius()).toEqual([['db/001.sql', 6]]);
    // A new commit is another key: its history is read from git.
    repo.commit({ message: 'change 5\n', files: { 'api/handler.go': 'package api\n// 5\n' } });
    expect(await radius()).toEqual([['db/001.sql', 5]]);
  });

  it('follows Python absolute and relative imports in a src layout', async () => {
    const report = await scenario(
      {
        'pyproject.toml': '[project]\nname = "shop"\n',
        'src/shop/__init__.py': '',
        'src/shop/models/__init__.py': '',
        'src/shop/models/user.py': 'class User: pass\n',
        'src/shop/api/__init__.py': '',
        'src/shop/api/views.py': 'from ..models.user import User\nimport requests\n',
        'src/shop/cli.py': 'import shop.api.views\n',
        'src/shop/text.py': 's = "import shop.models.user"\n',
      },
      { 'src/shop/models/user.py': 'class User:\n    name = ""\n' },
    );
    expect(dependents(report)).toEqual({ 'src/shop/models/user.py': 0, 'src/shop/api/views.py': 1, 'src/shop/cli.py': 2 });
  });

  it('follows Go package imports within a module', async () => {
    const report = await scenario(
      {
        'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
        'internal/money/money.go': 'package money\n\nfunc Cents(n float64) int { return int(n * 100) }\n',
        'internal/money/money_test.go': 'package money\n',
        'internal/money/round.go': 'package money\n',
        'cmd/api/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"github.com/acme/shop/internal/money"\n)\n\nfunc main() { fmt.Println(money.Cents(1)) }\n',
      },
      { 'internal/money/round.go': 'package money\n\n// changed\n' },
    );
    expect(dependents(report)).toEqual({ 'internal/money/round.go': 0, 'cmd/api/main.go': 1 });
  });

  it('follows Java class, wildcard and static imports', async () => {
    const report = await scenario(
      {
        'src/main/java/com/acme/money/Money.java': 'package com.acme.money;\npublic class Money {}\n',
        'src/main/java/com/acme/money/Rates.java': 'package com.acme.money;\npublic class Rates { public static int RATE = 1; }\n',
        'src/main/java/com/acme/shop/Cart.java': 'package com.acme.shop;\nimport com.acme.money.Money;\npublic class Cart {}\n',
        'src/main/java/com/acme/shop/Tax.java': 'package com.acme.shop;\nimport static com.acme.money.Rates.RATE;\npublic class Tax {}\n',
        'src/main/java/com/acme/report/All.java': 'package com.acme.report;\nimport com.acme.money.*;\npublic class All {}\n',
      },
      { 'src/main/java/com/acme/money/Rates.java': 'package com.acme.money;\npublic class Rates { public static int RATE = 2; }\n' },
    );
    expect(dependents(report)).toEqual({
      'src/main/java/com/acme/money/Rates.java': 0,
      'src/main/java/com/acme/report/All.java': 1,
      'src/main/java/com/acme/shop/Tax.java': 1,
    });
  });
});
