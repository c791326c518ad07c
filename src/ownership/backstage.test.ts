import { describe, expect, it } from 'vitest';
import { parseCatalogInfo, parseEntityRef } from './backstage.js';

describe('parseEntityRef', () => {
  it('reads the three forms of a ref', () => {
    expect(parseEntityRef('component:default/payments-api')).toEqual({ kind: 'component', namespace: 'default', name: 'payments-api' });
    expect(parseEntityRef('component:payments-api')).toEqual({ kind: 'component', name: 'payments-api' });
    expect(parseEntityRef('resource:db')).toEqual({ kind: 'resource', name: 'db' });
    expect(parseEntityRef('billing/ledger')).toEqual({ namespace: 'billing', name: 'ledger' });
    expect(parseEntityRef('payments-api')).toEqual({ name: 'payments-api' });
  });
});

describe('parseCatalogInfo', () => {
  it('reads components, APIs, resources and systems from several documents', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  description: Takes payments
  annotations:
    github.com/project-slug: acme/shop
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
  system: system:checkout
  dependsOn:
    - component:default/ledger
    - component:fraud
    - resource:db
  providesApis: [payments]
  consumesApis: ['api:default/fx-rates']
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments
  namespace: shop
spec:
  type: openapi
  lifecycle: production
  owner: team-payments
  definition: |
    openapi: 3.0.0
---
kind: Group
metadata:
  name: team-payments
---
kind: resource
metadata:
  name: db
spec:
  type: database
  owner: team-payments
`;
    const { entities, problems } = parseCatalogInfo(text, 'services/payments/catalog-info.yaml');
    expect(problems).toEqual([]);
    expect(entities).toEqual([
      {
        kind: 'Component',
        name: 'payments-api',
        namespace: 'default',
        description: 'Takes payments',
        owner: 'group:default/team-payments',
        type: 'service',
        lifecycle: 'production',
        system: 'checkout',
        dependsOn: ['ledger', 'fraud', 'db'],
        providesApis: ['payments'],
        consumesApis: ['fx-rates'],
        paths: ['services/payments/**'],
        file: 'services/payments/catalog-info.yaml',
        line: 1,
      },
      {
        kind: 'API',
        name: 'payments',
        namespace: 'shop',
        owner: 'team-payments',
        type: 'openapi',
        lifecycle: 'production',
        dependsOn: [],
        providesApis: [],
        consumesApis: [],
        paths: ['services/payments/**'],
        file: 'services/payments/catalog-info.yaml',
        line: 20,
      },
      {
        kind: 'Resource',
        name: 'db',
        namespace: 'default',
        owner: 'team-payments',
        type: 'database',
        dependsOn: [],
        providesApis: [],
        consumesApis: [],
        paths: ['services/payments/**'],
        file: 'services/payments/catalog-info.yaml',
        line: 36,
      },
    ]);
  });

  it('gives a catalog file at the root every path', () => {
    const { entities } = parseCatalogInfo('kind: System\nmetadata:\n  name: shop\n', 'catalog-info.yaml');
    expect(entities.map((e) => [e.kind, e.name, e.paths])).toEqual([['System', 'shop', ['**']]]);
  });

  it('reports a missing name, a bad field and bad YAML with their lines, and reads the other documents', () => {
    const text = `kind: Component
metadata:
  title: No name
spec:
  owner: team-a
---
kind: Component
spec:
  owner: team-a
---
kind: Component
metadata:
  name: ok
spec:
  dependsOn: component:ledger
---
kind: Component
metadata:
  name: [broken
---
- just
- a list
---
kind: Component
metadata:
  name: fine
`;
    const { entities, problems } = parseCatalogInfo(text, 'apps/web/catalog-info.yaml');
    expect(entities.map((e) => e.name)).toEqual(['fine']);
    expect(problems).toEqual([
      { file: 'apps/web/catalog-info.yaml', line: 3, message: 'Component: missing metadata.name' },
      { file: 'apps/web/catalog-info.yaml', line: 7, message: 'Component: missing metadata' },
      {
        file: 'apps/web/catalog-info.yaml',
        line: 15,
        message: 'Component: spec.dependsOn: Invalid input: expected array, received string',
      },
      {
        file: 'apps/web/catalog-info.yaml',
        line: 20,
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
      { file: 'apps/web/catalog-info.yaml', line: 21, message: 'expected an entity (a mapping with kind, metadata and spec)' },
    ]);
  });
});
