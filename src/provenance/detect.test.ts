import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../git/repository.js';
import { createRepo, type CommitSpec } from '../../test/helpers/repo.js';
import { createCatalog } from './catalog.js';
import { readHistory, type AttributedCommit } from './history.js';

interface Case {
  readonly name: string;
  readonly commit: CommitSpec;
  /** Tools at or above medium confidence, with their confidence; empty for a human commit. */
  readonly tools: Record<string, 'low' | 'medium' | 'high'>;
  /** Evidence kinds expected for the first tool (optional). */
  readonly kinds?: readonly string[];
  /** Low-confidence hints expected in the evidence even though the commit counts as human. */
  readonly hints?: Record<string, 'low'>;
}

const msg = (subject: string, ...footer: string[]): string => `${subject}\n\nSome body text.\n\n${footer.join('\n')}\n`;

const cases: Case[] = [
  // claude-code
  { name: 'Claude co-author trailer', commit: { message: msg('fix: a', 'Co-Authored-By: Claude <noreply@anthropic.com>') }, tools: { 'claude-code': 'high' }, kinds: ['co-author'] },
  { name: 'Claude model-named co-author', commit: { message: msg('fix: b', 'Co-Authored-By: Claude Opus 4.7 (1M context) <noreply@anthropic.com>') }, tools: { 'claude-code': 'high' } },
  { name: 'Claude Code footer (claude.com)', commit: { message: 'feat: c\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n' }, tools: { 'claude-code': 'high' }, kinds: ['footer'] },
  { name: 'Claude Code footer (older claude.ai/code)', commit: { message: 'feat: d\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\n' }, tools: { 'claude-code': 'high' } },
  { name: 'Claude-Session trailer', commit: { message: msg('feat: e', 'Claude-Session: https://claude.ai/code/session_01AbC') }, tools: { 'claude-code': 'high' }, kinds: ['trailer'] },
  { name: 'claude[bot] with its numeric id', commit: { message: 'chore: f\n', author: 'claude[bot] <209825114+claude[bot]@users.noreply.github.com>' }, tools: { 'claude-code': 'high' }, kinds: ['bot'] },
  { name: 'claude-code-action[bot] without id', commit: { message: 'chore: g\n', author: 'claude-code-action[bot] <claude-code-action[bot]@users.noreply.github.com>' }, tools: { 'claude-code': 'medium' } },
  // copilot
  { name: 'Copilot coding agent author', commit: { message: 'fix: h\n', author: 'Copilot <198982749+Copilot@users.noreply.github.com>' }, tools: { copilot: 'high' }, kinds: ['author'] },
  { name: 'Copilot co-author (copilot@github.com)', commit: { message: msg('fix: i', 'Co-authored-by: Copilot <copilot@github.com>') }, tools: { copilot: 'high' } },
  { name: 'Copilot CLI co-author', commit: { message: msg('fix: j', 'Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>') }, tools: { copilot: 'high' } },
  { name: 'Copilot Autofix', commit: { message: msg('fix: k', 'Co-authored-by: Copilot Autofix powered by AI <62310815+github-advanced-security[bot]@users.noreply.github.com>') }, tools: { copilot: 'medium' } },
  { name: 'Copilot Agent-Logs-Url', commit: { message: msg('fix: l', 'Agent-Logs-Url: https://github.com/acme/shop/sessions/42') }, tools: { copilot: 'high' } },
  { name: 'copilot-swe-agent[bot]', commit: { message: 'fix: m\n', author: 'copilot-swe-agent[bot] <198982749+copilot-swe-agent[bot]@users.noreply.github.com>' }, tools: { copilot: 'high' } },
  // cursor
  { name: 'Cursor co-author', commit: { message: msg('fix: n', 'Co-authored-by: Cursor <cursoragent@cursor.com>') }, tools: { cursor: 'high' } },
  { name: 'Cursor Agent author', commit: { message: 'fix: o\n', author: 'Cursor Agent <cursoragent@cursor.com>' }, tools: { cursor: 'high' } },
  { name: 'Made-with: Cursor', commit: { message: msg('fix: p', 'Made-with: Cursor') }, tools: { cursor: 'high' } },
  { name: 'cursor[bot]', commit: { message: 'fix: q\n', author: 'cursor[bot] <206951365+cursor[bot]@users.noreply.github.com>' }, tools: { cursor: 'high' } },
  // codex
  { name: 'Codex co-author', commit: { message: msg('fix: r', 'Co-authored-by: Codex <noreply@openai.com>') }, tools: { codex: 'high' } },
  { name: 'codex@openai.com author', commit: { message: 'fix: s\n', author: 'Codex <codex@openai.com>' }, tools: { codex: 'high' } },
  { name: 'chatgpt-codex-connector[bot]', commit: { message: 'fix: t\n', author: 'chatgpt-codex-connector[bot] <199175422+chatgpt-codex-connector[bot]@users.noreply.github.com>' }, tools: { codex: 'high' } },
  { name: 'openai-codex[bot]', commit: { message: 'fix: t2\n', author: 'openai-codex[bot] <openai-codex[bot]@users.noreply.github.com>' }, tools: { codex: 'medium' } },
  { name: 'Codex task link', commit: { message: 'fix: u\n\nhttps://chatgpt.com/codex/tasks/task_e_123\n' }, tools: { codex: 'high' } },
  // aider
  { name: 'aider co-author', commit: { message: msg('fix: v', 'Co-authored-by: aider (gpt-4o) <aider@aider.chat>') }, tools: { aider: 'high' } },
  { name: 'aider older noreply', commit: { message: msg('fix: w', 'Co-authored-by: aider (claude-3-5-sonnet) <noreply@aider.chat>') }, tools: { aider: 'high' } },
  { name: 'aider name suffix', commit: { message: 'fix: x\n', author: 'Ada Lovelace (aider) <ada@example.com>' }, tools: { aider: 'medium' } },
  { name: 'aider committer suffix', commit: { message: 'fix: x2\n', author: 'Ada Lovelace <ada@example.com>', committer: 'Ada Lovelace (aider) <ada@example.com>' }, tools: { aider: 'medium' }, kinds: ['committer'] },
  { name: 'aider subject prefix', commit: { message: 'aider: Add retry to client\n' }, tools: { aider: 'medium' }, kinds: ['subject'] },
  // bots and others
  { name: 'devin bot', commit: { message: 'fix: y\n', author: 'devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>' }, tools: { devin: 'high' } },
  { name: 'jules bot', commit: { message: 'fix: z\n', author: 'google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>' }, tools: { jules: 'high' } },
  { name: 'gemini bot', commit: { message: 'fix: aa\n', author: 'gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>' }, tools: { gemini: 'high' } },
  { name: 'amazon q bot', commit: { message: 'fix: ab\n', author: 'amazon-q-developer[bot] <amazon-q-developer[bot]@users.noreply.github.com>' }, tools: { 'amazon-q': 'medium' } },
  { name: 'kiro agent', commit: { message: 'fix: ac\n', author: 'kiro-agent <kiro-agent@users.noreply.github.com>' }, tools: { kiro: 'medium' } },
  { name: 'replit agent', commit: { message: msg('fix: ad', 'Replit-Commit-Author: Agent', 'Replit-Commit-Session-Id: 7d1e') }, tools: { replit: 'high' } },
  { name: 'replit assistant', commit: { message: msg('fix: ae', 'Replit-Commit-Author: Assistant') }, tools: { replit: 'high' } },
  { name: 'windsurf cascade', commit: { message: msg('fix: af', 'Co-authored-by: Cascade <cascade@windsurf.ai>') }, tools: { windsurf: 'high' } },
  { name: 'windsurf bot', commit: { message: 'fix: ag\n', author: 'windsurf-bot[bot] <windsurf-bot[bot]@users.noreply.github.com>' }, tools: { windsurf: 'medium' } },
  { name: 'openhands', commit: { message: 'fix: ah\n', author: 'openhands <openhands@all-hands.dev>' }, tools: { openhands: 'high' } },
  { name: 'cline bot', commit: { message: 'fix: ai\n', author: 'cline[bot] <cline[bot]@users.noreply.github.com>' }, tools: { cline: 'medium' } },
  { name: 'roomote', commit: { message: 'fix: aj\n', author: 'Roomote <roomote@roocode.com>' }, tools: { 'roo-code': 'high' } },
  { name: 'roomote bot', commit: { message: 'fix: ak\n', author: 'roomote[bot] <roomote[bot]@users.noreply.github.com>' }, tools: { 'roo-code': 'medium' } },
  { name: 'continue footer', commit: { message: 'fix: al\n\nGenerated with [Continue](https://continue.dev)\n' }, tools: { continue: 'high' } },
  { name: 'continue co-author', commit: { message: msg('fix: am', 'Co-authored-by: Continue <noreply@continue.dev>') }, tools: { continue: 'high' } },
  { name: 'continue bot', commit: { message: 'fix: an\n', author: 'continue[bot] <continue[bot]@users.noreply.github.com>' }, tools: { continue: 'medium' } },
  { name: 'amp', commit: { message: msg('fix: ao', 'Amp-Thread-ID: https://ampcode.com/threads/T-1234', 'Co-authored-by: Amp <amp@ampcode.com>') }, tools: { amp: 'high' } },
  { name: 'junie', commit: { message: 'fix: ap\n', author: 'Junie <junie@jetbrains.com>' }, tools: { junie: 'high' } },
  { name: 'jetbrains-ai bot', commit: { message: 'fix: aq\n', author: 'jetbrains-ai[bot] <jetbrains-ai[bot]@users.noreply.github.com>' }, tools: { junie: 'medium' } },
  { name: 'tabnine', commit: { message: msg('fix: ar', 'Co-authored-by: Tabnine CLI <noreply@tabnine.com>') }, tools: { tabnine: 'high' } },
  { name: 'sweep', commit: { message: 'fix: as\n', author: 'sweep-ai[bot] <sweep-ai[bot]@users.noreply.github.com>' }, tools: { sweep: 'medium' } },
  // generic forms
  { name: 'Assisted-by a known tool', commit: { message: msg('fix: at', 'Assisted-by: Claude Code:claude-opus-4 [bash]') }, tools: { 'claude-code': 'high' } },
  { name: 'Assisted-by an unknown tool', commit: { message: msg('fix: au', 'Assisted-by: Foo Coder') }, tools: { 'foo-coder': 'medium' } },
  { name: 'Generated with an unknown tool', commit: { message: 'fix: av\n\n🤖 Generated with [Zed Agent](https://zed.dev)\n' }, tools: { 'zed-agent': 'medium' } },
  { name: 'Co-Authored-By an unknown tool with a noreply email', commit: { message: msg('fix: aw', 'Co-Authored-By: Hal <noreply@hal.example>') }, tools: { hal: 'medium' } },
  { name: 'two tools in one commit', commit: { message: msg('fix: ax', 'Co-Authored-By: Claude <noreply@anthropic.com>', 'Co-authored-by: Cursor <cursoragent@cursor.com>') }, tools: { 'claude-code': 'high', cursor: 'high' } },
  // people, not tools
  { name: 'a person named Claude', commit: { message: 'fix: ay\n', author: 'Claude <claude.martin@example.com>' }, tools: {}, hints: { 'claude-code': 'low' } },
  { name: 'a person called Claude Martin', commit: { message: 'fix: az\n', author: 'Claude Martin <claude.martin@example.com>' }, tools: {} },
  { name: 'a person named Devin', commit: { message: 'fix: ba\n', author: 'Devin <devin@example.org>' }, tools: {}, hints: { devin: 'low' } },
  { name: 'a co-author named Jules with a personal email', commit: { message: msg('fix: bb', 'Co-authored-by: Jules <jules@example.fr>') }, tools: {}, hints: { jules: 'low' } },
  { name: 'the GitHub user "claude" (not the app)', commit: { message: 'fix: bc\n', author: 'claude <12345+claude@users.noreply.github.com>' }, tools: {}, hints: { 'claude-code': 'low' } },
  { name: 'a commit that mentions Claude Code', commit: { message: 'docs: explain how Claude Code and Copilot settings work\n\nWe use Generated with [Claude Code] footers in some repos.\n' }, tools: {} },
  { name: 'a commit that mentions Copilot in a trailer-like body', commit: { message: 'chore: bump copilot extension\n\nCopilot: now 1.2\n\nReviewed-by: Bob <bob@example.com>\n' }, tools: {} },
  { name: 'human trailers only', commit: { message: msg('fix: bd', 'Signed-off-by: Ada Lovelace <ada@example.com>', 'Reviewed-by: Bob <bob@example.com>') }, tools: {} },
  // squash merges keep the squashed commits' messages in the body
  {
    name: 'GitHub squash merge with an inner Claude commit',
    commit: {
      message:
        'Add checkout retries (#42)\n\n* Add retry helper\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\n* Fix lint\n\n---------\n\nCo-authored-by: Bob <bob@example.com>\n',
    },
    tools: { 'claude-code': 'high' },
  },
];

