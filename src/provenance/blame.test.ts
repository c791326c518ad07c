import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../git/repository.js';
import { createRepo, lines, type TestRepo } from '../../test/helpers/repo.js';
import { blameRange } from './blame.js';
import { createCatalog } from './catalog.js';

const CLAUDE = '\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n';
const CURSOR = '\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n';

/** Per-commit line counts of `git blame --porcelain --root` run file by file: the reference answer. */
function gitBlameCounts(repo: TestRepo, revision: string, options: readonly string[], files: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of files) {
    const out = repo.git(['blame', '--porcelain', '--root', ...options, revision, '--', file]);
    const boundary = new Set<string>();
    let current: string | undefined;
    for (const line of out.split('\n')) {
      const header = /^([0-9a-f]{40}) \d+ \d+/.exec(line);
      if (header) current = header[1];
      else if (line === 'boundary' && current) boundary.add(current);
      else if (line.startsWith('\t') && current && !boundary.has(current)) counts[current] = (counts[current] ?? 0) + 1;
    }
  }
  return counts;
}

describe('blameRange', () => {
  let repo: TestRepo;
  let base: string;
  const files = ['src/app.ts', 'src/util.ts', 'src/moved.ts', 'README.md'];

  beforeAll(() => {
    repo = createRepo();
    repo.commit({ message: 'initial\n', files: { 'src/app.ts': lines(40, 'app'), 'src/util.ts': lines(30, 'util'), 'README.md': lines(5, 'readme'), 'blob.bin': Buffer.from([0, 1, 2]) } });
    base = repo.git(['rev-parse', 'HEAD']).trim();
    // Claude rewrites part of app.ts and adds a helper.
    const app = lines(40, 'app').split('\n');
    app.splice(10, 5, 'claude a', 'claude b', 'claude c');
    repo.commit({ message: `feat: retry${CLAUDE}`, files: { 'src/app.ts': app.join('\n') } });
    // A person moves a block of util.ts into a new file (for -C) and edits README.
    const util = lines(30, 'util').split('\n');
    const block = util.splice(5, 12);
    repo.commit({ message: 'refactor: split util\n', files: { 'src/util.ts': util.join('\n'), 'src/moved.ts': `${block.join('\n')}\nnew human line\n`, 'README.md': `${lines(5, 'readme')}more\n` } });
    // Cursor appends to util.ts.
    repo.commit({ message: `feat: more util${CURSOR}`, files: { 'src/util.ts': `${util.join('\n')}cursor 1\ncursor 2\ncursor 3\n` } });
  });
  afterAll(() => repo.remove());

  for (const options of [[], ['-M'], ['-C'], ['-C', '-C'], ['-M', '-C30']] as string[][]) {
    it(`counts lines per commit exactly as git blame ${options.join(' ') || '(no options)'} does`, async () => {
      const detection = {
        ...(options.includes('-M') && { move: true as const }),
        ...(options.some((o) => o.startsWith('-C')) && {
          copy: { times: options.filter((o) => o.startsWith('-C')).length, ...(options.includes('-C30') && { score: 30 }) },
        }),
      };
      const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog(), range: `${base}..HEAD`, detection });
      expect(result.byCommit).toEqual(gitBlameCounts(repo, `${base}..HEAD`, options, files));
    });
  }

  it('attributes the lines of a range to tools and people, leaving older lines out', async () => {
    const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog(), range: `${base}..HEAD` });
    expect(result.totalLines).toBe(3 + 13 + 1 + 3);
    expect(result.aiLines).toBe(6);
    expect(result.byTool).toEqual({ 'claude-code': 3, cursor: 3 });
    expect(result.files['src/app.ts']).toEqual({ total: 3, ai: 3, byTool: { 'claude-code': 3 }, byAuthor: { 'Ada Lovelace <ada@example.com>': 3 } });
    expect(result.files['src/moved.ts']).toEqual({ total: 13, ai: 0, byTool: {}, byAuthor: { 'Ada Lovelace <ada@example.com>': 13 } });
    expect(Object.keys(result.files).sort()).toEqual(['README.md', 'src/app.ts', 'src/moved.ts', 'src/util.ts']);
    expect(result.aiShare).toBeCloseTo(6 / 20, 10);
  });

  it('with -C credits moved lines to the commit that first wrote them', async () => {
    const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog(), range: `${base}..HEAD`, detection: { copy: { times: 1 } } });
    // The 12 moved lines are older than the range, so only the new line of moved.ts is left.
    expect(result.files['src/moved.ts']!.total).toBe(1);
  });

  it('blames the whole history when no range is given, with include and exclude globs', async () => {
    const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog(), include: ['src/**'], exclude: ['**/moved.ts'] });
    expect(Object.keys(result.files).sort()).toEqual(['src/app.ts', 'src/util.ts']);
    expect(result.totalLines).toBe(38 + 18 + 3);
    expect(result.byTool).toEqual({ 'claude-code': 3, cursor: 3 });
  });

  it('limits to the given paths', async () => {
    const result = await blameRange(await openRepository(repo.dir), { catalog: createCatalog(), paths: ['README.md'] });
    expect(Object.keys(result.files)).toEqual(['README.md']);
    expect(result.totalLines).toBe(6);
    expect(result.aiLines).toBe(0);
  });
});
