import type { Catalog } from '../provenance/catalog.js';
import { matchConditions } from './conditions.js';
import type { Decision, IgnoredSignOff, MatchedRule, Override, Requirement, SignOff, Verdict } from './decision.js';
import type { ChangeFacts } from './facts.js';
import { createDirectory, type Directory } from './people.js';
import { bare, type GateConfig } from './references.js';
import type { RequireEffect, Rule } from './schema.js';

export interface GateInput {
  readonly facts: ChangeFacts;
  readonly policy: GateConfig;
  readonly catalog: Catalog;
  readonly signOffs: readonly SignOff[];
  readonly overrides: readonly Override[];
}

const ruleName = (rule: Rule, index: number): string => rule.name ?? `rules[${index}]`;
const effectOf = (rule: Rule): MatchedRule['effect'] => (rule.allow ? 'allow' : rule.warn ? 'warn' : rule.block ? 'block' : 'require');

/**
 * The gate: a pure function from a change's facts, the policy and the sign-offs and overrides
 * given so far to a decision. Rules are read top to bottom; a matching `allow` ends the reading
 * (exemptions go first), every other matching rule applies: `warn` warns, `require` asks for
 * sign-offs, `block` blocks. A valid override (break-glass) turns any verdict into a pass.
 */
export function evaluate(input: GateInput): Decision {
  const { facts, policy } = input;
  const directory = createDirectory(policy, input.catalog);
  const authors = authorsOf(facts, directory);
  const matched: MatchedRule[] = [];
  const warnings: string[] = [];
  const requires: { rule: string; why: string; effect: RequireEffect }[] = [];
  let blocked: MatchedRule | undefined;
  for (const [index, rule] of policy.rules.entries()) {
    const found = matchConditions(rule.when, { facts, directory, authors });
    if (!found) continue;
    const entry: MatchedRule = { rule: ruleName(rule, index), index, effect: effectOf(rule), why: rule.why, facts: found };
    matched.push(entry);
    if (entry.effect === 'allow') break;
    if (entry.effect === 'warn') warnings.push(`${entry.rule}: ${rule.why}`);
    if (entry.effect === 'block') blocked ??= entry;
    if (rule.require) requires.push({ rule: entry.rule, why: rule.why, effect: rule.require });
  }

  const { valid, ignored } = screenSignOffs(input.signOffs, facts.head, directory, authors);
  const requirements = requires.map((item) => requirementOf(item, valid, directory, authors));
  // A sign-off that is valid but counted for no requirement is reported, so nobody wonders why.
  if (requirements.length > 0) {
    for (const signOff of valid) {
      if (requirements.some((r) => r.satisfiedBy.includes(signOff.login))) continue;
      ignored.push({ signOff: signOff.signOff, reason: `${signOff.login} is not eligible for ${requirements.map((r) => r.rule).join(', ')}` });
    }
  }

  const open = requirements.filter((r) => r.missing > 0);
  const before: Verdict = blocked ? 'block' : open.length > 0 ? 'needs-signoff' : 'pass';
  const override = before === 'pass' ? undefined : validOverride(input.overrides, facts, policy, directory, warnings);
  const verdict: Verdict = override ? 'pass' : before;
  return {
    verdict,
    summary: summaryOf(verdict, before, blocked, open, override, matched),
    matched,
    requirements,
    warnings,
    ignoredSignOffs: ignored,
    countedSignOffs: valid.filter((v) => requirements.some((r) => r.satisfiedBy.includes(v.login))).map((v) => v.signOff),
    override,
    verdictBeforeOverride: before,
  };
}

/** Logins of the change's authors: commit authors the policy knows (or GitHub's noreply emails reveal) and the pull request's author. */
function authorsOf(facts: ChangeFacts, directory: Directory): Set<string> {
  const authors = new Set<string>();
  for (const commit of facts.commits) {
    const login = directory.loginOf(commit.author);
    if (login !== undefined) authors.add(login);
  }
  if (facts.author !== undefined) authors.add(facts.author);
  return authors;
}

interface ValidSignOff {
  readonly login: string;
  readonly signOff: SignOff;
}

/** Drops sign-offs that never count, whatever the rule: on another commit, by an author, by a bot or AI tool. */
function screenSignOffs(signOffs: readonly SignOff[], head: string, directory: Directory, authors: ReadonlySet<string>) {
  const valid: ValidSignOff[] = [];
  const ignored: IgnoredSignOff[] = [];
  const seen = new Set<string>();
  for (const signOff of signOffs) {
    const login = signOff.by.includes('@') ? (directory.loginOf({ email: signOff.by }) ?? signOff.by) : bare(signOff.by);
    const reason =
      signOff.commit !== head
        ? `stale: it approves ${signOff.commit.slice(0, 12)}, the head is ${head.slice(0, 12)}`
        : signOff.bot === true || directory.isBot(login)
          ? `${login} is a bot or an AI tool`
          : [...authors].some((author) => author.toLowerCase() === login.toLowerCase())
            ? `${login} is an author of the change`
            : undefined;
    if (reason !== undefined) ignored.push({ signOff, reason });
    else if (!seen.has(login.toLowerCase())) {
      seen.add(login.toLowerCase());
      valid.push({ login, signOff });
    }
  }
  return { valid, ignored };
}

