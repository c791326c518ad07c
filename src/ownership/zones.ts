import { compileGlob, mostSpecificMatch } from './glob.js';
import { byCriticality, type Criticality, type ZonesConfig } from './schema.js';
import type { ServiceCatalog } from './services.js';

/**
 * Zones are the named areas that senior engineers care most about (`payments`, `auth`): a file is
 * in a zone when a zone glob matches it, a service when the zone lists it.
 */
export interface ZoneMatch {
  readonly zone: string;
  readonly criticality: Criticality;
  readonly description?: string;
  /** The zone's most specific glob that matched the path. */
  readonly glob?: string;
  /** Set when the zone lists the service. */
  readonly service?: string;
}

/** The zones that contain a path or a service, the most critical first, then by name. */
export function zonesOf(zones: ZonesConfig, target: { readonly path?: string; readonly service?: string }): ZoneMatch[] {
  const matches: ZoneMatch[] = [];
  for (const [zone, config] of Object.entries(zones)) {
    const glob = target.path === undefined ? undefined : mostSpecificMatch(config.paths ?? [], target.path);
    const service = target.service !== undefined && config.services?.includes(target.service) ? target.service : undefined;
    if (glob === undefined && service === undefined) continue;
    matches.push({
      zone,
      criticality: config.criticality,
      ...(config.description === undefined ? {} : { description: config.description }),
      ...(glob === undefined ? {} : { glob }),
      ...(service === undefined ? {} : { service }),
    });
  }
  return matches.sort((a, b) => byCriticality(a.criticality, b.criticality) || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
}

export interface PathZone {
  readonly path: string;
  readonly zone: string;
}

/**
 * Each of `paths` in each zone that holds it, in the order given, zones in the config's order: a
 * glob of the zone matches it, or a glob of a service the zone names (as blastwall.yml or a Backstage
 * catalog describes it; a service the catalog does not know holds no file). For the paths of a whole
 * history (insights --by zone): each path is matched once, so callers pass distinct ones.
 */
export function zonesOfPaths(zones: ZonesConfig, catalog: ServiceCatalog, paths: Iterable<string>): PathZone[] {
  const matchers = Object.entries(zones).map(([zone, config]) => {
    const globs = new Set([...(config.paths ?? []), ...(config.services ?? []).flatMap((service) => catalog.services.get(service)?.paths ?? [])]);
    return { zone, matches: [...globs].map(compileGlob) };
  });
  const found: PathZone[] = [];
  for (const path of paths) {
    for (const { zone, matches } of matchers) if (matches.some((match) => match(path))) found.push({ path, zone });
  }
  return found;
}
