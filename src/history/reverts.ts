/**
 * Changes that later needed to be undone, from commit messages alone: git's own revert message,
 * a `Revert "<subject>"` subject whose body lost the sha (squash merges, GitHub's revert button on
 * a squashed PR), and reverts done by hand whose message names the commit.
 */
export type RevertMethod = 'git-revert' | 'revert-subject' | 'message-names-commit';

export interface RevertLabel {
  /** The commit that was undone. */
  readonly reverted: string;
  /** The commit that undid it. */
  readonly by: string;
  readonly method: RevertMethod;
  /** The words of the message that say so. */
  readonly evidence: string;
}

export interface MessageCommit {
  readonly sha: string;
  readonly message: string;
}

const GIT_REVERT = /This reverts commit ([0-9a-f]{7,64})/i;
const REVERT_SUBJECT = /^Revert "(.+)"\s*$/;
const BY_HAND = /\b(?:revert(?:s|ed|ing)?|back(?:s|ed)? out|roll(?:s|ed)? back|undo(?:es|ne)?)\b/i;
const SHA = /\b[0-9a-f]{7,64}\b/g;

const subjectOf = (message: string): string => message.split('\n', 1)[0]!.trim();

/**
 * Finds reverts among commits given newest first (as git log gives them). A short sha is taken
 * when exactly one known commit starts with it; a subject matches the newest older commit with
 * that subject. A commit never reverts itself or a newer commit.
 */
export function findReverts(commits: readonly MessageCommit[]): RevertLabel[] {
  const labels: RevertLabel[] = [];
  const bySha = new Map(commits.map((commit, index) => [commit.sha, index]));
  const resolve = (text: string, after: number): number | undefined => {
    const exact = bySha.get(text);
    if (exact !== undefined) return exact > after ? exact : undefined;
    const found = commits.findIndex((commit, index) => index > after && commit.sha.startsWith(text));
    if (found === -1) return undefined;
    // Ambiguous prefixes name nobody.
    return commits.some((commit, index) => index !== found && commit.sha.startsWith(text)) ? undefined : found;
  };
  commits.forEach((commit, index) => {
    const subject = subjectOf(commit.message);
    const explicit = GIT_REVERT.exec(commit.message);
    if (explicit) {
      const target = resolve(explicit[1]!.toLowerCase(), index);
      if (target !== undefined) labels.push({ reverted: commits[target]!.sha, by: commit.sha, method: 'git-revert', evidence: explicit[0] });
      return;
    }
    const quoted = REVERT_SUBJECT.exec(subject);
    if (quoted) {
      const target = commits.findIndex((other, j) => j > index && subjectOf(other.message) === quoted[1]);
      if (target !== -1) labels.push({ reverted: commits[target]!.sha, by: commit.sha, method: 'revert-subject', evidence: subject });
      return;
    }
    const words = BY_HAND.exec(commit.message);
    if (!words) return;
    for (const candidate of commit.message.match(SHA) ?? []) {
      const target = resolve(candidate.toLowerCase(), index);
      if (target === undefined) continue;
      labels.push({ reverted: commits[target]!.sha, by: commit.sha, method: 'message-names-commit', evidence: `${words[0]} ... ${candidate}` });
    }
  });
  return labels;
}
