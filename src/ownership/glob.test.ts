import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, globSpecificity, mostSpecificMatch } from './glob.js';

describe('config globs', () => {
  it('match dotfiles, and a folder glob matches everything inside', () => {
    expect(compileGlob('services/**')('services/api/.env')).toBe(true);
    expect(compileGlob('libs/money/')('libs/money/a/b.ts')).toBe(true);
    expect(compileGlob('*.md')('docs/a.md')).toBe(false);
  });

  it('answer as picomatch does when a suffix or a folder rules paths out early', () => {
    const paths = ['README.md', 'docs/a.md', 'docs/deep/b.md', '.md', 'a.mdx', 'a.md/x.ts', 'docs/a.ts', 'src/docs/c.md', 'a.test.ts', 'src/a.test.ts'];
    const globs = ['**/*.md', 'docs/**/*.md', '*.md', 'docs/*.md', '**/*.test.ts', 'src/**', 'docs/', '**/*.{md,ts}', '**'];
    for (const glob of globs) {
      const reference = picomatch(glob.endsWith('/') ? `${glob}**` : glob, { dot: true });
      expect({ glob, matched: paths.filter((path) => compileGlob(glob)(path)) }).toEqual({ glob, matched: paths.filter((path) => reference(path)) });
    }
    // Except that a folder glob is what is inside the folder: picomatch's `docs/**` also takes a file named `docs`.
    expect([compileGlob('docs/')('docs'), compileGlob('docs/**')('docs'), picomatch('docs/**')('docs')]).toEqual([false, false, true]);
    expect(paths.filter((path) => compileGlob('**/*.md')(path))).toEqual(['README.md', 'docs/a.md', 'docs/deep/b.md', '.md', 'src/docs/c.md']);
  });

  it('rank by literal prefix, a literal path highest', () => {
    expect([globSpecificity('**/*.ts'), globSpecificity('services/**'), globSpecificity('services/payments/'), globSpecificity('a/b.ts')]).toEqual([
      0,
      8,
      17,
      Number.MAX_SAFE_INTEGER,
    ]);
    expect(mostSpecificMatch(['**/*.ts', 'services/**', 'services/payments/**'], 'services/payments/a.ts')).toBe('services/payments/**');
    expect(mostSpecificMatch(['services/**'], 'apps/a.ts')).toBeUndefined();
  });
});
