import { z } from 'zod';

/**
 * The parts of blastwall.yml that describe what a repository is made of: services, zones and
 * radius rules. The config schema plugs them in (see `ownershipConfigShape`); like the rest of
 * it, objects are strict, so a typo (`dependOn`) is an error rather than a silently empty field.
 */

export const criticalitySchema = z.enum(['critical', 'high', 'normal', 'low']);
export type Criticality = z.infer<typeof criticalitySchema>;

const criticalityRank: Record<Criticality, number> = { critical: 3, high: 2, normal: 1, low: 0 };

/** For `sort`: the most critical first. */
export const byCriticality = (a: Criticality, b: Criticality): number => criticalityRank[b] - criticalityRank[a];

export const highestCriticality = (list: Iterable<Criticality>): Criticality | undefined => {
  let highest: Criticality | undefined;
  for (const c of list) if (highest === undefined || criticalityRank[c] > criticalityRank[highest]) highest = c;
  return highest;
};

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-_.]*$/;
const NAME_HINT = 'lower-case letters, digits, "-", "_" and ".", starting with a letter or digit';

export const serviceNameSchema = z.string().regex(NAME_PATTERN, `expected a service name: ${NAME_HINT}, e.g. "payments-api"`);

/**
 * A GitHub user (`@octocat`), team (`@octo-org/octocats`) or an email, the owner forms that
 * CODEOWNERS accepts, so that owners read from either place compare equal.
 */
export const OWNER_PATTERN = /^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

export const ownerSchema = z
  .string()
  .regex(OWNER_PATTERN, 'expected a GitHub user or team ("@octocat", "@octo-org/payments") or an email');

/** A picomatch glob over repository-relative paths; a trailing "/" means the folder and everything inside. */
export const globSchema = z
  .string()
  .min(1, 'expected a glob such as "services/payments/**"')
  .refine((glob) => !glob.startsWith('/') && !glob.startsWith('./'), {
    message: 'globs are relative to the repository root: write "services/payments/**", without a leading "/" or "./"',
  })
  .refine((glob) => !glob.startsWith('!'), { message: 'negated globs are not supported; list the paths that belong' });

const globsSchema = z.array(globSchema);

export const serviceConfigSchema = z
  .object({
    /**
     * The files that make up the service. Needed unless a Backstage catalog-info.yaml declares a
     * component of the same name: its folder is then the service's (checked when the catalog is built).
     */
    paths: globsSchema.default([]),
    criticality: criticalitySchema.default('normal'),
    /** Services this one calls or needs: a change to any of them reaches this one. */
    dependsOn: z.array(serviceNameSchema).default([]),
    owners: z.array(ownerSchema).default([]),
    description: z.string().optional(),
  })
  .strict();

export const servicesSchema = z.record(serviceNameSchema, serviceConfigSchema, {
  error: (issue) => (issue.code === 'invalid_key' ? `expected a service name: ${NAME_HINT}` : undefined),
});

export const zoneConfigSchema = z
  .object({
    /** Files in the zone. */
    paths: globsSchema.min(1, 'list at least one glob, or leave "paths" out').optional(),
    /** Services in the zone: every file of theirs is in it, and so is every change that reaches them. */
    services: z.array(serviceNameSchema).min(1, 'list at least one service, or leave "services" out').optional(),
    criticality: criticalitySchema,
    description: z.string().optional(),
  })
  .strict()
  .refine((zone) => zone.paths !== undefined || zone.services !== undefined, {
    message: 'a zone needs "paths", "services" or both',
  });

export const zonesSchema = z.record(z.string().regex(NAME_PATTERN), zoneConfigSchema, {
  error: (issue) => (issue.code === 'invalid_key' ? `expected a zone name: ${NAME_HINT}` : undefined),
});

/**
 * A radius rule says what a changed file reaches when imports cannot tell: a lock file, a shared
 * build config, a schema that code generation reads. `affects` picks one of four meanings:
 *
 * - `package`:    the file's own package, as a whole (a package's `tsconfig.json` or `.env.example`);
 * - `packages`:   the workspace packages named in `packages` (their manifest names, e.g. `@acme/ui`);
 * - `services`:   the services named in `services` (e.g. `proto/payments.proto` → `payments`, `checkout`);
 * - `everything`: every package and service (e.g. `package-lock.json`, the folder `.github/workflows/`).
 *
 * A file that several rules match gets the union of what they say, next to what its importers give.
 */
const ruleCommon = {
  /** Changed files that the rule applies to. */
  paths: globsSchema.min(1, 'list at least one glob'),
  /** Why these files reach that far: shown next to the affected packages and services. */
  why: z.string().optional(),
};

const packageNames = z.array(z.string().min(1)).min(1, 'name at least one package');
const serviceNames = z.array(serviceNameSchema).min(1, 'name at least one service');

export const radiusRuleSchema = z.discriminatedUnion(
  'affects',
  [
    z.object({ ...ruleCommon, affects: z.literal('package') }).strict(),
    z.object({ ...ruleCommon, affects: z.literal('packages'), packages: packageNames }).strict(),
    z.object({ ...ruleCommon, affects: z.literal('services'), services: serviceNames }).strict(),
    z.object({ ...ruleCommon, affects: z.literal('everything') }).strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'expected "package", "packages", "services" or "everything"' : undefined) },
);

export const radiusRulesSchema = z.array(radiusRuleSchema);

/** The keys that this stage adds to blastwall.yml's top-level object. */
export const ownershipConfigShape = {
  services: servicesSchema.default({}),
  zones: zonesSchema.default({}),
  radiusRules: radiusRulesSchema.default([]),
};

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export type ServicesConfig = z.infer<typeof servicesSchema>;
export type ZoneConfig = z.infer<typeof zoneConfigSchema>;
export type ZonesConfig = z.infer<typeof zonesSchema>;
export type RadiusRule = z.infer<typeof radiusRuleSchema>;
export type RadiusRules = z.infer<typeof radiusRulesSchema>;
