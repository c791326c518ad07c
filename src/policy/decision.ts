/**
 * What the gate hands out: a decision about one change, and the sign-offs and overrides it
 * weighed. Plain data, so that reporters, the GitHub Action and the audit log share one shape.
 */

export type Verdict = 'pass' | 'needs-signoff' | 'block';

/** An approval of a change by a person, on one head commit. */
export interface SignOff {
  /** A GitHub login (without "@") or an email, as the source gives it. */
  readonly by: string;
  /** The head commit that was approved (an approval on an older head does not count). */
  readonly commit: string;
  /** `github`: a pull request review; `cli`: `blastwall approve`. */
  readonly source: 'github' | 'cli';
  /** ISO 8601 time of the approval. */
  readonly at: string;
  /** The source says the account is a bot (GitHub `user.type === "Bot"`). */
  readonly bot?: boolean;
}

/** A break-glass pass: always recorded with who, why, when and the head commit. */
export interface Override {
  readonly by: string;
  readonly reason: string;
  readonly commit: string;
  readonly at: string;
  /** `cli`: `blastwall override`; `label`: the policy's break-glass label on the pull request. */
  readonly source: 'cli' | 'label';
}

/** One condition of a rule that held, in words a reader can check: `ai: claude-code (high) wrote 2 of 3 commits`. */
export interface MatchedFact {
  readonly condition: string;
  readonly fact: string;
}

export interface MatchedRule {
  /** The rule's name, or `rules[i]` when it has none. */
  readonly rule: string;
  readonly index: number;
  readonly effect: 'allow' | 'warn' | 'require' | 'block';
  readonly why: string;
  readonly facts: readonly MatchedFact[];
}

/** A `require` rule: how many eligible people must sign off, who they are, and who has. */
export interface Requirement {
  readonly rule: string;
  readonly why: string;
  readonly count: number;
  /** Everyone whose sign-off would count (handles, sorted), authors excluded. */
  readonly eligible: readonly string[];
  /** Who has signed off and counts. */
  readonly satisfiedBy: readonly string[];
  /** How many more sign-offs are needed (0 when met). */
  readonly missing: number;
  /** The requirement in words: `1 sign-off from @payments-team (senior or above)`. */
  readonly description: string;
}

/** A sign-off that was not counted, and why (stale, self-approval, bot, seniority too low, not in the list). */
export interface IgnoredSignOff {
  readonly signOff: SignOff;
  readonly reason: string;
}

export interface Decision {
  readonly verdict: Verdict;
  /** One line: `block: no-ai-in-payments — AI-assisted changes may not touch payments`. */
  readonly summary: string;
  readonly matched: readonly MatchedRule[];
  readonly requirements: readonly Requirement[];
  readonly warnings: readonly string[];
  readonly ignoredSignOffs: readonly IgnoredSignOff[];
  /** The sign-offs that satisfied at least one requirement. */
  readonly countedSignOffs: readonly SignOff[];
  /** Set when break-glass turned a block or open requirements into a pass. */
  readonly override: Override | undefined;
  /** What the verdict would have been without the override. */
  readonly verdictBeforeOverride: Verdict;
}
