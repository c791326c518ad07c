import { describe, expect, it } from 'vitest';
import { parseCatalogInfo } from './backstage.js';
import { servicesSchema, zonesSchema } from './schema.js';
import { buildServiceCatalog } from './services.js';
import { zonesOf, zonesOfPaths } from './zones.js';

const zones = zonesSchema.parse({
  docs: { paths: ['docs/**', '*.md'], criticality: 'low' },
  payments: { paths: ['services/payments/**', 'libs/money/'], services: ['payments', 'ledger'], criticality: 'critical', description: 'Money moves here' },
  auth: { services: ['auth'], criticality: 'high' },
  checkout: { paths: ['services/payments/checkout/**', 'apps/checkout/**'], criticality: 'high' },
});

describe('zonesOf', () => {
  it('finds the zones of a path, the most critical first, with the glob that matched', () => {
    expect(zonesOf(zones, { path: 'services/payments/checkout/cart.ts' })).toEqual([
      { zone: 'payments', criticality: 'critical', description: 'Money moves here', glob: 'services/payments/**' },
      { zone: 'checkout', criticality: 'high', glob: 'services/payments/checkout/**' },
    ]);
    expect(zonesOf(zones, { path: 'libs/money/round.ts' })).toEqual([
      { zone: 'payments', criticality: 'critical', description: 'Money moves here', glob: 'libs/money/' },
    ]);
    expect(zonesOf(zones, { path: 'README.md' })).toEqual([{ zone: 'docs', criticality: 'low', glob: '*.md' }]);
    expect(zonesOf(zones, { path: 'src/index.ts' })).toEqual([]);
  });

  it('finds the zones of a service', () => {
    expect(zonesOf(zones, { service: 'ledger' })).toEqual([
      { zone: 'payments', criticality: 'critical', description: 'Money moves here', service: 'ledger' },
    ]);
    expect(zonesOf(zones, { service: 'auth' })).toEqual([{ zone: 'auth', criticality: 'high', service: 'auth' }]);
    expect(zonesOf(zones, { service: 'search' })).toEqual([]);
  });

  it('finds the zones of a path and its service together', () => {
    expect(zonesOf(zones, { path: 'services/auth/login.ts', service: 'auth' })).toEqual([{ zone: 'auth', criticality: 'high', service: 'auth' }]);
    expect(zonesOf(zones, { path: 'services/payments/charge.ts', service: 'payments' })).toEqual([
      { zone: 'payments', criticality: 'critical', description: 'Money moves here', glob: 'services/payments/**', service: 'payments' },
    ]);
    expect(zonesOf(zones, {})).toEqual([]);
  });
});

describe('zonesOfPaths', () => {
  // payments is declared with its paths; auth is a Backstage component (its folder); search is known to neither.
  const catalog = buildServiceCatalog({
    declared: servicesSchema.parse({ payments: { paths: ['services/payments/**', 'libs/money/'] } }),
    backstage: parseCatalogInfo('kind: Component\nmetadata: { name: auth }\nspec: { type: service }\n', 'services/auth/catalog-info.yaml').entities,
  });
  const zoned = zonesSchema.parse({
    payments: { services: ['payments'], criticality: 'critical' },
    checkout: { paths: ['services/payments/checkout/**', 'apps/checkout/'], criticality: 'high' },
    identity: { paths: ['docs/identity.md'], services: ['auth', 'search'], criticality: 'high' },
    docs: { paths: ['docs/**', '*.md'], criticality: 'low' },
  });

  it("puts each path in every zone that holds it, by the zone's globs or its services' ones, in the order given", () => {
    const paths = ['services/payments/checkout/cart.ts', 'libs/money/round.ts', 'services/auth/login.ts', 'docs/identity.md', 'README.md', 'src/index.ts', 'services/search/index.ts', 'apps/checkout/page.tsx'];
    expect(zonesOfPaths(zoned, catalog, paths)).toEqual([
      { path: 'services/payments/checkout/cart.ts', zone: 'payments' },
      { path: 'services/payments/checkout/cart.ts', zone: 'checkout' },
      { path: 'libs/money/round.ts', zone: 'payments' },
      { path: 'services/auth/login.ts', zone: 'identity' },
      { path: 'docs/identity.md', zone: 'identity' },
      { path: 'docs/identity.md', zone: 'docs' },
      { path: 'README.md', zone: 'docs' },
      { path: 'apps/checkout/page.tsx', zone: 'checkout' },
    ]);
  });

  it('finds nothing without zones or paths', () => {
    expect(zonesOfPaths({}, catalog, ['services/payments/a.ts'])).toEqual([]);
    expect(zonesOfPaths(zoned, catalog, [])).toEqual([]);
  });
});
