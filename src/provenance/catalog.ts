import builtin from './catalog.json' with { type: 'json' };
import { catalogSchema, type CatalogData, type Marker, type Tool } from './markers.js';

type MarkerOf<K extends Marker['kind']> = Extract<Marker, { kind: K }>;

/** The markers, indexed for matching thousands of commits without scanning every marker each time. */
export interface Catalog {
  readonly tools: ReadonlyMap<string, Tool>;
  readonly identityByEmail: ReadonlyMap<string, readonly MarkerOf<'identity'>[]>;
  readonly identityByName: ReadonlyMap<string, readonly MarkerOf<'identity'>[]>;
  readonly identityPatterns: readonly { marker: MarkerOf<'identity'>; name?: RegExp; email?: RegExp }[];
  readonly botsByLogin: ReadonlyMap<string, MarkerOf<'bot'>>;
  readonly trailersByKey: ReadonlyMap<string, readonly { marker: MarkerOf<'trailer'>; value?: RegExp }[]>;
  readonly footers: readonly { marker: MarkerOf<'footer'>; pattern: RegExp }[];
  readonly subjects: readonly { marker: MarkerOf<'subject'>; pattern: RegExp }[];
  readonly branches: readonly MarkerOf<'branch'>[];
  readonly envs: readonly MarkerOf<'env'>[];
}

const regex = (source: string): RegExp => new RegExp(source, 'iu');

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Builds the catalog from the built-in data plus the user's markers (from `provenance.markers` in
 * blastwall.yml, already validated). A user marker may name a tool that is not built in.
 */
export function createCatalog(extra: Partial<CatalogData> = {}): Catalog {
  const data = catalogSchema.parse(builtin);
  const tools = new Map<string, Tool>();
  for (const tool of [...data.tools, ...(extra.tools ?? [])]) tools.set(tool.id, tool);
  const markers = [...data.markers, ...(extra.markers ?? [])];
  for (const marker of markers) {
    if (!tools.has(marker.tool)) tools.set(marker.tool, { id: marker.tool, name: marker.tool, aliases: [] });
  }

  const identityByEmail = new Map<string, MarkerOf<'identity'>[]>();
  const identityByName = new Map<string, MarkerOf<'identity'>[]>();
  const identityPatterns: Catalog['identityPatterns'][number][] = [];
  const botsByLogin = new Map<string, MarkerOf<'bot'>>();
  const trailersByKey = new Map<string, { marker: MarkerOf<'trailer'>; value?: RegExp }[]>();
  const footers: Catalog['footers'][number][] = [];
  const subjects: Catalog['subjects'][number][] = [];
  const branches: MarkerOf<'branch'>[] = [];
  const envs: MarkerOf<'env'>[] = [];

  for (const marker of markers) {
    switch (marker.kind) {
      case 'identity':
        if (marker.namePattern !== undefined || marker.emailPattern !== undefined) {
          identityPatterns.push({
            marker,
            ...(marker.namePattern !== undefined && { name: regex(marker.namePattern) }),
            ...(marker.emailPattern !== undefined && { email: regex(marker.emailPattern) }),
          });
        } else if (marker.email !== undefined) push(identityByEmail, marker.email.toLowerCase(), marker);
        else if (marker.name !== undefined) push(identityByName, marker.name.toLowerCase(), marker);
        break;
      case 'bot':
        botsByLogin.set(marker.login.toLowerCase(), marker);
        break;
      case 'trailer':
        push(trailersByKey, marker.key.toLowerCase(), {
          marker,
          ...(marker.valuePattern !== undefined && { value: regex(marker.valuePattern) }),
        });
        break;
      case 'footer':
        footers.push({ marker, pattern: regex(marker.pattern) });
        break;
      case 'subject':
        subjects.push({ marker, pattern: regex(marker.pattern) });
        break;
      case 'branch':
        branches.push(marker);
        break;
      case 'env':
        envs.push(marker);
        break;
    }
  }
  return { tools, identityByEmail, identityByName, identityPatterns, botsByLogin, trailersByKey, footers, subjects, branches, envs };
}

/** Maps a name found in free text (`Assisted-by: Claude Code`, a git-ai `tool`) to a known tool id. */
export function findTool(catalog: Catalog, name: string): Tool | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return undefined;
  for (const tool of catalog.tools.values()) {
    if (tool.id === wanted || tool.name.toLowerCase() === wanted) return tool;
    if (tool.aliases.some((alias) => alias.toLowerCase() === wanted)) return tool;
  }
  return undefined;
}

/** A tool id made from a name the catalog does not know: `Foo Coder` -> `foo-coder`. */
export const toToolId = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'unknown';
