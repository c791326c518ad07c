import { describe, expect, it } from 'vitest';
import { parseCatalogInfo } from './backstage.js';
import { servicesSchema } from './schema.js';
import { buildServiceCatalog, callersOf, serviceOfPath, type ServiceCatalog } from './services.js';

const declared = servicesSchema.parse({
  payments: { paths: ['services/payments/**'], criticality: 'critical', owners: ['@acme/payments'], dependsOn: ['ledger'] },
  checkout: { criticality: 'high', owners: ['@acme/checkout'], dependsOn: ['payments'], description: 'Cart to order' },
  platform: { paths: ['services/**', 'tools/*.sh'], criticality: 'low' },
  orphan: { criticality: 'low' },
});

const catalogFiles: Record<string, string> = {
  'services/payments/catalog-info.yaml': `kind: Component
metadata: { name: payments, description: Takes payments }
spec: { type: service, owner: team-payments, dependsOn: ['resource:default/db'] }
`,
  'apps/checkout/catalog-info.yaml': `kind: Component
metadata: { name: checkout }
spec: { type: website, owner: group:team-checkout, dependsOn: ['component:cart'], consumesApis: [fx] }
`,
  'services/fx/catalog-info.yaml': `kind: Component
metadata: { name: fx-service }
spec: { type: service, owner: team-fx, providesApis: ['api:fx'] }
---
kind: API
metadata: { name: fx }
spec: { type: openapi, owner: team-fx }
`,
  'services/ledger/catalog-info.yaml': `kind: Resource
metadata: { name: ledger }
spec: { type: database, owner: team-payments }
`,
  'legacy/ledger/catalog-info.yaml': `kind: Component
metadata: { name: ledger }
`,
};

const backstage = Object.entries(catalogFiles).flatMap(([path, text]) => parseCatalogInfo(text, path).entities);

const catalog: ServiceCatalog = buildServiceCatalog({
  declared,
  backstage,
  runtimeEdges: [
    { parent: 'frontend', child: 'checkout', callCount: 900 },
    { parent: 'checkout', child: 'payments', callCount: 300 },
    { parent: 'ledger', child: 'payments', callCount: 2 },
    { parent: 'payments', child: 'payments', callCount: 7 },
  ],
});

describe('buildServiceCatalog', () => {
  it('merges config and Backstage: config wins, owners and dependsOn are merged', () => {
    expect([...catalog.services.values()]).toEqual([
      {
        name: 'payments',
        paths: ['services/payments/**'],
        criticality: 'critical',
        owners: ['@acme/payments', 'team-payments'],
        dependsOn: ['ledger', 'db'],
        source: 'both',
        description: 'Takes payments',
      },
      {
        name: 'checkout',
        paths: ['apps/checkout/**'],
        criticality: 'high',
        owners: ['@acme/checkout', 'group:team-checkout'],
        dependsOn: ['payments', 'cart', 'fx-service'],
        source: 'both',
        description: 'Cart to order',
      },
      { name: 'platform', paths: ['services/**', 'tools/*.sh'], criticality: 'low', owners: [], dependsOn: [], source: 'config' },
      { name: 'orphan', paths: [], criticality: 'low', owners: [], dependsOn: [], source: 'config' },
      { name: 'fx-service', paths: ['services/fx/**'], criticality: 'normal', owners: ['team-fx'], dependsOn: [], source: 'backstage' },
      { name: 'ledger', paths: ['services/ledger/**'], criticality: 'normal', owners: ['team-payments'], dependsOn: [], source: 'backstage' },
    ]);
  });

  it('reports a declared service without paths, and a name that two catalog files describe', () => {
    expect(catalog.problems).toEqual([
      { file: 'legacy/ledger/catalog-info.yaml', line: 1, message: 'Component "ledger" is already described in services/ledger/catalog-info.yaml:1; this one is ignored' },
      { file: 'blastwall.yml', message: 'services.orphan: no "paths", and no Backstage component of that name: list the service\'s files in "paths"' },
    ]);
  });

  it('keeps who calls whom, a declared dependency over a runtime one, and no self-calls', () => {
    const edges = [...catalog.callers].map(([callee, callers]) => [callee, Object.fromEntries(callers)]);
    expect(edges).toEqual([
      ['ledger', { payments: 'dependsOn' }],
      ['db', { payments: 'dependsOn' }],
      ['payments', { checkout: 'dependsOn', ledger: 'runtime' }],
      ['cart', { checkout: 'dependsOn' }],
      ['fx-service', { checkout: 'dependsOn' }],
      ['checkout', { frontend: 'runtime' }],
    ]);
  });

  it('works from the config alone', () => {
    const small = buildServiceCatalog({ declared: servicesSchema.parse({ api: { paths: ['api/**'] } }) });
    expect(small).toEqual({
      services: new Map([['api', { name: 'api', paths: ['api/**'], criticality: 'normal', owners: [], dependsOn: [], source: 'config' }]]),
      callers: new Map(),
      problems: [],
    });
  });
});

