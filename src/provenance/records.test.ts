import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../git/repository.js';
import { createRepo, lines, type TestRepo } from '../../test/helpers/repo.js';
import { readAgentTrace } from './agent-trace.js';
import { blameRange } from './blame.js';
import { createCatalog } from './catalog.js';
import { readGitAiNotes } from './git-ai.js';
import { readHistory } from './history.js';

const gitAiNote = (path: string, commit: string): string => `${path}
  s_c9883b05a2487d::t_9f8e7d6c5b4a32 1-4,9
  h_31dce776f88375 5-6
---
{
  "schema_version": "authorship/3.0.0",
  "git_ai_version": "1.4.5",
  "base_commit_sha": "${commit}",
  "prompts": {},
  "humans": { "h_31dce776f88375": { "author": "Ada <ada@example.com>" } },
  "sessions": {
    "s_c9883b05a2487d": {
      "agent_id": { "tool": "cursor", "id": "6ef2299e-a67f-432b-aa80-3d2fb4d28999", "model": "claude-sonnet-4-5" },
      "human_author": "ada@example.com"
    }
  }
}
`;

describe('git-ai notes and Agent Trace records', () => {
  let repo: TestRepo;
  let noted: string;
  let traced: string;
  let plain: string;

  beforeAll(() => {
    repo = createRepo();
    repo.commit({ message: 'initial\n', files: { 'keep.txt': 'k\n' } });
    // A human-looking commit whose lines a git-ai note says Cursor wrote (1-4 and 9), a person 5-6.
    noted = repo.commit({ message: 'feat: parser\n', files: { 'src/parser.ts': lines(10, 'p') } });
    repo.git(['notes', '--ref=ai', 'add', '-F', '-', noted], { input: gitAiNote('src/parser.ts', noted) });
    // A commit that Claude co-wrote, but whose trace says lines 3-4 were a person's.
    traced = repo.commit({ message: 'feat: lexer\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n', files: { 'src/lexer.ts': lines(6, 'l') } });
    const record = {
      version: '0.1.0',
      id: '550e8400-e29b-41d4-a716-446655440000',
      timestamp: '2026-01-23T14:30:00Z',
      vcs: { type: 'git', revision: traced.slice(0, 12) },
      tool: { name: 'claude-code', version: '2.0.0' },
      files: [
        {
          path: 'src/lexer.ts',
          conversations: [
            { contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5' }, ranges: [{ start_line: 1, end_line: 2 }, { start_line: 3, end_line: 4, contributor: { type: 'human' } }] },
          ],
        },
      ],
    };
    plain = repo.commit({
      message: 'chore: traces\n',
      files: { '.agent-trace/traces.jsonl': `${JSON.stringify(record)}\nnot json\n{"files": 3}\n` },
    });
  });
  afterAll(() => repo.remove());

  it('attributes a commit to the tool of its git-ai note, and reads Agent Trace evidence', async () => {
    const history = await readHistory(await openRepository(repo.dir), { catalog: createCatalog() });
    const by = new Map(history.commits.map((c) => [c.sha, c.attribution]));
    expect(by.get(noted)!.tools.map((t) => [t.tool, t.confidence])).toEqual([['cursor', 'high']]);
    expect(by.get(noted)!.evidence.map((e) => e.kind)).toEqual(['note']);
    expect(by.get(traced)!.tools.map((t) => t.tool)).toEqual(['claude-code']);
    expect(by.get(traced)!.evidence.map((e) => e.kind).sort()).toEqual(['agent-trace', 'co-author']);
    expect(by.get(plain)!.ai).toBe(false);
    expect(history.warnings).toEqual([
      '.agent-trace/traces.jsonl:2: not JSON; record skipped',
      '.agent-trace/traces.jsonl:3: files: Invalid input: expected array, received number; record skipped',
    ]);
  });

  it('lets line ranges from notes and traces decide the lines they cover in blame', async () => {
    const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog() });
    // parser.ts: note says cursor 1-4 and 9 (5 lines), a person 5-6; 7, 8, 10 follow the (human) commit.
    expect(result.files['src/parser.ts']).toMatchObject({ total: 10, ai: 5, byTool: { cursor: 5 } });
    // lexer.ts: the trace makes 3-4 human; 1-2 and 5-6 follow the commit (Claude).
    expect(result.files['src/lexer.ts']).toMatchObject({ total: 6, ai: 4, byTool: { 'claude-code': 4 } });
  });

  it('warns about notes it cannot read and skips their lines', () => {
    const reading = readGitAiNotes(createCatalog(), new Map([
      ['a'.repeat(40), 'src/x.ts\n  s_unknown::t_1 1-2\n---\n{"schema_version":"authorship/3.0.0","sessions":{}}'],
      ['b'.repeat(40), 'src/x.ts\n  s_1::t_1 1-2\n{"schema_version":"authorship/3.0.0"}'],
      ['c'.repeat(40), 'src/x.ts\n  s_1::t_1 x-y\n---\n{"schema_version":"authorship/3.0.0","sessions":{"s_1":{"agent_id":{"tool":"claude"}}}}'],
    ]));
    expect(reading.warnings).toEqual([
      'git-ai note on aaaaaaaaaaaa: no session "s_unknown::t_1" in its metadata; lines skipped',
      'git-ai note on bbbbbbbbbbbb: no "---" line between attestations and metadata; note ignored',
      'git-ai note on cccccccccccc, line 2: cannot read "s_1::t_1 x-y"; skipped',
    ]);
    expect(reading.claims.size).toBe(0);
  });

  it('maps git-ai tool names to catalog ids', () => {
    const note = 'a.ts\n  s_1::t_1 3-5\n---\n{"schema_version":"authorship/3.0.0","sessions":{"s_1":{"agent_id":{"tool":"claude"}}}}';
    const reading = readGitAiNotes(createCatalog(), new Map([['d'.repeat(40), note]]));
    expect(reading.claims.get('d'.repeat(40))?.get('a.ts')).toEqual([{ start: 3, end: 5, tool: 'claude-code', confidence: 'high', source: 'note' }]);
  });

  it('marks mixed Agent Trace ranges as medium confidence and skips unknown contributors', () => {
    const sha = 'e'.repeat(40);
    const record = {
      vcs: { type: 'git', revision: sha },
      tool: { name: 'Zed Agent' },
      files: [{ path: 'z.ts', conversations: [{ contributor: { type: 'mixed' }, ranges: [{ start_line: 1, end_line: 3 }, { start_line: 4, end_line: 4, contributor: { type: 'unknown' } }] }] }],
    };
    const reading = readAgentTrace(createCatalog(), JSON.stringify(record), (rev) => (rev === sha ? sha : undefined));
    expect(reading.claims.get(sha)?.get('z.ts')).toEqual([{ start: 1, end: 3, tool: 'zed-agent', confidence: 'medium', source: 'agent-trace' }]);
  });

  it('reads markers from plain notes on any notes ref', async () => {
    const notes = createRepo();
    try {
      const a = notes.commit({ message: 'feat: a\n', files: { 'a.txt': 'a\n' } });
      const b = notes.commit({ message: 'feat: b\n', files: { 'b.txt': 'b\n' } });
      notes.git(['notes', '--ref=refs/notes/review', 'add', '-m', 'Reviewed; written with help.\n\nAssisted-by: GitHub Copilot', a]);
      notes.git(['notes', '--ref=ai', 'add', '-m', '🤖 Generated with [Claude Code](https://claude.com/claude-code)', b]);
      const history = await readHistory(await openRepository(notes.dir), { catalog: createCatalog(), notesRefs: ['refs/notes/ai', 'refs/notes/review'] });
      const evidence = Object.fromEntries(history.commits.map((c) => [c.sha, c.attribution.evidence]));
      expect(evidence[a]).toEqual([{ tool: 'copilot', kind: 'note', text: 'refs/notes/review: Assisted-by: GitHub Copilot', confidence: 'high' }]);
      expect(evidence[b]).toEqual([
        { tool: 'claude-code', kind: 'note', text: 'refs/notes/ai: 🤖 Generated with [Claude Code](https://claude.com/claude-code)', confidence: 'high' },
      ]);
      // Without the review ref, its note is not read.
      const aiOnly = await readHistory(await openRepository(notes.dir), { catalog: createCatalog() });
      expect(aiOnly.commits.find((c) => c.sha === a)!.attribution.ai).toBe(false);
    } finally {
      notes.remove();
    }
  });
});
