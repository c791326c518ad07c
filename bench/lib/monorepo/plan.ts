import type { Random } from '../random.js';
import { RUNTIME_CHOICES } from './externals.js';
import type { Unit, UnitKind, UnitLang } from './types.js';

/**
 * The shape of the monorepo before any file exists: which packages and services there are, what
 * each depends on, and how many files each gets. Dependencies only point to units earlier in the
 * order, and the earliest (utils, logger, config) are picked most: fan-in follows a power law.
 */
export interface Plan {
  /** TypeScript and JavaScript units in dependency order. */
  readonly ts: readonly Unit[];
  readonly py: readonly Unit[];
  readonly go: readonly Unit[];
  /** Every unit under `services/`, foundational services first. */
  readonly services: readonly Unit[];
  /** Runtime dependencies between services (Backstage `dependsOn`), by service name. */
  readonly serviceDeps: ReadonlyMap<string, readonly string[]>;
}

export interface PlanOptions {
  /** Source files in all: TypeScript and JavaScript get the rest after Python and Go. */
  readonly sourceFiles: number;
  readonly units: number;
  readonly pythonShare: number;
  readonly goShare: number;
}

const CORE = ['utils', 'logger', 'config', 'types', 'errors', 'http-client', 'ui-kit', 'testing', 'feature-flags', 'telemetry', 'i18n', 'validation', 'date-utils', 'design-tokens', 'auth-client', 'events', 'cache', 'icons', 'api-schema', 'db'];
export const CRITICAL_DOMAINS = ['payments', 'checkout', 'auth'];
const DOMAINS = [
  ...CRITICAL_DOMAINS, 'billing', 'orders', 'cart', 'catalog', 'search', 'inventory', 'shipping', 'pricing', 'accounts', 'notifications', 'analytics',
  'reviews', 'promotions', 'tax', 'loyalty', 'subscriptions', 'returns', 'support', 'onboarding', 'media', 'messaging', 'identity', 'wallet', 'invoicing', 'fulfillment',
];
/** Package kinds of a domain, with their layer: a layer depends on lower ones. */
const DOMAIN_KINDS: readonly (readonly [string, number, UnitKind])[] = [
  ['core', 1, 'lib'], ['models', 0, 'lib'], ['ui', 5, 'ui'], ['api-client', 2, 'lib'], ['store', 3, 'lib'],
  ['hooks', 4, 'ui'], ['utils', 1, 'lib'], ['sdk', 2, 'lib'], ['widgets', 6, 'ui'], ['forms', 5, 'ui'],
];
const SERVICES_FIRST = ['auth-service', 'payments-api', 'checkout-web', 'gateway', 'storefront-web', 'admin-web'];
const PY_SERVICES = ['fraud-scoring', 'recommendations', 'reporting-etl', 'data-ingest', 'forecasting', 'search-indexer', 'anomaly-detector', 'ml-ranking', 'pricing-models', 'churn-predictor', 'support-triage', 'catalog-enricher'];
const GO_SERVICES = ['ledger', 'payments-gateway', 'token-service', 'rate-limiter', 'edge-proxy', 'scheduler', 'notifier', 'inventory-sync', 'webhook-relay', 'audit-log', 'billing-engine', 'geo-lookup'];
const SERVICE_DOMAINS: Readonly<Record<string, string>> = {
  'auth-service': 'auth', 'payments-api': 'payments', 'checkout-web': 'checkout', 'fraud-scoring': 'payments', ledger: 'payments',
  'payments-gateway': 'payments', 'token-service': 'auth', recommendations: 'catalog', 'search-indexer': 'search', 'pricing-models': 'pricing',
  'inventory-sync': 'inventory', 'billing-engine': 'billing', notifier: 'notifications', 'reporting-etl': 'analytics',
};
const TEAMS: Readonly<Record<string, string>> = {
  payments: 'payments', checkout: 'checkout', auth: 'identity', identity: 'identity', accounts: 'identity',
  search: 'discovery', catalog: 'discovery', reviews: 'discovery', media: 'discovery',
  orders: 'commerce', cart: 'commerce', shipping: 'commerce', fulfillment: 'commerce', returns: 'commerce', inventory: 'commerce',
  billing: 'monetization', invoicing: 'monetization', tax: 'monetization', subscriptions: 'monetization', wallet: 'monetization', pricing: 'monetization', promotions: 'monetization', loyalty: 'monetization',
  notifications: 'engagement', messaging: 'engagement', support: 'engagement', onboarding: 'engagement', analytics: 'data',
};
export const teamOf = (domain: string | undefined, fallback: string): string => `@acme/${domain === undefined ? fallback : (TEAMS[domain] ?? fallback)}`;

