import { z } from 'zod';
import { globSchema, NAME_PATTERN } from '../ownership/schema.js';
import { confidenceSchema } from '../provenance/markers.js';

/**
 * The gate's part of blastwall.yml: people, teams and the rules that senior engineers write.
 * Cross-references (a team member that nobody declared, a seniority that is not in the list, a
 * team cycle) are checked after the shapes, in `checkReferences`, so that each error can still
 * name its field.
 */

export const DEFAULT_SENIORITY = ['junior', 'mid', 'senior', 'staff', 'principal'] as const;

/** A GitHub login: letters, digits and single hyphens; bots end in `[bot]`. */
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$/;
const positiveInt = z.number({ error: 'expected a positive integer' }).int('expected a positive integer').positive('expected a positive integer');
const name = z.string().regex(NAME_PATTERN, 'expected a name: lower-case letters, digits, "-", "_" and "."');

/** A person or a team, by its key under `people` or `teams` (an optional leading "@" is allowed). */
export const principalSchema = z.string().regex(/^@?[A-Za-z0-9][A-Za-z0-9-_.[\]]*$/, 'expected a person (GitHub login) or a team name from "people" or "teams"');

export const personSchema = z
  .object({
    name: z.string().optional(),
    /** The emails this person commits with: how commit authors are recognised. */
    emails: z.array(z.email('expected an email address')).default([]),
    /** A level of `seniority` (default list: junior, mid, senior, staff, principal). */
    level: z.string().optional(),
    /** A bot account: its sign-offs never count. */
    bot: z.boolean().default(false),
  })
  .strict();

export const teamSchema = z
  .object({
    /** People (GitHub logins) and other teams. A team may contain teams; a cycle is an error. */
    members: z.array(principalSchema).min(1, 'list at least one member'),
    description: z.string().optional(),
  })
  .strict();

const timeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day "HH:MM" (00:00 to 24:00)');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:[ T](?:[01]\d|2[0-3]):[0-5]\d)?$/, 'expected a date "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (quote it in YAML)');
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const timeWindowSchema = z
  .object({
    /** An IANA time zone (`Europe/Berlin`); times and dates below are local to it. Default UTC. */
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin" or "UTC"' })
      .default('UTC'),
    /** Date ranges, both ends included (a date alone means the whole day). */
    dates: z.array(z.object({ from: localDate, to: localDate }).strict()).default([]),
    /** Weekly windows: on these days, from one time to another (`to` may be 24:00). */
    weekly: z
      .array(
        z
          .object({
            days: z.array(z.enum(WEEKDAYS, { error: 'expected a day: mon, tue, wed, thu, fri, sat or sun' })).min(1, 'list at least one day'),
            from: timeOfDay.default('00:00'),
            to: timeOfDay.default('24:00'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .refine((window) => window.dates.length > 0 || window.weekly.length > 0, { message: 'a time window needs "dates", "weekly" or both' });

const aiConditionSchema = z.union(
  [
    z.boolean(),
    z
      .object({
        /** Any of these tools (catalog ids such as `claude-code`, `copilot`). */
        tools: z.array(z.string().min(1)).min(1, 'list at least one tool').optional(),
        /** At least this confidence. */
        confidence: confidenceSchema.optional(),
        /** At least this share (0 to 1) of the change's added lines, from AI-assisted commits. */
        share: z.number({ error: 'expected a share between 0 and 1' }).min(0, 'expected a share between 0 and 1').max(1, 'expected a share between 0 and 1').optional(),
      })
      .strict(),
  ],
  { error: 'expected true, false, or { tools, confidence, share }' },
);

export const conditionsSchema = z
  .object({
    /** AI involvement: true (any), false (none), or which tools, how sure, how much. */
    ai: aiConditionSchema.optional(),
    /** Zones whose files the change touches directly. */
    zones: z.array(name).min(1, 'list at least one zone').optional(),
    /** Zones that the blast radius reaches (directly or through imports and services). */
    reaches: z.array(name).min(1, 'list at least one zone').optional(),
    /** Radius thresholds: the rule matches when any of them is reached (at least this many). */
    radius: z
      .object({
        files: positiveInt.optional(),
        packages: positiveInt.optional(),
        services: positiveInt.optional(),
        criticalServices: positiveInt.optional(),
        criticalZones: positiveInt.optional(),
        score: positiveInt.optional(),
      })
      .strict()
      .optional(),
    /** Change size thresholds: any of them (at least). */
    size: z.object({ files: positiveInt.optional(), lines: positiveInt.optional(), commits: positiveInt.optional() }).strict().optional(),
    /** Any changed file matches one of these globs. */
    paths: z.array(globSchema).min(1, 'list at least one glob').optional(),
    /** Any author of the change is one of these people or in one of these teams. */
    authors: z.array(principalSchema).min(1, 'list at least one person or team').optional(),
    /** The pull request carries any of these labels. */
    labels: z.array(z.string().min(1)).min(1, 'list at least one label').optional(),
    /** The check runs inside one of these windows (a freeze). */
    time: timeWindowSchema.optional(),
  })
  .strict();

export const requireSchema = z
  .object({
    /** How many distinct eligible people must sign off. */
    count: positiveInt.default(1),
    /** Who may sign off: people and teams. Anyone who is not an author when absent. */
    from: z.array(principalSchema).min(1, 'list at least one person or team').optional(),
    /** The lowest level that counts (a level of `seniority`). */
    seniority: z.string().optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    name: name.optional(),
    /** Shown to the author: why this rule exists. */
    why: z.string({ error: 'expected a sentence that tells the author why this rule exists' }).min(1, 'expected a sentence that tells the author why this rule exists'),
    /** All conditions must hold; an empty or absent `when` matches every change. */
    when: conditionsSchema.default({}),
    allow: z.literal(true, { error: 'expected true' }).optional(),
    warn: z.literal(true, { error: 'expected true' }).optional(),
    block: z.literal(true, { error: 'expected true' }).optional(),
    require: requireSchema.optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    const effects = (['allow', 'warn', 'require', 'block'] as const).filter((effect) => rule[effect] !== undefined);
    if (effects.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: effects.length === 0 ? 'a rule needs one effect: allow: true, warn: true, require: {...} or block: true' : `a rule has one effect, not ${effects.join(' and ')}`,
      });
    }
  });

export const breakGlassSchema = z
  .object({
    /** Pull request labels that pass the gate (recorded with the actor who added it when known). */
    labels: z.array(z.string().min(1)).default([]),
    /** Who may break glass with `blastwall override` (anyone when absent). */
    by: z.array(principalSchema).min(1, 'list at least one person or team').optional(),
  })
  .strict();

export const gateConfigShape = {
  /** Seniority levels, lowest first. */
  seniority: z
    .array(name)
    .min(2, 'list at least two levels, lowest first')
    .refine((levels) => new Set(levels).size === levels.length, { message: 'levels must be unique' })
    .default([...DEFAULT_SENIORITY]),
  people: z
    .record(z.string().regex(LOGIN_PATTERN), personSchema, { error: (issue) => (issue.code === 'invalid_key' ? 'expected a GitHub login as the key ("octocat")' : undefined) })
    .default({}),
  teams: z.record(z.string().regex(NAME_PATTERN), teamSchema, { error: (issue) => (issue.code === 'invalid_key' ? 'expected a team name: lower-case letters, digits, "-", "_" and "."' : undefined) }).default({}),
  rules: z.array(ruleSchema).default([]),
  breakGlass: breakGlassSchema.default({ labels: [] }),
};

export type Person = z.infer<typeof personSchema>;
export type Team = z.infer<typeof teamSchema>;
export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type Conditions = z.infer<typeof conditionsSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RequireEffect = z.infer<typeof requireSchema>;
export type BreakGlass = z.infer<typeof breakGlassSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
