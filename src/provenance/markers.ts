import { z } from 'zod';

/**
 * The shape of the AI-marker catalog. The built-in catalog (catalog.json) and the user's
 * `provenance.markers` in blastwall.yml are validated by the same schema, so a user marker is
 * exactly as expressive as a built-in one.
 */
export const confidenceSchema = z.enum(['low', 'medium', 'high']);
export type Confidence = z.infer<typeof confidenceSchema>;

const confidenceRank: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
export const atLeast = (confidence: Confidence, minimum: Confidence): boolean =>
  confidenceRank[confidence] >= confidenceRank[minimum];
export const strongest = (a: Confidence, b: Confidence): Confidence => (confidenceRank[a] >= confidenceRank[b] ? a : b);

const toolId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a tool id in lower case, e.g. "claude-code"');

const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'iu');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression' },
);

const common = {
  tool: toolId,
  /** Why this marker means what it says, or where it is documented. */
  note: z.string().optional(),
};

/** An identity in the author, committer or a `Co-authored-by` trailer. Exact values are case-insensitive. */
const identityMarker = z
  .object({
    kind: z.literal('identity'),
    ...common,
    name: z.string().min(1).optional(),
    email: z.string().min(1).optional(),
    namePattern: pattern.optional(),
    emailPattern: pattern.optional(),
    confidence: confidenceSchema,
  })
  .strict()
  .refine((m) => m.name ?? m.email ?? m.namePattern ?? m.emailPattern, {
    message: 'an identity marker needs name, email, namePattern or emailPattern',
  });

/** A GitHub App bot account. Its numeric id in a noreply email is certain; the login alone is not. */
const botMarker = z
  .object({
    kind: z.literal('bot'),
    ...common,
    login: z.string().regex(/^[A-Za-z0-9-]+\[bot\]$/, 'expected a bot login such as "claude[bot]"'),
    id: z.number().int().positive().optional(),
  })
  .strict();

/** A trailer whose key (case-insensitive) belongs to one tool, e.g. `Claude-Session`. */
const trailerMarker = z
  .object({
    kind: z.literal('trailer'),
    ...common,
    key: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a trailer key such as "Made-with"'),
    valuePattern: pattern.optional(),
    confidence: confidenceSchema,
  })
  .strict();

/** A whole line of the message body (after the subject), e.g. `Generated with [Claude Code](...)`. */
const footerMarker = z.object({ kind: z.literal('footer'), ...common, pattern, confidence: confidenceSchema }).strict();

/** The subject line, e.g. aider's `aider: ` prefix. */
const subjectMarker = z.object({ kind: z.literal('subject'), ...common, pattern, confidence: confidenceSchema }).strict();

/** A branch name prefix, known from merge subjects (`Merge pull request #1 from owner/claude/...`). */
const branchMarker = z
  .object({ kind: z.literal('branch'), ...common, prefix: z.string().min(2), confidence: confidenceSchema })
  .strict();

/** An environment variable the agent sets in the shell it runs commands in; used by the commit hook. */
const envMarker = z
  .object({ kind: z.literal('env'), ...common, variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string().optional() })
  .strict();

export const markerSchema = z.discriminatedUnion('kind', [
  identityMarker,
  botMarker,
  trailerMarker,
  footerMarker,
  subjectMarker,
  branchMarker,
  envMarker,
]);
export type Marker = z.infer<typeof markerSchema>;
export type MarkerKind = Marker['kind'];

export const toolSchema = z
  .object({
    id: toolId,
    name: z.string().min(1),
    /** Other names the tool goes by in `Assisted-by`, footers and git-ai notes (case-insensitive). */
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type Tool = z.infer<typeof toolSchema>;

export const catalogSchema = z
  .object({
    tools: z.array(toolSchema),
    markers: z.array(markerSchema),
  })
  .strict();
export type CatalogData = z.infer<typeof catalogSchema>;
