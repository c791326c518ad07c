import { COPILOT, DEVIN_BOT, GITHUB, HUMANS, type Human, type Identity } from './people.js';
import type { Random } from './random.js';

/** The AI tools whose real commit markers the generator reproduces. */
export type Tool = 'claude' | 'copilot' | 'cursor' | 'aider' | 'codex' | 'devin' | 'gemini' | 'amp';
export const TOOL_WEIGHTS: readonly (readonly [Tool, number])[] = [
  ['claude', 35], ['copilot', 15], ['cursor', 12], ['codex', 10], ['gemini', 8], ['amp', 8], ['aider', 6], ['devin', 6],
];
/** Tools that push their own branches, named the way each tool names them. */
export const BRANCH_TOOLS: readonly Tool[] = ['claude', 'copilot', 'devin', 'codex', 'cursor'];

export type CommitType = 'feat' | 'fix' | 'refactor' | 'perf' | 'chore' | 'test' | 'docs' | 'ci';

export interface Draft {
  readonly author: Identity;
  /** Undefined when a bot or GitHub commits: those use UTC. */
  readonly authorHuman: Human | undefined;
  readonly committer: Identity;
  readonly committerHuman: Human | undefined;
  readonly message: string;
}

const VERBS: Record<CommitType, readonly string[]> = {
  feat: ['add', 'support', 'introduce', 'expose', 'allow configuring'],
  fix: ['fix', 'handle', 'prevent double', 'correct', 'guard against empty'],
  refactor: ['extract', 'simplify', 'rename', 'split', 'inline'],
  perf: ['speed up', 'cache', 'batch', 'avoid recomputing'],
  chore: ['bump', 'clean up', 'remove unused', 'update'],
  test: ['add tests for', 'cover', 'fix flaky test for'],
  docs: ['document', 'explain', 'clarify', 'update docs for'],
  ci: ['cache deps for', 'run lint on', 'split the job for'],
};
const OBJECTS = [
  'retry logic', 'pagination', 'rate limiter', 'session refresh', 'webhook signature check', 'currency rounding',
  'cache invalidation', 'error messages', 'config loader', 'feature flag lookup', 'request timeouts', 'null totals',
  'CSV export', 'search index', 'refund flow', 'audit log', 'metrics labels', 'auth token expiry', 'date parsing',
  'queue consumer', 'tax calculation', 'invoice numbering', 'coupon stacking', 'stock reservation',
];
const QUALIFIERS = ['', '', '', ' in checkout', ' for large carts', ' when the token expires', ' on retry', ' under load', ' for EU tenants'];
const PLAIN_SUBJECTS = ['Update README.md', 'Address review comments', 'Fix typo', 'WIP', 'Small cleanups', 'Merge branch main into feature', 'Revert accidental change'];
// Human commits that only talk about AI products: a detector must not flag them.
const MENTIONS = [
  'docs: explain Copilot settings', 'chore: ignore .cursor directory', 'feat(search): add Gemini embeddings backend',
  'fix: rename claude_client timeout option', 'docs: add Claude Code usage guidelines', 'chore: disable Copilot for payments',
  'test: pin codex fixture output', 'docs: compare aider and Cursor for reviews', 'feat: add Devin webhook to notifications',
];
const BODY = [
  'The previous implementation re-read the whole table on every request.',
  'This keeps the old behaviour behind a flag until the migration is done.',
  'Callers that passed an empty list now get an explicit error.',
  'No functional change intended.',
  'Found while debugging the incident from last week.',
  'The numbers in the dashboard were off by one day for UTC-8 users.',
  'Tests cover the empty, single and paginated cases.',
  'We still need to backfill the old records; tracked separately.',
  '- move the helper next to its only caller',
  '- drop the unused options argument',
  'See the runbook for the rollout order.',
  'Reported by support for two enterprise tenants.',
];

export function subjectFor(rng: Random, type: CommitType, scope: string | undefined): string {
  const head = scope === undefined || rng.chance(0.2) ? type : `${type}(${scope})`;
  return `${head}: ${rng.pick(VERBS[type])} ${rng.pick(OBJECTS)}${rng.pick(QUALIFIERS)}`;
}

