import { afterAll, describe, expect, it } from 'vitest';
import { createRepo, lines } from '../../test/helpers/repo.js';
import { parseBlame } from './blame.js';

describe('parseBlame', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());
  repo.commit({ message: 'one\n', files: { 'a.txt': lines(6, 'a'), 'b.txt': lines(4, 'a line long enough for git blame copy detection') } });
  repo.commit({ message: 'two\n', author: 'Bob <bob@example.com>', files: { 'a.txt': `${lines(3, 'a')}new\n${lines(6, 'a').split('\n').slice(3).join('\n')}` } });
  // Lines of b.txt copied into a.txt, and a file name that git quotes.
  repo.commit({ message: 'three\n', files: { 'a.txt': `${lines(4, 'a line long enough for git blame copy detection')}${lines(3, 'a')}new\n`, 'sp ace\té.txt': 'q\n' } });

  const sorted = (entries: ReturnType<typeof parseBlame>) => [...entries].sort((x, y) => x.finalLine - y.finalLine);

  for (const file of ['a.txt', 'sp ace\té.txt']) {
    it(`reads porcelain, line-porcelain and incremental output of ${JSON.stringify(file)} alike`, () => {
      const run = (format: string) => Buffer.from(repo.git(['blame', format, '-C', '-C', '--root', 'HEAD', '--', file]), 'utf8');
      const incremental = sorted(parseBlame(run('--incremental')));
      expect(sorted(parseBlame(run('--porcelain')))).toEqual(incremental);
      expect(sorted(parseBlame(run('--line-porcelain')))).toEqual(incremental);
      const total = incremental.reduce((sum, e) => sum + e.lines, 0);
      expect(total).toBe(file === 'a.txt' ? 8 : 1);
    });
  }

  it('credits copied lines to the commit and path they came from', () => {
    const entries = sorted(parseBlame(Buffer.from(repo.git(['blame', '--incremental', '-C', '-C', '-C', '--root', 'HEAD', '--', 'a.txt']))));
    expect(entries.map((e) => [e.finalLine, e.lines, e.origPath, e.author])).toEqual([
      [1, 4, 'b.txt', 'Ada Lovelace'],
      [5, 3, 'a.txt', 'Ada Lovelace'],
      [8, 1, 'a.txt', 'Bob'],
    ]);
    expect(entries.some((e) => e.boundary)).toBe(false);
  });
});