function requirementOf(
  item: { rule: string; why: string; effect: RequireEffect },
  valid: readonly ValidSignOff[],
  directory: Directory,
  authors: ReadonlySet<string>,
): Requirement {
  const { count, from, seniority } = item.effect;
  const minimum = seniority === undefined ? undefined : directory.rank(seniority);
  const senior = (login: string) => minimum === undefined || (directory.rankOf(login) ?? -1) >= minimum;
  const isAuthor = (login: string) => [...authors].some((author) => author.toLowerCase() === login.toLowerCase());
  const pool = from === undefined ? undefined : new Set(from.flatMap((principal) => [...directory.membersOf(principal)]));
  const eligible = pool === undefined ? undefined : [...pool].filter((login) => senior(login) && !isAuthor(login) && !directory.isBot(login)).sort();
  const eligibleSet = eligible === undefined ? undefined : new Set(eligible.map((login) => login.toLowerCase()));
  const satisfiedBy = valid.filter(({ login }) => (eligibleSet === undefined ? senior(login) : eligibleSet.has(login.toLowerCase()))).map(({ login }) => login);
  const who = from === undefined ? (seniority === undefined ? 'anyone but the authors' : `anyone at ${seniority} or above`) : from.map(bare).join(' or ');
  const level = from !== undefined && seniority !== undefined ? ` (${seniority} or above)` : '';
  return {
    rule: item.rule,
    why: item.why,
    count,
    eligible: eligible ?? (seniority === undefined ? [] : peopleAtLeast(directory, minimum!, isAuthor)),
    satisfiedBy,
    missing: Math.max(0, count - satisfiedBy.length),
    description: `${count} sign-off${count === 1 ? '' : 's'} from ${who}${level}`,
  };
}

function peopleAtLeast(directory: Directory, minimum: number, isAuthor: (login: string) => boolean): string[] {
  return directory
    .logins()
    .filter((login) => (directory.rankOf(login) ?? -1) >= minimum && !isAuthor(login) && !directory.isBot(login))
    .sort();
}

/** The newest override on the head commit whose actor may break glass; others become warnings. */
function validOverride(overrides: readonly Override[], facts: ChangeFacts, policy: GateConfig, directory: Directory, warnings: string[]): Override | undefined {
  const allowed = policy.breakGlass.by === undefined ? undefined : new Set(policy.breakGlass.by.flatMap((p) => [...directory.membersOf(p)].map((l) => l.toLowerCase())));
  const candidates: Override[] = [...overrides];
  const label = facts.labels.find((name) => policy.breakGlass.labels.includes(name));
  if (label !== undefined) candidates.push({ by: facts.author ?? 'unknown', reason: `break-glass label "${label}"`, commit: facts.head, at: facts.now, source: 'label' });
  let chosen: Override | undefined;
  for (const override of candidates) {
    const login = override.by.includes('@') ? (directory.loginOf({ email: override.by }) ?? override.by) : bare(override.by);
    if (override.commit !== facts.head) warnings.push(`override by ${override.by} ignored: it was given for ${override.commit.slice(0, 12)}, the head is ${facts.head.slice(0, 12)}`);
    else if (override.source === 'cli' && allowed !== undefined && !allowed.has(login.toLowerCase())) warnings.push(`override by ${override.by} ignored: only ${policy.breakGlass.by!.map(bare).join(', ')} may break glass`);
    else if (chosen === undefined || override.at > chosen.at) chosen = override;
  }
  return chosen;
}

function summaryOf(verdict: Verdict, before: Verdict, blocked: MatchedRule | undefined, open: readonly Requirement[], override: Override | undefined, matched: readonly MatchedRule[]): string {
  if (override) return `pass: break-glass by ${override.by} ("${override.reason}"); without it: ${before}`;
  if (verdict === 'block') return `block: ${blocked!.rule}: ${blocked!.why}`;
  if (verdict === 'needs-signoff') return `needs-signoff: ${open.map((r) => `${r.rule} needs ${r.missing} more of ${r.description}`).join('; ')}`;
  const allow = matched.find((rule) => rule.effect === 'allow');
  if (allow) return `pass: allowed by ${allow.rule}`;
  return matched.some((rule) => rule.effect === 'require') ? 'pass: every required sign-off is given' : 'pass: no rule asks for more';
}