/** How many files a unit of each kind gets relative to the others. */
const SIZE: Readonly<Record<UnitKind, number>> = { core: 1.3, lib: 1, ui: 1.2, legacy: 0.8, api: 3, web: 4, 'py-service': 1, 'py-lib': 0.8, 'go-service': 1, 'go-lib': 0.8 };

export function makePlan(rng: Random, options: PlanOptions): Plan {
  const total = Math.max(12, options.units);
  const pyCount = clamp(Math.round(total * 0.06), 1, PY_SERVICES.length);
  const goCount = clamp(Math.round(total * 0.06), 1, GO_SERVICES.length);
  const tsTotal = total - pyCount - goCount - 2;
  const serviceCount = Math.max(2, Math.round(tsTotal * 0.18));
  const legacyCount = Math.max(1, Math.round(tsTotal * 0.03));
  const coreCount = clamp(Math.round(tsTotal * 0.14), 3, CORE.length);
  const domainCount = Math.max(0, tsTotal - serviceCount - legacyCount - coreCount);

  const units: Unit[] = [];
  const add = (name: string, dir: 'packages' | 'services', lang: UnitLang, kind: UnitKind, domain: string | undefined, popularity: number, team: string): Unit => {
    const unit: Unit = { name, dir: `${dir}/${name}`, lang, kind, domain, team, index: units.length, popularity, files: 0, deps: [], external: [] };
    units.push(unit);
    return unit;
  };

  CORE.slice(0, coreCount).forEach((name, at) => {
    const team = /ui-kit|design-tokens|icons/.test(name) ? '@acme/design-system' : '@acme/platform';
    add(name, 'packages', 'ts', name === 'ui-kit' || name === 'icons' ? 'ui' : 'core', undefined, 4 / (at + 1) ** 0.9, team);
  });
  for (let i = 0; i < legacyCount; i++) add(`legacy-${['billing', 'reports', 'admin', 'importer', 'mailer'][i % 5]}${i >= 5 ? `-${i}` : ''}`, 'packages', 'ts', 'legacy', undefined, 0.3, '@acme/platform');
  for (const [name, layer, kind, domain] of domainPackages(domainCount)) {
    add(name, 'packages', 'ts', kind, domain, (kind === 'lib' && layer <= 1 ? 0.8 : 0.5) / (1 + 0.4 * layer), teamOf(domain, 'platform'));
  }
  const tsServices = serviceNames(serviceCount).map((name) => {
    const domain = SERVICE_DOMAINS[name] ?? DOMAINS.find((d) => name.startsWith(`${d}-`));
    return add(name, 'services', 'ts', name.endsWith('-web') ? 'web' : 'api', domain, 0, teamOf(domain, 'platform'));
  });
  const pyLib = add('py-common', 'packages', 'py', 'py-lib', undefined, 1, '@acme/data-platform');
  const pyServices = PY_SERVICES.slice(0, pyCount).map((name) => add(name, 'services', 'py', 'py-service', SERVICE_DOMAINS[name], 0, teamOf(SERVICE_DOMAINS[name], 'data')));
  const goLib = add('gokit', 'packages', 'go', 'go-lib', undefined, 1, '@acme/infra');
  const goServices = GO_SERVICES.slice(0, goCount).map((name) => add(name, 'services', 'go', 'go-service', SERVICE_DOMAINS[name], 0, teamOf(SERVICE_DOMAINS[name], 'infra')));

  const ts = units.filter((unit) => unit.lang === 'ts');
  for (const unit of ts) {
    unit.deps = pickDeps(rng, unit, ts.slice(0, unit.index));
    const choices = RUNTIME_CHOICES[unit.kind === 'ui' ? 'ui' : unit.kind] ?? RUNTIME_CHOICES.lib!;
    const some = choices.some.filter(() => rng.chance(0.35));
    unit.external = [...new Set([...choices.always, ...some])];
  }
  for (const unit of pyServices) unit.deps = [pyLib];
  for (const unit of goServices) unit.deps = [goLib];

  const sourceFiles = Math.max(units.length * 8, options.sourceFiles);
  const pyBudget = Math.round(sourceFiles * options.pythonShare);
  const goBudget = Math.round(sourceFiles * options.goShare);
  spread(rng, [pyLib, ...pyServices], pyBudget, 6);
  spread(rng, [goLib, ...goServices], goBudget, 6);
  spread(rng, ts, sourceFiles - pyBudget - goBudget, 6);

  const services = orderServices([...tsServices, ...pyServices, ...goServices]);
  return { ts, py: [pyLib, ...pyServices], go: [goLib, ...goServices], services, serviceDeps: pickServiceDeps(rng, services) };
}

