import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, isolateGitConfig, type TestRepo } from '../../test/helpers/repo.js';
import { openRepository } from '../git/repository.js';
import { fixMatcher } from './fixes.js';
import { isMeaningfulLine } from './lines.js';
import { findReverts } from './reverts.js';
import { findBugIntroducing } from './szz.js';

isolateGitConfig();

describe('SZZ on a repository with known answers', () => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = createRepo();
    sha.base = repo.commit({
      message: 'Add pricing',
      author: 'Ada <ada@example.com>',
      files: { 'src/price.ts': 'export function price(n: number) {\n  const tax = 0.2;\n  return n * (1 + tax);\n}\n', 'src/util.py': 'def half(x):\n    return x / 2\n' },
    });
    sha.bug = repo.commit({
      message: 'Add discount',
      author: 'Bob <bob@example.com>',
      files: { 'src/price.ts': 'export function price(n: number) {\n  const tax = 0.2;\n  // the discount\n  return n * (1 + tax) - 5;\n}\n' },
    });
    sha.pybug = repo.commit({ message: 'Round halves', author: 'Cy <cy@example.com>', files: { 'src/util.py': '# halves\ndef half(x):\n    return x // 2\n' } });
    // The fix changes the buggy line, deletes a comment line (ignored) and re-indents a line by hand (ignored with -w).
    sha.fix = repo.commit({
      message: 'Fix negative prices (#12)',
      author: 'Ada <ada@example.com>',
      files: { 'src/price.ts': 'export function price(n: number) {\n    const tax = 0.2;\n  return Math.max(0, n * (1 + tax) - 5);\n}\n' },
    });
    sha.pyfix = repo.commit({ message: 'Use true division\n\nFixes: PAY-7', author: 'Ada <ada@example.com>', files: { 'src/util.py': 'def half(x):\n    return x / 2\n' } });
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`gen/f${i}.ts`, `export const v${i} = ${i};\n`]));
    sha.generated = repo.commit({ message: 'Generate constants', files: many });
    sha.bigfix = repo.commit({ message: 'fix: regenerate everything', files: Object.fromEntries(Object.keys(many).map((path, i) => [path, `export const v${i} = ${i + 1};\n`])) });
    sha.docfix = repo.commit({ message: 'Fix typo in comment', files: { 'src/util.py': 'def half(x):\n    return x / 2\n# done\n' } });
  });
  afterAll(() => repo.remove());

  it('blames the lines each fix changed at its parent, skipping big fixes, comments and whitespace', async () => {
    const result = await findBugIntroducing(await openRepository(repo.dir));
    expect(result.fixes).toBe(3);
    expect(result.skipped).toEqual([{ sha: sha.bigfix, reason: 'touches 21 files (more than 20)' }]);
    expect(result.labels.map((label) => [label.sha, label.fix, label.evidence.file, label.evidence.lines, label.evidence.fixEvidence]).sort()).toEqual(
      [
        [sha.bug, sha.fix, 'src/price.ts', [4], 'keyword "Fix"'],
        [sha.pybug, sha.pyfix, 'src/util.py', [3], 'issue "Fixes: PAY-7"'],
      ].sort(),
    );
  });

  it('respects the range and the file limit', async () => {
    const result = await findBugIntroducing(await openRepository(repo.dir), { range: `${sha.pyfix}..HEAD`, maxFiles: 30 });
    expect(result.fixes).toBe(2);
    expect(result.labels.map((label) => [label.sha, label.fix])).toEqual(Array.from({ length: 21 }, () => [sha.generated, sha.bigfix]));
  });
});

describe('reverts', () => {
  it('git revert, a Revert "subject" without sha, and a revert by hand that names the commit', () => {
    const commits = [
      { sha: 'f'.repeat(40), message: 'Back out the cache change from 1111111 until it is understood' },
      { sha: 'e'.repeat(40), message: 'Revert "Add cache"\n\nSquashed by the merge button.' },
      { sha: 'd'.repeat(40), message: `Revert "Add feature X"\n\nThis reverts commit ${'c'.repeat(40)}.\n` },
      { sha: 'c'.repeat(40), message: 'Add feature X' },
      { sha: '2'.repeat(40), message: 'Add cache' },
      { sha: '1111111' + 'a'.repeat(33), message: 'Tune the cache' },
    ];
    expect(findReverts(commits)).toEqual([
      { reverted: '1111111' + 'a'.repeat(33), by: 'f'.repeat(40), method: 'message-names-commit', evidence: 'Back out ... 1111111' },
      { reverted: '2'.repeat(40), by: 'e'.repeat(40), method: 'revert-subject', evidence: 'Revert "Add cache"' },
      { reverted: 'c'.repeat(40), by: 'd'.repeat(40), method: 'git-revert', evidence: `This reverts commit ${'c'.repeat(40)}` },
    ]);
  });

  it('never names a newer commit, an unknown sha or an ambiguous prefix', () => {
    const commits = [
      { sha: 'abc1234' + '0'.repeat(33), message: 'revert abc1234 and abd9999' },
      { sha: 'abc1234' + '1'.repeat(33), message: 'one' },
      { sha: 'abc1234' + '2'.repeat(33), message: 'two' },
    ];
    expect(findReverts(commits)).toEqual([]);
  });

  it('a real git revert in a repository', async () => {
    const repo = createRepo();
    try {
      repo.commit({ message: 'init', files: { 'a.txt': 'a\n' } });
      const added = repo.commit({ message: 'Add b', files: { 'b.txt': 'b\n' } });
      repo.git(['revert', '--no-edit', 'HEAD'], { env: { GIT_AUTHOR_DATE: '2025-02-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-02-01T00:00:00Z' } });
      const revert = repo.git(['rev-parse', 'HEAD']).trim();
      const log = repo.git(['log', '--format=%H%x00%B%x01']).split('\x01').filter((part) => part.trim() !== '').map((part) => {
        const [sha, message] = part.replace(/^\n/, '').split('\0');
        return { sha: sha!, message: message! };
      });
      expect(findReverts(log)).toEqual([{ reverted: added, by: revert, method: 'git-revert', evidence: `This reverts commit ${added}` }]);
    } finally {
      repo.remove();
    }
  });
});

describe('fix detection and meaningful lines', () => {
  const isFix = fixMatcher();
  it.each([
    ['Fix rounding', true, 'keyword "Fix"'],
    ['fix: null check', true, 'keyword "fix"'],
    ['Hotfix for checkout', true, 'keyword "Hotfix"'],
    ['Add prefix option', false, undefined],
    ['Update deps\n\nCloses #42', true, 'issue "Closes #42"'],
    ['Refactor\n\nresolves PAY-12', true, 'issue "resolves PAY-12"'],
    ['Revert "Fix rounding"', false, undefined],
  ])('%j', (message, fix, evidence) => {
    expect(isFix(message)).toEqual({ fix, evidence });
  });
  it('custom keywords', () => {
    expect(fixMatcher({ keywords: ['corrige'], issue: '' })('Corrige le calcul')).toEqual({ fix: true, evidence: 'keyword "Corrige"' });
  });
  it.each([
    ['a.ts', '  // note', false],
    ['a.ts', ' * doc', false],
    ['a.ts', '   ', false],
    ['a.ts', 'return x;', true],
    ['a.py', '# note', false],
    ['a.py', 'x = "#"', true],
    ['q.sql', '-- note', false],
    ['Makefile', '# note', false],
    ['notes.txt', '# heading', true],
  ])('%s %j meaningful: %s', (path, text, meaningful) => {
    expect(isMeaningfulLine(path, text)).toBe(meaningful);
  });
});