describe('serviceOfPath', () => {
  it('lists every service whose globs match, the most specific first', () => {
    expect(serviceOfPath(catalog, 'services/payments/src/charge.ts')).toEqual([
      { service: 'payments', glob: 'services/payments/**' },
      { service: 'platform', glob: 'services/**' },
    ]);
    expect(serviceOfPath(catalog, 'services/fx/.env')).toEqual([
      { service: 'fx-service', glob: 'services/fx/**' },
      { service: 'platform', glob: 'services/**' },
    ]);
    expect(serviceOfPath(catalog, 'tools/release.sh')).toEqual([{ service: 'platform', glob: 'tools/*.sh' }]);
    expect(serviceOfPath(catalog, 'tools/ci/release.sh')).toEqual([]);
    expect(serviceOfPath(catalog, 'README.md')).toEqual([]);
  });
});

describe('callersOf', () => {
  it('follows dependsOn and runtime edges to every caller, with the shortest chain', () => {
    expect(callersOf(catalog, 'ledger')).toEqual([
      { service: 'payments', inCatalog: true, chain: ['ledger', 'payments'], via: ['dependsOn'] },
      { service: 'checkout', inCatalog: true, chain: ['ledger', 'payments', 'checkout'], via: ['dependsOn', 'dependsOn'] },
      { service: 'frontend', inCatalog: false, chain: ['ledger', 'payments', 'checkout', 'frontend'], via: ['dependsOn', 'dependsOn', 'runtime'] },
    ]);
  });

  it('reaches consumers of an API through the component that provides it', () => {
    expect(callersOf(catalog, 'fx-service').map((c) => c.chain)).toEqual([
      ['fx-service', 'checkout'],
      ['fx-service', 'checkout', 'frontend'],
    ]);
  });

  it('stops at a cycle and does not list the changed service as its own caller', () => {
    // payments → ledger (declared) and ledger → payments (runtime) form a cycle.
    expect(callersOf(catalog, 'payments').map((c) => c.service)).toEqual(['checkout', 'ledger', 'frontend']);
  });

  it('takes the shortest of several chains', () => {
    const diamond = buildServiceCatalog({
      declared: servicesSchema.parse({
        a: { paths: ['a/**'], dependsOn: ['b', 'c'] },
        b: { paths: ['b/**'], dependsOn: ['d'] },
        c: { paths: ['c/**'], dependsOn: ['e'] },
        e: { paths: ['e/**'], dependsOn: ['d'] },
        d: { paths: ['d/**'] },
      }),
    });
    expect(callersOf(diamond, 'd').map((c) => c.chain)).toEqual([
      ['d', 'b'],
      ['d', 'e'],
      ['d', 'b', 'a'],
      ['d', 'e', 'c'],
    ]);
    expect(callersOf(diamond, 'a')).toEqual([]);
    expect(callersOf(diamond, 'unknown')).toEqual([]);
  });
});
