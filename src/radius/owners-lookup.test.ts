import { describe, expect, it } from 'vitest';
import { ownersLookup, ownersOf, parseCodeowners } from '../ownership/codeowners.js';

// The radius asks for the owners of every file it reaches through ownersLookup, which asks per
// folder what depends on the folder alone: it must answer as ownersOf does, for every kind of pattern.
describe('ownersLookup', () => {
  const { rules } = parseCodeowners(
    [
      '*                 @all',
      '*.py              @python',
      'docs              @docs-anywhere',
      '/apps/            @apps',
      'apps/web/*        @web-direct',
      'src/**            @src',
      '**/tests/**       @tests',
      '/build/*.sh       @build',
      '?                 @one-letter',
      'Makefile          @make',
      '/apps/api/        @api',
      '/apps/api/db/     ',
      'lib/**/*.go       @go-lib',
      '*.md              @writers',
      'my\\ file.txt     @escaped',
      '/README.md        @readme',
      'apps/web/deep/    @deep',
      'pkg/              @pkg-anywhere',
      '/tools/**         @tools',
      '/apps/web/deep/x/ @deep-x',
    ].join('\n'),
  );
  const paths = [
    'a.ts',
    'x.py',
    'apps/x.py',
    'apps/web/index.ts',
    'apps/web/deep/page.ts',
    'apps/api/handler.py',
    'apps/api/db/schema.sql',
    'src/docs/guide.md',
    'docs/intro.md',
    'pkg/docs/x/y.ts',
    'docs',
    'pkg/src/tests/a.test.ts',
    'src/deep/tests/b.ts',
    'build/release.sh',
    'build/x/release.sh',
    'q/a/b.ts',
    'a/q.ts',
    'tools/Makefile',
    'lib/a/b/c.go',
    'lib/c.go',
    'src/my file.txt',
    'README.md',
    'nested/README.md',
    'x.py/inside.ts',
    'apps/web/deep/x/y/z.ts',
    'apps/web/deep/x/z.ts',
    'other/apps/web/deep/a.ts',
    'a/pkg/b/c.ts',
    'pkg/c.ts',
    'tools/a/b/c.sh',
    'x/tools/c.sh',
    'a/x.py/b/c.ts',
    'deep/docs/a/b/c.ts',
    'q/Makefile/x.ts',
  ];

  it('answers as ownersOf for every path, asked in any order and again', () => {
    const lookup = ownersLookup(rules);
    for (const path of [...paths, ...[...paths].reverse()]) expect(lookup(path)).toBe(ownersOf(rules, path));
  });

  it('answers undefined where no rule matches', () => {
    const only = parseCodeowners('/apps/ @apps\n*.py @python\n').rules;
    const lookup = ownersLookup(only);
    for (const path of ['a.ts', 'apps/a.ts', 'lib/x.py', 'x.py']) expect(lookup(path)).toBe(ownersOf(only, path));
    expect(lookup('a.ts')).toBeUndefined();
  });
});
