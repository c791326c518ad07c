import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DEFAULT_FIX_PATTERNS } from '../history/fixes.js';
import { SZZ_MAX_FILES } from '../history/szz.js';
import { radiusRulesSchema, servicesSchema, zonesSchema } from '../ownership/schema.js';
import { createCatalog } from '../provenance/catalog.js';
import { markerSchema, toolSchema } from '../provenance/markers.js';
import { UserError } from '../shared/errors.js';
import { formatPath, nodeAt } from '../shared/yaml-location.js';
import { checkReferences } from './references.js';
import { gateConfigShape } from './schema.js';

/**
 * The schema of `blastwall.yml`: provenance markers, services, zones and radius rules, then the
 * gate's people, teams, seniority levels, rules and break-glass. Unknown keys are errors so that
 * a typo never silently weakens a policy.
 */
export const configSchema = z
  .object({
    version: z.literal(1).optional(),
    provenance: z
      .object({
        /** Extra AI markers, same shape as the built-in catalog's. */
        markers: z.array(markerSchema).default([]),
        /** Tools that the extra markers name, with their display names and aliases. */
        tools: z.array(toolSchema).default([]),
        /** Notes refs read for git-ai authorship notes and marker text. */
        notes: z.array(z.string().regex(/^refs\/notes\/[^\s]+$/, 'expected a notes ref such as "refs/notes/ai"')).default(['refs/notes/ai']),
        /** Minimum confidence for a commit to count as AI-assisted. */
        minConfidence: z.enum(['low', 'medium', 'high']).default('medium'),
      })
      .strict()
      .default({ markers: [], tools: [], notes: ['refs/notes/ai'], minConfidence: 'medium' }),
    /** Services of this repository: paths, criticality, owners and the services they depend on. */
    services: servicesSchema.default({}),
    /** Named areas that matter most (payments, auth), by paths and/or services. */
    zones: zonesSchema.default({}),
    radius: z
      .object({
        /** What non-code files reach: path globs -> their package, named packages or services, or everything. */
        rules: radiusRulesSchema.default([]),
        /** Import hops to follow; all when absent. */
        depth: z.number().int().positive().optional(),
        /** A Zipkin/Jaeger DependencyLink JSON file (`parent`, `child`, `callCount`) of observed service calls. */
        runtimeEdges: z.string().min(1).optional(),
        /** Co-change coupling from history (on by default). */
        history: z.boolean().default(true),
      })
      .strict()
      .default({ rules: [], history: true }),
    /** How the ledger recognises failures in history alone: fix commits for SZZ. */
    history: z
      .object({
        /** Words that mark a fix in a commit subject (whole words, any case). */
        fixKeywords: z.array(z.string().min(1)).default([...DEFAULT_FIX_PATTERNS.keywords]),
        /** A regular expression for issue references that mark a fix anywhere in the message. */
        issuePattern: z
          .string()
          .refine(isRegExp, { message: 'expected a regular expression (JavaScript syntax)' })
          .default(DEFAULT_FIX_PATTERNS.issue),
        /** Fixes that touch more files than this are skipped by SZZ. */
        szzMaxFiles: z.number({ error: 'expected a positive integer' }).int('expected a positive integer').positive('expected a positive integer').default(SZZ_MAX_FILES),
      })
      .strict()
      .default({ fixKeywords: [...DEFAULT_FIX_PATTERNS.keywords], issuePattern: DEFAULT_FIX_PATTERNS.issue, szzMaxFiles: SZZ_MAX_FILES }),
    ...gateConfigShape,
  })
  .strict();

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof configSchema>;

export const CONFIG_FILE = 'blastwall.yml';

export const defaultConfig = (): Config => configSchema.parse({});

/**
 * Parses and validates the text of a config file. Errors name the file, line and column and the
 * field path: `blastwall.yml:4:7: provenance.markers[0].tool: expected a tool id ...`.
 */
export function parseConfig(text: string, file = CONFIG_FILE): Config {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new UserError(`${file}:${line}:${col}: ${syntax.message.split('\n')[0]}`, 'fix the YAML syntax');
  }
  const value: unknown = document.toJS() ?? {};
  const result = configSchema.safeParse(value);
  // `atKey`: show the error where the last key of `nodePath` is written rather than at its value.
  const fail = (path: readonly PropertyKey[], message: string, nodePath = path, atKey = false): never => {
    const node = nodeAt(document.contents, nodePath, atKey);
    const where = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    const field = formatPath(path);
    throw new UserError(`${file}:${where.line}:${where.col}: ${field === '' ? '' : `${field}: `}${message}`, 'see schema/blastwall.schema.json for the fields');
  };
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // An unknown key is shown where the key is written; other errors where the bad value is.
    if (issue.code === 'unrecognized_keys') {
      fail(issue.path, `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`, [...issue.path, issue.keys[0]!], true);
    }
    if (issue.code === 'invalid_key') fail(issue.path, issue.message, issue.path, true);
    return fail(issue.path, issue.message);
  }
  const config = result.data;
  const problem = checkReferences(config, createCatalog({ tools: config.provenance.tools, markers: config.provenance.markers }))[0];
  if (problem) fail(problem.path, problem.message);
  return config;
}
