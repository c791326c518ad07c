import type { BackstageEntity } from './backstage.js';
import { globSpecificity, mostSpecificMatch } from './glob.js';
import type { Problem } from './problem.js';
import type { DependencyLink } from './runtime-edges.js';
import type { Criticality, ServicesConfig } from './schema.js';

/**
 * One catalog of services from what blastwall.yml declares and what Backstage describes, and the
 * graph of who calls whom (declared `dependsOn` and observed runtime calls), so that a change to
 * one service can be followed to every service it reaches.
 */

export type ServiceSource = 'config' | 'backstage' | 'both';

export interface Service {
  readonly name: string;
  readonly paths: readonly string[];
  readonly criticality: Criticality;
  /** Config owners first (GitHub handles, emails), then the Backstage `spec.owner` as written. */
  readonly owners: readonly string[];
  /** Config and Backstage `dependsOn`, and the providers of the APIs that a component consumes. */
  readonly dependsOn: readonly string[];
  readonly source: ServiceSource;
  readonly description?: string;
}

/** How we know that one service reaches another: someone declared it, or traces saw the calls. */
export type EdgeKind = 'dependsOn' | 'runtime';

export interface ServiceCatalog {
  readonly services: ReadonlyMap<string, Service>;
  /**
   * callee → caller → how we know. Names may be outside the catalog (a service of another
   * repository seen in traces or named in `dependsOn`): a chain may pass through them.
   */
  readonly callers: ReadonlyMap<string, ReadonlyMap<string, EdgeKind>>;
  readonly problems: readonly Problem[];
}

export interface CatalogInput {
  /** `services` of blastwall.yml, parsed. */
  readonly declared?: ServicesConfig;
  readonly backstage?: readonly BackstageEntity[];
  readonly runtimeEdges?: readonly DependencyLink[];
  /** Named in problems about declared services. */
  readonly configFile?: string;
}

/** The Backstage kinds that are deployable or stateful things a change can break. */
const SERVICE_KINDS = new Set(['Component', 'Resource']);

const unique = (items: Iterable<string>): string[] => [...new Set(items)];
// Code-point order, so that results do not depend on the machine's locale.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildServiceCatalog(input: CatalogInput): ServiceCatalog {
  const { declared = {}, backstage = [], runtimeEdges = [], configFile = 'blastwall.yml' } = input;
  const problems: Problem[] = [];
  const fromBackstage = backstageServices(backstage, problems);

  const services = new Map<string, Service>();
  for (const name of unique([...Object.keys(declared), ...fromBackstage.keys()])) {
    const config = declared[name];
    const entity = fromBackstage.get(name);
    const paths = config?.paths.length ? config.paths : (entity?.entity.paths ?? []);
    if (paths.length === 0) {
      problems.push({
        file: configFile,
        message: `services.${name}: no "paths", and no Backstage component of that name: list the service's files in "paths"`,
      });
    }
    const description = config?.description ?? entity?.entity.description;
    services.set(name, {
      name,
      paths,
      criticality: config?.criticality ?? 'normal',
      owners: unique([...(config?.owners ?? []), ...(entity?.entity.owner === undefined ? [] : [entity.entity.owner])]),
      dependsOn: unique([...(config?.dependsOn ?? []), ...(entity?.dependsOn ?? [])]).filter((d) => d !== name),
      source: config && entity ? 'both' : config ? 'config' : 'backstage',
      ...(description === undefined ? {} : { description }),
    });
  }

  const callers = new Map<string, Map<string, EdgeKind>>();
  const addEdge = (caller: string, callee: string, kind: EdgeKind): void => {
    if (caller === callee) return;
    let map = callers.get(callee);
    if (!map) callers.set(callee, (map = new Map()));
    // A declared dependency says someone meant it; keep that over "seen in traces".
    if (map.get(caller) !== 'dependsOn') map.set(caller, kind);
  };
  for (const service of services.values()) for (const callee of service.dependsOn) addEdge(service.name, callee, 'dependsOn');
  for (const link of runtimeEdges) addEdge(link.parent, link.child, 'runtime');

  return { services, callers, problems };
}

interface BackstageService {
  readonly entity: BackstageEntity;
  readonly dependsOn: readonly string[];
}

/** Components and resources by name, with consumed APIs resolved to the components that provide them. */
function backstageServices(entities: readonly BackstageEntity[], problems: Problem[]): Map<string, BackstageService> {
  const byName = new Map<string, BackstageEntity>();
  for (const entity of entities) {
    if (!SERVICE_KINDS.has(entity.kind)) continue;
    const first = byName.get(entity.name);
    if (first) {
      problems.push({
        file: entity.file,
        line: entity.line,
        message: `${entity.kind} "${entity.name}" is already described in ${first.file}:${first.line}; this one is ignored`,
      });
      continue;
    }
    byName.set(entity.name, entity);
  }
  const providers = new Map<string, string[]>();
  for (const entity of byName.values()) {
    for (const api of entity.providesApis) providers.set(api, [...(providers.get(api) ?? []), entity.name]);
  }
  const result = new Map<string, BackstageService>();
  for (const [name, entity] of byName) {
    const viaApis = entity.consumesApis.flatMap((api) => providers.get(api) ?? []);
    result.set(name, { entity, dependsOn: unique([...entity.dependsOn, ...viaApis]) });
  }
  return result;
}

export interface ServicePathMatch {
  readonly service: string;
  /** The service's most specific glob that matches the path. */
  readonly glob: string;
}

/** The services that own a path, the most specific first (longest literal glob prefix), then by name. */
export function serviceOfPath(catalog: ServiceCatalog, path: string): ServicePathMatch[] {
  const matches: ServicePathMatch[] = [];
  for (const service of catalog.services.values()) {
    const glob = mostSpecificMatch(service.paths, path);
    if (glob !== undefined) matches.push({ service: service.name, glob });
  }
  return matches.sort((a, b) => globSpecificity(b.glob) - globSpecificity(a.glob) || byName(a.service, b.service));
}

export interface Caller {
  readonly service: string;
  /** False for a service known only from runtime edges or a `dependsOn` (another repository's). */
  readonly inCatalog: boolean;
  /**
   * The shortest chain along which a change travels, from the changed service to this caller:
   * `['db', 'payments', 'checkout']` means checkout calls payments, which calls db.
   */
  readonly chain: readonly string[];
  /** How each step of the chain is known: `via[i]` is the edge from `chain[i]` to `chain[i + 1]`. */
  readonly via: readonly EdgeKind[];
}

/**
 * Every service that a change to `service` reaches: its callers, their callers, and so on, each
 * with the shortest chain that explains it (breadth-first, so nearer callers come first; ties by
 * name). Cycles end where a service was already reached.
 */
export function callersOf(catalog: ServiceCatalog, service: string): Caller[] {
  const reached: Caller[] = [];
  const seen = new Set([service]);
  let frontier: { chain: readonly string[]; via: readonly EdgeKind[] }[] = [{ chain: [service], via: [] }];
  while (frontier.length > 0) {
    const next: Caller[] = [];
    for (const { chain, via } of frontier) {
      const callers = catalog.callers.get(chain[chain.length - 1]!);
      if (!callers) continue;
      for (const [caller, kind] of [...callers].sort(([a], [b]) => byName(a, b))) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        next.push({ service: caller, inCatalog: catalog.services.has(caller), chain: [...chain, caller], via: [...via, kind] });
      }
    }
    reached.push(...next);
    frontier = next;
  }
  return reached;
}