/** A commit by `person`, possibly written with `tool`, with a subject, a body and trailers. */
export function draftCommit(rng: Random, person: Human, tool: Tool | undefined, subject: string): Draft {
  if (tool === undefined && rng.chance(0.03)) subject = rng.pick(MENTIONS);
  else if (rng.chance(0.06)) subject = rng.pick(PLAIN_SUBJECTS);
  const paragraphs = [subject];
  const bodyLines = rng.weighted([[0, 40], [1, 15], [2, 15], [3, 12], [4, 10], [5, 8]]);
  if (bodyLines > 0) paragraphs.push(Array.from({ length: bodyLines }, () => rng.pick(BODY)).join('\n'));

  let author: Identity = person;
  let authorHuman: Human | undefined = person;
  let committer: Identity = person;
  let committerHuman: Human | undefined = person;
  const trailers: string[] = [];
  const coAuthor = `${person.name} <${person.email}>`;
  switch (tool) {
    case 'claude':
      paragraphs.push('🤖 Generated with [Claude Code](https://claude.com/claude-code)');
      trailers.push('Co-Authored-By: Claude <noreply@anthropic.com>');
      break;
    case 'copilot':
      [author, authorHuman, committer, committerHuman] = [COPILOT, undefined, GITHUB, undefined];
      trailers.push(`Co-authored-by: ${coAuthor}`);
      break;
    case 'devin':
      [author, authorHuman, committer, committerHuman] = [DEVIN_BOT, undefined, DEVIN_BOT, undefined];
      trailers.push(`Co-Authored-By: ${coAuthor}`);
      break;
    case 'cursor':
      trailers.push('Co-authored-by: Cursor <cursoragent@cursor.com>');
      break;
    case 'aider':
      trailers.push('Co-authored-by: aider (gpt-4o) <aider@aider.chat>');
      break;
    case 'codex':
      trailers.push('Co-authored-by: Codex <noreply@openai.com>');
      break;
    case 'gemini':
      trailers.push('Assisted-by: Gemini CLI');
      break;
    case 'amp':
      trailers.push(`Amp-Thread-ID: https://ampcode.com/threads/T-${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.hex(4)}-${rng.hex(12)}`);
      trailers.push('Co-authored-by: Amp <amp@ampcode.com>');
      break;
    case undefined:
      break;
  }
  if (authorHuman !== undefined) {
    if (rng.chance(0.04)) {
      // Pair programming with a human, sometimes one whose name is also a product's.
      const pair = rng.chance(0.4) ? HUMANS[rng.int(0, 1)]! : rng.pick(HUMANS);
      if (pair !== person) trailers.push(`Co-authored-by: ${pair.name} <${pair.email}>`);
    }
    if (rng.chance(0.12)) trailers.push(`Signed-off-by: ${coAuthor}`);
    if (rng.chance(0.06)) {
      const reviewer = rng.pick(HUMANS);
      if (reviewer !== person) trailers.push(`Reviewed-by: ${reviewer.name} <${reviewer.email}>`);
    }
    if (rng.chance(0.05)) trailers.push(`Refs: #${rng.int(100, 4000)}`);
    // Maintainers sometimes commit (cherry-pick, amend) on someone else's behalf.
    if (rng.chance(0.05)) committerHuman = committer = rng.pick(HUMANS);
  }
  if (trailers.length > 0) paragraphs.push(trailers.join('\n'));
  return { author, authorHuman, committer, committerHuman, message: paragraphs.join('\n\n') + '\n' };
}

export function dependabotMessage(rng: Random): string {
  const dep = rng.pick(['lodash', 'axios', 'zod', 'requests', 'golang.org/x/net', 'express']);
  const from = `${rng.int(1, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
  const to = from.replace(/\d+$/, (patch) => String(Number(patch) + 1));
  return `chore(deps): bump ${dep} from ${from} to ${to}\n\nBumps ${dep} from ${from} to ${to}.\n\n---\nupdated-dependencies:\n- dependency-name: ${dep}\n  dependency-type: direct:production\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>\n`;
}

/** A pull-request branch name in the style of whoever opened it. */
export function branchName(rng: Random, tool: Tool | undefined, person: Human, epochSeconds: number): string {
  const slug = `${rng.pick(OBJECTS).replace(/ /g, '-').toLowerCase()}`;
  switch (tool) {
    case 'claude':
      return rng.chance(0.5) ? `claude/fix-${slug}` : `claude/${slug}-${rng.hex(5)}`;
    case 'copilot':
      return rng.chance(0.5) ? `copilot/fix-${rng.int(100, 4000)}` : `copilot/${slug}`;
    case 'devin':
      return `devin/${epochSeconds}-${slug}`;
    case 'codex':
      return `codex/${slug}`;
    case 'cursor':
      return `cursor/${slug}-${rng.hex(4)}`;
    default:
      return rng.pick([`feature/${slug}`, `fix/${slug}`, `chore/${slug}`, `${person.name.split(' ')[0]!.toLowerCase()}/${slug}`]);
  }
}
