import { describe, expect, it } from 'vitest';
import { zonesSchema } from './schema.js';
import { zonesOf } from './zones.js';

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
