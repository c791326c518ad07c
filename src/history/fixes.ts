/**
 * Which commits fix a bug, from their messages: a keyword in the subject (`fix`, `bug`, `hotfix`,
 * `regression`, ...) or an issue reference (`#123`, `PROJ-123`, `Fixes: <url>`). Both lists are
 * configurable, since teams word their fixes differently.
 */
export interface FixPatterns {
  /** Words that mark a fix in the subject (whole words, any case). */
  readonly keywords: readonly string[];
  /** Issue references anywhere in the message (a regular expression source). */
  readonly issue: string;
}

export const DEFAULT_FIX_PATTERNS: FixPatterns = {
  keywords: ['fix', 'fixes', 'fixed', 'fixing', 'bug', 'bugfix', 'hotfix', 'regression', 'crash', 'broken'],
  issue: String.raw`(?:\b(?:fix(?:es|ed)?|close[sd]?|resolve[sd]?)\s*:?\s*(?:#\d+|[A-Z][A-Z0-9]+-\d+|https?://\S+/issues/\d+))`,
};

export interface FixMatch {
  readonly fix: boolean;
  /** What made it a fix: `keyword "fix"` or `issue "Fixes #12"`. */
  readonly evidence: string | undefined;
}

export function fixMatcher(patterns: FixPatterns = DEFAULT_FIX_PATTERNS): (message: string) => FixMatch {
  const keyword = patterns.keywords.length === 0 ? undefined : new RegExp(`\\b(${patterns.keywords.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i');
  const issue = patterns.issue === '' ? undefined : new RegExp(patterns.issue, 'i');
  return (message) => {
    const subject = message.split('\n', 1)[0]!;
    // A revert is not a fix of the reverted commit's lines in the SZZ sense: it is labelled as a revert.
    if (/^Revert "/.test(subject)) return { fix: false, evidence: undefined };
    const word = keyword?.exec(subject);
    if (word) return { fix: true, evidence: `keyword "${word[1]}"` };
    const reference = issue?.exec(message);
    if (reference) return { fix: true, evidence: `issue "${reference[0]}"` };
    return { fix: false, evidence: undefined };
  };
}
