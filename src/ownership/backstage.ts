import { LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { Problem } from './problem.js';
import { formatPath, positionAt } from '../shared/yaml-location.js';

/**
 * Backstage software-catalog entities from a `catalog-info.yaml`: the components (services,
 * websites, libraries) a repository holds, who owns them and what they depend on. Only the fields
 * that the blast radius needs are read; Backstage allows many more, so unknown keys are ignored.
 */

export const ENTITY_KINDS = ['Component', 'API', 'Resource', 'System'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface BackstageEntity {
  readonly kind: EntityKind;
  readonly name: string;
  /** `default` when the file does not say. */
  readonly namespace: string;
  readonly description?: string;
  /** `spec.owner` as written: an entity ref to a group or user, e.g. `team-payments`, `group:default/team-payments`. */
  readonly owner?: string;
  /** `spec.type`: `service`, `website`, `library`, `database`, `openapi`, ... */
  readonly type?: string;
  readonly lifecycle?: string;
  /** The name in `spec.system`'s entity ref. */
  readonly system?: string;
  /** The names in `spec.dependsOn`'s entity refs (`component:default/payments-api` → `payments-api`). */
  readonly dependsOn: readonly string[];
  /** The API names in `spec.providesApis` and `spec.consumesApis` (components only). */
  readonly providesApis: readonly string[];
  readonly consumesApis: readonly string[];
  /** The folder that holds the catalog file, as a glob: `services/payments/**`. */
  readonly paths: readonly string[];
  readonly file: string;
  /** Line of the entity's document in the file. */
  readonly line: number;
}

export interface CatalogReading {
  readonly entities: readonly BackstageEntity[];
  readonly problems: readonly Problem[];
}

export interface EntityRef {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
}

/** `[kind:][namespace/]name`, Backstage's string form of an entity reference. */
export function parseEntityRef(ref: string): EntityRef {
  const colon = ref.indexOf(':');
  const kind = colon > 0 ? ref.slice(0, colon) : undefined;
  const rest = colon > 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf('/');
  const namespace = slash > 0 ? rest.slice(0, slash) : undefined;
  const name = slash > 0 ? rest.slice(slash + 1) : rest;
  return { ...(kind === undefined ? {} : { kind }), ...(namespace === undefined ? {} : { namespace }), name };
}

const refs = z.array(z.string().min(1, 'expected an entity ref such as "component:payments-api"'));

const entitySchema = z.looseObject({
  kind: z.string(),
  metadata: z.looseObject(
    {
      name: z.string({ error: (issue) => (issue.input === undefined ? 'missing metadata.name' : 'expected a name') }).min(1, 'missing metadata.name'),
      namespace: z.string().min(1).optional(),
      description: z.string().optional(),
    },
    { error: (issue) => (issue.input === undefined ? 'missing metadata' : undefined) },
  ),
  spec: z
    .looseObject({
      type: z.string().optional(),
      lifecycle: z.string().optional(),
      owner: z.string().optional(),
      system: z.string().optional(),
      dependsOn: refs.optional(),
      providesApis: refs.optional(),
      consumesApis: refs.optional(),
    })
    .optional(),
});

const kindOf = (kind: unknown): EntityKind | undefined =>
  typeof kind === 'string' ? ENTITY_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) : undefined;

/** The folder of a repository-relative file as a glob over everything in it. */
const folderGlob = (path: string): string => {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '**' : `${path.slice(0, slash)}/**`;
};

/**
 * Reads the entities of one catalog file (several YAML documents may hold several entities).
 * Entities of other kinds (Group, User, Location, Template, ...) are skipped; a document that
 * cannot be read becomes a problem with its line, and the other documents are still read.
 */
export function parseCatalogInfo(text: string, path: string): CatalogReading {
  const entities: BackstageEntity[] = [];
  const problems: Problem[] = [];
  const lineCounter = new LineCounter();
  for (const document of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    const syntax = document.errors[0];
    if (syntax) {
      problems.push({ file: path, line: lineCounter.linePos(syntax.pos[0]).line, message: syntax.message.split('\n')[0]! });
      continue;
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const line = positionAt(document.contents, [], lineCounter)?.line ?? 1;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ file: path, line, message: 'expected an entity (a mapping with kind, metadata and spec)' });
      continue;
    }
    const kind = kindOf((value as { kind?: unknown }).kind);
    if (!kind) continue;
    const result = entitySchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const where = positionAt(document.contents, issue.path, lineCounter)?.line ?? line;
      const field = formatPath(issue.path);
      const message = issue.message.startsWith('missing ') ? issue.message : `${field}: ${issue.message}`;
      problems.push({ file: path, line: where, message: `${kind}: ${message}` });
      continue;
    }
    const { metadata, spec = {} } = result.data;
    const names = (list: readonly string[] | undefined): string[] => (list ?? []).map((ref) => parseEntityRef(ref).name);
    entities.push({
      kind,
      name: metadata.name,
      namespace: metadata.namespace ?? 'default',
      ...(metadata.description === undefined ? {} : { description: metadata.description }),
      ...(spec.owner === undefined ? {} : { owner: spec.owner }),
      ...(spec.type === undefined ? {} : { type: spec.type }),
      ...(spec.lifecycle === undefined ? {} : { lifecycle: spec.lifecycle }),
      ...(spec.system === undefined ? {} : { system: parseEntityRef(spec.system).name }),
      dependsOn: names(spec.dependsOn),
      providesApis: names(spec.providesApis),
      consumesApis: names(spec.consumesApis),
      paths: [folderGlob(path)],
      file: path,
      line,
    });
  }
  return { entities, problems };
}