describe('commit attribution from real commits', () => {
  const repo = createRepo();
  const shas: string[] = [];
  let bySha: Map<string, AttributedCommit>;

  beforeAll(async () => {
    for (const c of cases) shas.push(repo.commit(c.commit));
    const history = await readHistory(await openRepository(repo.dir), { catalog: createCatalog() });
    bySha = new Map(history.commits.map((commit) => [commit.sha, commit]));
  });
  afterAll(() => repo.remove());

  cases.forEach((c, index) => {
    it(c.name, () => {
      const { attribution } = bySha.get(shas[index]!)!;
      const tools = Object.fromEntries(attribution.tools.map((t) => [t.tool, t.confidence]));
      expect(tools).toEqual(c.tools);
      expect(attribution.ai).toBe(Object.keys(c.tools).length > 0);
      if (c.kinds) expect(attribution.tools[0]!.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining([...c.kinds]));
      const hints = Object.fromEntries(attribution.evidence.filter((e) => e.confidence === 'low').map((e) => [e.tool, e.confidence]));
      if (c.hints) expect(hints).toEqual(c.hints);
      else if (Object.keys(c.tools).length === 0) expect(attribution.evidence).toEqual([]);
    });
  });

  it('counts every case once: exact AI and human totals', () => {
    const all = shas.map((sha) => bySha.get(sha)!);
    expect(all.filter((c) => c.attribution.ai)).toHaveLength(cases.filter((c) => Object.keys(c.tools).length > 0).length);
    expect(all.filter((c) => !c.attribution.ai)).toHaveLength(8);
  });
});
