import { describe, expect, it } from 'vitest';
import { couplingsFrom } from './cochange.js';

describe('couplingsFrom', () => {
  const repeat = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

  it('couples files that change together, with the usual thresholds', () => {
    const commits = [
      ...repeat(6, ['api/handler.go', 'db/migrations/001.sql']),
      ...repeat(2, ['api/handler.go']),
      ...repeat(4, ['api/handler.go', 'web/client.ts']), // shared 4 < 5: not coupled
      ...repeat(10, ['db/migrations/001.sql', 'db/schema.sql']),
    ];
    expect(couplingsFrom(commits, new Set(['api/handler.go']))).toEqual([
      { file: 'api/handler.go', coupled: 'db/migrations/001.sql', shared: 6, revisions: { file: 12, coupled: 16 }, degree: 6 / 14 },
    ]);
  });

  it('ignores commits that touch more than 30 files', () => {
    const big = ['a.ts', 'b.ts', ...Array.from({ length: 29 }, (_, i) => `x${i}.ts`)];
    expect(couplingsFrom(repeat(10, big), new Set(['a.ts']))).toEqual([]);
  });

  it('needs a degree of at least 30%', () => {
    const commits = [...repeat(5, ['a', 'b']), ...repeat(20, ['a']), ...repeat(20, ['b'])];
    expect(couplingsFrom(commits, new Set(['a']))).toEqual([]);
  });
});
