import { describe, expect, it } from 'vitest';
import { compileGlob, globSpecificity, mostSpecificMatch } from './glob.js';

describe('config globs', () => {
  it('match dotfiles, and a folder glob matches everything inside', () => {
    expect(compileGlob('services/**')('services/api/.env')).toBe(true);
    expect(compileGlob('libs/money/')('libs/money/a/b.ts')).toBe(true);
    expect(compileGlob('*.md')('docs/a.md')).toBe(false);
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