/** Round-robin over the domains: first every domain's core, then a second kind for each, and so on. */
function domainPackages(count: number): (readonly [string, number, UnitKind, string])[] {
  const out: (readonly [string, number, UnitKind, string])[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const domain of DOMAINS) {
      if (out.length >= count) break;
      // Each domain takes its kinds in its own order, so that not every domain has a `models`.
      const offset = DOMAINS.indexOf(domain) * 3;
      const [kind, layer, unitKind] = round === 0 ? DOMAIN_KINDS[0]! : DOMAIN_KINDS[1 + ((round - 1 + offset) % (DOMAIN_KINDS.length - 1))]!;
      const suffix = round >= DOMAIN_KINDS.length ? `-${Math.floor(round / DOMAIN_KINDS.length) + 1}` : '';
      out.push([`${domain}-${kind}${suffix}`, layer, unitKind, domain]);
    }
  }
  // Lower layers first, so that every dependency points back in the order.
  return out.map((entry, at) => [entry, at] as const).sort((a, b) => a[0][1] - b[0][1] || a[1] - b[1]).map(([entry]) => entry);
}

function serviceNames(count: number): string[] {
  const names = [...SERVICES_FIRST];
  for (const suffix of ['api', 'worker', 'web']) for (const domain of DOMAINS) names.push(`${domain}-${suffix}`);
  const unique = [...new Set(names)];
  while (unique.length < count) unique.push(`service-${unique.length}`);
  return unique.slice(0, count);
}

/** Weighted picks without replacement: popular units and units of the same domain come first. */
function pickDeps(rng: Random, unit: Unit, earlier: readonly Unit[]): Unit[] {
  if (unit.kind === 'legacy') return [];
  const isUi = unit.kind === 'ui' || unit.kind === 'web';
  const candidates = earlier.filter((dep) => dep.kind !== 'legacy' || unit.kind === 'api' || unit.kind === 'lib').filter((dep) => isUi || dep.kind !== 'ui');
  const wanted = unit.kind === 'core' ? rng.int(Math.min(1, candidates.length), Math.min(3, candidates.length))
    : unit.kind === 'web' ? rng.int(6, 14)
    : unit.kind === 'api' ? rng.int(5, 12)
    : unit.kind === 'ui' ? rng.int(3, 8)
    : rng.int(2, 7);
  const weights = candidates.map((dep) => dep.popularity * (dep.domain !== undefined && dep.domain === unit.domain ? 6 : 1));
  const chosen: Unit[] = [];
  for (let n = Math.min(wanted, candidates.length); n > 0; n--) {
    const at = rng.weighted(weights.map((weight, index) => [index, weight] as const));
    chosen.push(candidates[at]!);
    weights[at] = 0;
    if (weights.every((weight) => weight === 0)) break;
  }
  return chosen.sort((a, b) => a.index - b.index);
}

/** Distributes `budget` files over `units`, log-normally around each kind's size, at least `min` each. */
function spread(rng: Random, units: readonly Unit[], budget: number, min: number): void {
  const weights = units.map((unit) => SIZE[unit.kind] * Math.exp(0.8 * normal(rng)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const free = Math.max(0, budget - min * units.length);
  const shares = weights.map((weight) => (free * weight) / sum);
  units.forEach((unit, at) => (unit.files = min + Math.floor(shares[at]!)));
  // Largest remainders take the files lost to rounding, so that the total is exact.
  let left = Math.max(0, budget - units.reduce((n, unit) => n + unit.files, 0));
  const byRemainder = shares.map((share, at) => [share - Math.floor(share), at] as const).sort((a, b) => b[0] - a[0]);
  for (const [, at] of byRemainder) {
    if (left-- <= 0) break;
    units[at]!.files++;
  }
}

function orderServices(services: Unit[]): Unit[] {
  const rank = (unit: Unit): number => {
    const first = ['auth-service', 'token-service', 'ledger', 'payments-api', 'payments-gateway', 'fraud-scoring'].indexOf(unit.name);
    return first >= 0 ? first : 10 + unit.index;
  };
  return [...services].sort((a, b) => rank(a) - rank(b));
}

/** Each service calls one to three earlier ones, most often auth. */
function pickServiceDeps(rng: Random, services: readonly Unit[]): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  services.forEach((service, at) => {
    const earlier = services.slice(0, at);
    const chosen = new Set<string>();
    for (let n = Math.min(earlier.length, rng.int(1, 3)); n > 0; n--) {
      chosen.add(rng.weighted(earlier.map((other, position) => [other.name, 1 / (position + 1)] as const)));
    }
    deps.set(service.name, [...chosen]);
  });
  return deps;
}

function normal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
