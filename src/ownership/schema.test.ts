import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { byCriticality, highestCriticality, ownershipConfigShape, radiusRulesSchema, servicesSchema, zonesSchema } from './schema.js';

/** The ownership part of blastwall.yml as the config schema will hold it. */
const configSchema = z.object(ownershipConfigShape).strict();

/** The first issue, as config.ts reports it: where and what. */
const firstIssue = (schema: z.ZodType, value: unknown): { path: PropertyKey[]; message: string } => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a schema error');
  const issue = result.error.issues[0]!;
  return { path: issue.path, message: issue.code === 'unrecognized_keys' ? `unknown keys ${issue.keys.join(', ')}` : issue.message };
};

describe('ownership config', () => {
  it('reads services, zones and radius rules with their defaults', () => {
    const config = configSchema.parse(
      parseYaml(`
services:
  payments:
    paths: [services/payments/**]
    criticality: critical
    dependsOn: [ledger]
    owners: ['@acme/payments', 'ada@acme.example']
  ledger:
    description: from Backstage; only its criticality is set here
    criticality: high
zones:
  money:
    services: [payments, ledger]
    paths: [libs/money/]
    criticality: critical
radiusRules:
  - paths: [package-lock.json, .github/workflows/**]
    affects: everything
    why: every package is built from the lock file
  - paths: ['packages/*/tsconfig.json']
    affects: package
  - paths: [proto/payments.proto]
    affects: services
    services: [payments, checkout]
  - paths: [design/tokens.json]
    affects: packages
    packages: ['@acme/ui']
`),
    );
    expect(config).toEqual({
      services: {
        payments: {
          paths: ['services/payments/**'],
          criticality: 'critical',
          dependsOn: ['ledger'],
          owners: ['@acme/payments', 'ada@acme.example'],
        },
        ledger: { paths: [], criticality: 'high', dependsOn: [], owners: [], description: 'from Backstage; only its criticality is set here' },
      },
      zones: { money: { services: ['payments', 'ledger'], paths: ['libs/money/'], criticality: 'critical' } },
      radiusRules: [
        { paths: ['package-lock.json', '.github/workflows/**'], affects: 'everything', why: 'every package is built from the lock file' },
        { paths: ['packages/*/tsconfig.json'], affects: 'package' },
        { paths: ['proto/payments.proto'], affects: 'services', services: ['payments', 'checkout'] },
        { paths: ['design/tokens.json'], affects: 'packages', packages: ['@acme/ui'] },
      ],
    });
  });

  it('defaults to nothing', () => {
    expect(configSchema.parse({})).toEqual({ services: {}, zones: {}, radiusRules: [] });
    expect(servicesSchema.parse({ api: {} })).toEqual({ api: { paths: [], criticality: 'normal', dependsOn: [], owners: [] } });
  });

  it('converts to JSON Schema for editors', () => {
    const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['services', 'zones', 'radiusRules']);
  });
});

describe('ownership config errors name the place', () => {
  it('service errors', () => {
    expect(firstIssue(servicesSchema, { Payments: { paths: ['a/**'] } })).toEqual({
      path: ['Payments'],
      message: 'expected a service name: lower-case letters, digits, "-", "_" and ".", starting with a letter or digit',
    });
    expect(firstIssue(servicesSchema, { api: { path: ['a/**'] } })).toEqual({ path: ['api'], message: 'unknown keys path' });
    expect(firstIssue(servicesSchema, { api: { owners: ['octocat'] } })).toEqual({
      path: ['api', 'owners', 0],
      message: 'expected a GitHub user or team ("@octocat", "@octo-org/payments") or an email',
    });
    expect(firstIssue(servicesSchema, { api: { paths: ['/services/api/**'] } })).toEqual({
      path: ['api', 'paths', 0],
      message: 'globs are relative to the repository root: write "services/payments/**", without a leading "/" or "./"',
    });
    expect(firstIssue(servicesSchema, { api: { paths: ['!test/**'] } }).message).toBe('negated globs are not supported; list the paths that belong');
    expect(firstIssue(servicesSchema, { api: { criticality: 'urgent' } })).toEqual({
      path: ['api', 'criticality'],
      message: 'Invalid option: expected one of "critical"|"high"|"normal"|"low"',
    });
    expect(firstIssue(servicesSchema, { api: { dependsOn: ['Ledger'] } }).path).toEqual(['api', 'dependsOn', 0]);
  });

  it('accepts the owner forms that CODEOWNERS accepts', () => {
    const owners = ['@octocat', '@octo-org/octocats', '@octo-org/team_name.v2', 'docs@example.com'];
    expect(servicesSchema.parse({ api: { owners } }).api!.owners).toEqual(owners);
  });

  it('zone errors', () => {
    expect(firstIssue(zonesSchema, { money: { criticality: 'critical' } })).toEqual({ path: ['money'], message: 'a zone needs "paths", "services" or both' });
    expect(firstIssue(zonesSchema, { money: { paths: [], criticality: 'critical' } })).toEqual({
      path: ['money', 'paths'],
      message: 'list at least one glob, or leave "paths" out',
    });
    expect(firstIssue(zonesSchema, { money: { paths: ['a/**'] } }).path).toEqual(['money', 'criticality']);
    expect(firstIssue(zonesSchema, { money: { paths: ['a/**'], criticality: 'high', owner: '@x' } })).toEqual({ path: ['money'], message: 'unknown keys owner' });
  });

  it('radius rule errors', () => {
    expect(firstIssue(radiusRulesSchema, [{ paths: ['a'], affects: 'all' }])).toEqual({
      path: [0, 'affects'],
      message: 'expected "package", "packages", "services" or "everything"',
    });
    expect(firstIssue(radiusRulesSchema, [{ paths: ['a'], affects: 'services' }])).toEqual({
      path: [0, 'services'],
      message: 'Invalid input: expected array, received undefined',
    });
    expect(firstIssue(radiusRulesSchema, [{ paths: ['a'], affects: 'services', services: [] }])).toEqual({
      path: [0, 'services'],
      message: 'name at least one service',
    });
    expect(firstIssue(radiusRulesSchema, [{ paths: ['a'], affects: 'everything', packages: ['x'] }])).toEqual({ path: [0], message: 'unknown keys packages' });
    expect(firstIssue(radiusRulesSchema, [{ paths: [], affects: 'package' }])).toEqual({ path: [0, 'paths'], message: 'list at least one glob' });
  });
});

describe('criticality', () => {
  it('orders the most critical first', () => {
    expect((['low', 'critical', 'normal', 'high'] as const).slice().sort(byCriticality)).toEqual(['critical', 'high', 'normal', 'low']);
    expect(highestCriticality(['low', 'high', 'normal'])).toBe('high');
    expect(highestCriticality([])).toBeUndefined();
  });
});
