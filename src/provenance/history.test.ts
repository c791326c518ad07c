import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../git/repository.js';
import { createRepo, lines, type TestRepo } from '../../test/helpers/repo.js';
import { createCatalog } from './catalog.js';
import { readHistory } from './history.js';
import { summarize } from './summary.js';

const mergeEnv = { GIT_AUTHOR_DATE: '2025-06-01T12:00:00Z', GIT_COMMITTER_DATE: '2025-06-01T12:00:00Z' };

describe('readHistory and summarize', () => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = createRepo();
    sha.base = repo.commit({ message: 'initial\n', files: { 'src/a.ts': lines(10), 'docs/readme.md': lines(4) }, date: '2025-04-01T10:00:00Z' });
    // A pull request from a copilot/ branch: its commits inherit the branch evidence of the merge.
    repo.git(['checkout', '-q', '-b', 'copilot/fix-login']);
    sha.pr1 = repo.commit({ message: 'Fix login\n', files: { 'src/login.ts': lines(5) }, date: '2025-04-02T10:00:00Z' });
    sha.pr2 = repo.commit({ message: 'Add test\n', files: { 'test/login.test.ts': lines(3) }, date: '2025-04-03T10:00:00Z' });
    repo.git(['checkout', '-q', 'main']);
    sha.human = repo.commit({ message: 'docs: more\n', files: { 'docs/readme.md': lines(6) }, date: '2025-05-02T10:00:00Z' });
    repo.git(['merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from acme/copilot/fix-login', 'copilot/fix-login'], { env: mergeEnv });
    sha.merge = repo.git(['rev-parse', 'HEAD']).trim();
    sha.claude = repo.commit({ message: 'feat: api\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n', files: { 'src/api.ts': lines(20), 'src/a.ts': lines(8) }, date: '2025-06-02T10:00:00Z' });
  });
  afterAll(() => repo.remove());

  it('gives the commits of a pull request the branch evidence of its merge, and nothing to mainline commits', async () => {
    const history = await readHistory(await openRepository(repo.dir), { catalog: createCatalog() });
    const tools = Object.fromEntries(history.commits.map((c) => [c.sha, c.attribution.tools.map((t) => `${t.tool}:${t.confidence}`)]));
    expect(tools).toEqual({
      [sha.base!]: [],
      [sha.pr1!]: ['copilot:medium'],
      [sha.pr2!]: ['copilot:medium'],
      [sha.human!]: [],
      [sha.merge!]: ['copilot:medium'],
      [sha.claude!]: ['claude-code:high'],
    });
    expect(history.commits.find((c) => c.sha === sha.pr1)!.attribution.evidence).toEqual([
      { tool: 'copilot', kind: 'branch', text: 'copilot/fix-login', confidence: 'medium' },
    ]);
  });

  it('summarises exact counts by tool, month and folder', async () => {
    const history = await readHistory(await openRepository(repo.dir), { catalog: createCatalog() });
    const summary = summarize(history.range, history.commits);
    expect(summary.total).toEqual({ commits: 5, aiCommits: 3, added: 14 + 5 + 3 + 2 + 20, aiAdded: 5 + 3 + 20, deleted: 2, });
    expect(summary.merges).toBe(1);
    expect(summary.aiShare.commits).toBeCloseTo(3 / 5, 10);
    expect(summary.byTool).toEqual([
      { tool: 'copilot', name: 'GitHub Copilot', commits: 2, added: 8, deleted: 0 },
      { tool: 'claude-code', name: 'Claude Code', commits: 1, added: 20, deleted: 2 },
    ]);
    expect(summary.human).toEqual({ commits: 2, added: 16, deleted: 0 });
    expect(summary.byMonth.map((m) => [m.month, m.commits, m.aiCommits, m.added, m.aiAdded])).toEqual([
      ['2025-04', 3, 2, 22, 8],
      ['2025-05', 1, 0, 2, 0],
      ['2025-06', 1, 1, 20, 20],
    ]);
    expect(summary.byFolder.map((f) => [f.folder, f.commits, f.aiCommits, f.added, f.aiAdded])).toEqual([
      ['src', 3, 2, 35, 25],
      ['docs', 2, 0, 6, 0],
      ['test', 1, 1, 3, 3],
    ]);
  });

  it('reads only the commits of a range', async () => {
    const history = await readHistory(await openRepository(repo.dir), { catalog: createCatalog(), range: `${sha.merge}..HEAD` });
    expect(history.commits.map((c) => c.sha)).toEqual([sha.claude]);
  });

  it('counts low-confidence hints as AI only when asked to', async () => {
    const people = createRepo();
    try {
      people.commit({ message: 'fix\n', author: 'Devin <devin@example.org>' });
      const repository = await openRepository(people.dir);
      expect((await readHistory(repository, { catalog: createCatalog() })).commits[0]!.attribution.ai).toBe(false);
      expect((await readHistory(repository, { catalog: createCatalog(), minConfidence: 'low' })).commits[0]!.attribution.tools.map((t) => t.tool)).toEqual(['devin']);
    } finally {
      people.remove();
    }
  });

  it('warns about a shallow clone with how much is cut', async () => {
    const clone = createRepo({ init: false });
    try {
      clone.git(['clone', '-q', '--depth', '2', `file://${repo.dir}`, '.']);
      const history = await readHistory(await openRepository(clone.dir), { catalog: createCatalog() });
      expect(history.warnings).toEqual([
        `shallow clone: history is cut at 1 commit (2 commits in view; nothing before 2025-06-01 is seen); run \`git fetch --unshallow\` for the full history`,
      ]);
    } finally {
      clone.remove();
    }
  });

  it('returns an empty history for a repository without commits', async () => {
    const empty = createRepo();
    try {
      const history = await readHistory(await openRepository(empty.dir), { catalog: createCatalog() });
      expect(history.commits).toEqual([]);
      expect(history.warnings).toEqual(['the repository has no commits yet']);
    } finally {
      empty.remove();
    }
  });
});
