import type { Random } from '../random.js';
import { CRITICAL_DOMAINS } from './plan.js';
import type { GeneratedFile, Unit } from './types.js';

const PEOPLE = ['@priya-raman', '@marcus-webb', '@sofia-rossi', '@kenji-w', '@amara-okafor', '@lukas-becker'];

/** `.github/CODEOWNERS`: broad defaults first, then one line per package and a few deeper ones; the last match wins. */
export function codeowners(rng: Random, units: readonly Unit[]): GeneratedFile {
  const rows: [string, string][] = [
    ['*', '@acme/platform-leads'],
    ['*.py', '@acme/python-guild'],
    ['*.go', '@acme/go-guild'],
    ['/.github/', '@acme/devex'],
    ['/pnpm-lock.yaml', '@acme/devex'],
    ['/tsconfig.base.json', '@acme/devex @acme/platform'],
    ['/blastwall.yml', '@acme/platform-leads @acme/sre'],
  ];
  for (const unit of units) {
    const extra = unit.dir.startsWith('services/') && unit.domain !== undefined && CRITICAL_DOMAINS.includes(unit.domain) ? ' @acme/sre' : rng.chance(0.1) ? ` ${rng.pick(PEOPLE)}` : '';
    rows.push([`/${unit.dir}/`, `${unit.team}${extra}`]);
    if (unit.kind === 'api' && rng.chance(0.5)) rows.push([`/${unit.dir}/src/db/`, `${unit.team} @acme/dba`]);
  }
  const width = Math.max(...rows.map(([pattern]) => pattern.length)) + 2;
  const text = ['# Code owners of the acme monorepo. The last matching pattern takes precedence.', '', ...rows.map(([pattern, owners]) => pattern.padEnd(width) + owners)].join('\n');
  return { path: '.github/CODEOWNERS', lang: 'other', text: text + '\n' };
}

/** A Backstage `catalog-info.yaml` in a service folder: a Component with owner and runtime dependencies. */
export function catalogInfo(service: Unit, dependsOn: readonly string[]): GeneratedFile {
  const language = service.lang === 'ts' ? 'typescript' : service.lang === 'py' ? 'python' : 'go';
  const lines = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${service.name}`,
    `  description: The ${service.name.replace(/-/g, ' ')} service.`,
    '  annotations:',
    '    github.com/project-slug: acme/monorepo',
    `    backstage.io/source-location: url:https://github.com/acme/monorepo/tree/main/${service.dir}/`,
    '  tags:',
    `    - ${language}`,
    'spec:',
    `  type: ${service.kind === 'web' ? 'website' : 'service'}`,
    '  lifecycle: production',
    `  owner: group:default/${service.team.replace('@acme/', '')}`,
  ];
  if (service.domain !== undefined) lines.push(`  system: ${service.domain}`);
  const deps = [...dependsOn.map((name) => `component:default/${name}`), ...(service.kind === 'web' ? [] : [`resource:default/${service.name}-db`])];
  if (deps.length > 0) lines.push('  dependsOn:', ...deps.map((dep) => `    - ${dep}`));
  if (service.kind === 'api') {
    lines.push('  providesApis:', `    - ${service.name}-http`, '---', 'apiVersion: backstage.io/v1alpha1', 'kind: API', 'metadata:', `  name: ${service.name}-http`, 'spec:', '  type: openapi', '  lifecycle: production', `  owner: group:default/${service.team.replace('@acme/', '')}`, '  definition:', `    $text: ./openapi.yaml`);
  }
  return { path: `${service.dir}/catalog-info.yaml`, lang: 'other', text: lines.join('\n') + '\n' };
}

/** `blastwall.yml`: a few services by path, and zones with their criticality (payments, checkout, auth are critical). */
export function blastwallConfig(units: readonly Unit[], services: readonly Unit[]): GeneratedFile {
  const lines = ['# blastwall policy of the acme monorepo (generated for benchmarks).', 'version: 1', '', 'services:'];
  const named = services.filter((service) => service.domain !== undefined && CRITICAL_DOMAINS.includes(service.domain));
  for (const service of named) {
    lines.push(`  ${service.name}:`, `    paths: ['${service.dir}/**']`, `    owners: ['${service.team}']`);
  }
  lines.push('', 'zones:');
  for (const domain of CRITICAL_DOMAINS) {
    const members = services.filter((service) => service.domain === domain).map((service) => service.name);
    const paths = [`packages/${domain}-*/**`, ...services.filter((service) => service.domain === domain).map((service) => `${service.dir}/**`)];
    lines.push(`  ${domain}:`, '    criticality: critical', `    paths: [${paths.map((path) => `'${path}'`).join(', ')}]`);
    if (members.length > 0) lines.push(`    services: [${members.join(', ')}]`);
  }
  const platform = units.filter((unit) => ['utils', 'logger', 'config'].includes(unit.name)).map((unit) => `'${unit.dir}/**'`);
  lines.push('  platform:', '    criticality: high', `    paths: [${platform.join(', ')}]`);
  lines.push('  docs:', '    criticality: low', "    paths: ['**/*.md']");
  return { path: 'blastwall.yml', lang: 'other', text: lines.join('\n') + '\n' };
}
