import { describe, expect, it } from 'vitest';
import { codeownersPatternToRegExp, findCodeownersPath, ownersOf, parseCodeowners } from './codeowners.js';

/** Owners of `path` under a file made of `lines`. */
const owners = (lines: string, path: string): readonly string[] | undefined => {
  const { rules, problems } = parseCodeowners(lines);
  expect(problems).toEqual([]);
  return ownersOf(rules, path)?.owners;
};

const matches = (pattern: string, path: string): boolean => codeownersPatternToRegExp(pattern).test(path);

describe('findCodeownersPath', () => {
  it('takes .github/ first, then the root, then docs/', () => {
    expect(findCodeownersPath(new Set(['CODEOWNERS', 'docs/CODEOWNERS', '.github/CODEOWNERS']))).toBe('.github/CODEOWNERS');
    expect(findCodeownersPath(new Set(['docs/CODEOWNERS', 'CODEOWNERS']))).toBe('CODEOWNERS');
    expect(findCodeownersPath(new Set(['docs/CODEOWNERS', 'src/CODEOWNERS']))).toBe('docs/CODEOWNERS');
    expect(findCodeownersPath(new Set(['src/CODEOWNERS', 'codeowners']))).toBeUndefined();
  });
});

describe('parseCodeowners', () => {
  it('reads patterns and owners with their lines, skipping comments and blank lines', () => {
    const text = ['# owners', '', '*       @global-owner1 @global-owner2', '*.js    @js-owner #This is an inline comment.', '\t', '/apps/github', ''].join('\n');
    expect(parseCodeowners(text)).toEqual({
      rules: [
        { pattern: '*', owners: ['@global-owner1', '@global-owner2'], line: 3 },
        { pattern: '*.js', owners: ['@js-owner'], line: 4 },
        { pattern: '/apps/github', owners: [], line: 6 },
      ],
      problems: [],
    });
  });

  it('reads CRLF line ends and tabs between owners', () => {
    expect(parseCodeowners('*.go\tdocs@example.com\t@octo-org/octocats\r\n').rules).toEqual([
      { pattern: '*.go', owners: ['docs@example.com', '@octo-org/octocats'], line: 1 },
    ]);
  });

  it('reads an escaped # as part of the pattern, and escaped blanks inside it', () => {
    const { rules } = parseCodeowners('\\#notes.md @notes\nmy\\ file.txt @spaces\nfile#1.txt @hash\n');
    expect(rules.map((r) => r.pattern)).toEqual(['\\#notes.md', 'my\\ file.txt', 'file#1.txt']);
    expect(ownersOf(rules, '#notes.md')?.owners).toEqual(['@notes']);
    expect(ownersOf(rules, 'docs/my file.txt')?.owners).toEqual(['@spaces']);
    expect(ownersOf(rules, 'file#1.txt')?.owners).toEqual(['@hash']);
  });

  it('reports the lines GitHub cannot read, and keeps the rest', () => {
    const text = ['* @everyone', '!*.md @docs', 'src/[ab].ts @team', 'lib/*** @x', 'LICENSE @legal janedoe', '/ @root', 'README.md @octo-org/docs'].join('\n');
    const { rules, problems } = parseCodeowners(text, '.github/CODEOWNERS');
    expect(rules).toEqual([
      { pattern: '*', owners: ['@everyone'], line: 1 },
      { pattern: 'README.md', owners: ['@octo-org/docs'], line: 7 },
    ]);
    expect(problems).toEqual([
      { file: '.github/CODEOWNERS', line: 2, message: '"!*.md": CODEOWNERS patterns cannot be negated with "!"; the line is ignored' },
      { file: '.github/CODEOWNERS', line: 3, message: '"src/[ab].ts": CODEOWNERS patterns do not support character ranges "[ ]"; the line is ignored' },
      { file: '.github/CODEOWNERS', line: 4, message: '"lib/***": "***" is not a valid wildcard; use "*" or "**"; the line is ignored' },
      { file: '.github/CODEOWNERS', line: 5, message: '"janedoe" is not an owner: expected @user, @org/team or an email; the line is ignored' },
      { file: '.github/CODEOWNERS', line: 6, message: '"/" matches no file; use "*" for every file; the line is ignored' },
    ]);
  });
});

/**
 * The example file in GitHub's "About code owners", one example at a time (each after the global
 * default, as in the example), with what its comment there says it means.
 */
describe("GitHub's CODEOWNERS examples", () => {
  const withDefault = (rule: string): string => `* @global-owner1 @global-owner2\n${rule}\n`;

  it('`*` makes default owners for every file', () => {
    for (const path of ['README.md', 'src/index.ts', '.github/workflows/ci.yml']) {
      expect(owners(withDefault(''), path)).toEqual(['@global-owner1', '@global-owner2']);
    }
  });

  it('`*.js`: the last matching pattern wins, so JS files have only @js-owner (inline comment ignored)', () => {
    const file = withDefault('*.js    @js-owner #This is an inline comment.');
    expect(owners(file, 'index.js')).toEqual(['@js-owner']);
    expect(owners(file, 'web/src/app.js')).toEqual(['@js-owner']);
    expect(owners(file, 'web/src/app.ts')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`*.go` owned by an email address', () => {
    expect(owners(withDefault('*.go docs@example.com'), 'cmd/main.go')).toEqual(['docs@example.com']);
  });

  it('`*.txt` owned by a team', () => {
    expect(owners(withDefault('*.txt @octo-org/octocats'), 'notes/todo.txt')).toEqual(['@octo-org/octocats']);
  });

  it('`/build/logs/`: the build/logs directory at the root and its subdirectories', () => {
    const file = withDefault('/build/logs/ @doctocat');
    expect(owners(file, 'build/logs/a.log')).toEqual(['@doctocat']);
    expect(owners(file, 'build/logs/2024/01/a.log')).toEqual(['@doctocat']);
    expect(owners(file, 'src/build/logs/a.log')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners(file, 'build/logs')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`docs/*`: files directly in docs, not further nested ones', () => {
    const file = withDefault('docs/*  docs@example.com');
    expect(owners(file, 'docs/getting-started.md')).toEqual(['docs@example.com']);
    expect(owners(file, 'docs/build-app/troubleshooting.md')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`apps/`: any file in an apps directory anywhere', () => {
    const file = withDefault('apps/ @octocat');
    expect(owners(file, 'apps/web/index.ts')).toEqual(['@octocat']);
    expect(owners(file, 'services/apps/x.go')).toEqual(['@octocat']);
    expect(owners(file, 'apps')).toEqual(['@global-owner1', '@global-owner2']);
    expect(owners(file, 'myapps/x.ts')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`/docs/`: the docs directory at the root and its subdirectories', () => {
    const file = withDefault('/docs/ @doctocat');
    expect(owners(file, 'docs/a.md')).toEqual(['@doctocat']);
    expect(owners(file, 'docs/guides/b.md')).toEqual(['@doctocat']);
    expect(owners(file, 'web/docs/a.md')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`/scripts/` with two owners: either may approve', () => {
    expect(owners(withDefault('/scripts/ @doctocat @octocat'), 'scripts/deploy.sh')).toEqual(['@doctocat', '@octocat']);
  });

  it('`**/logs`: any logs directory, such as /build/logs, /scripts/logs and /deeply/nested/logs', () => {
    const file = withDefault('**/logs @octocat');
    for (const path of ['build/logs/a.log', 'scripts/logs/b.log', 'deeply/nested/logs/c.log', 'logs/d.log']) {
      expect(owners(file, path)).toEqual(['@octocat']);
    }
    expect(owners(file, 'build/logsearch/a.ts')).toEqual(['@global-owner1', '@global-owner2']);
  });

  it('`/apps/` then `/apps/github` with no owners: apps/github has none', () => {
    const file = withDefault('/apps/ @octocat\n/apps/github');
    expect(owners(file, 'apps/web/index.ts')).toEqual(['@octocat']);
    expect(owners(file, 'apps/github/index.ts')).toEqual([]);
    expect(ownersOf(parseCodeowners(file).rules, 'apps/github/index.ts')).toEqual({ pattern: '/apps/github', owners: [], line: 3 });
  });

  it('`/apps/` then `/apps/github @doctocat`: the subdirectory has its own owner', () => {
    const file = withDefault('/apps/ @octocat\n/apps/github @doctocat');
    expect(owners(file, 'apps/web/index.ts')).toEqual(['@octocat']);
    expect(owners(file, 'apps/github/index.ts')).toEqual(['@doctocat']);
  });

  it('all examples in one file: order decides', () => {
    const file = [
      '*       @global-owner1 @global-owner2',
      '*.js    @js-owner #This is an inline comment.',
      '*.go docs@example.com',
      '*.txt @octo-org/octocats',
      '/build/logs/ @doctocat',
      'docs/*  docs@example.com',
      'apps/ @octocat',
      '/docs/ @doctocat',
      '/scripts/ @doctocat @octocat',
      '**/logs @octocat',
      '/apps/ @octocat',
      '/apps/github @doctocat',
    ].join('\n');
    const { rules } = parseCodeowners(file);
    const lineOf = (path: string): number | undefined => ownersOf(rules, path)?.line;
    expect(lineOf('src/index.ts')).toBe(1);
    expect(lineOf('src/index.js')).toBe(2);
    expect(lineOf('apps/web/index.js')).toBe(11); // apps/ (7) and /apps/ (11) come after *.js
    expect(lineOf('build/logs/a.log')).toBe(10); // **/logs comes after /build/logs/
    expect(lineOf('docs/a.md')).toBe(8); // /docs/ comes after docs/*
    expect(lineOf('scripts/logs/a.txt')).toBe(10);
    expect(lineOf('apps/github/x.go')).toBe(12);
    expect(lineOf('web/apps/x.go')).toBe(7);
  });
});

describe('codeownersPatternToRegExp', () => {
  // The gitignore rules that GitHub keeps, checked one by one.
  const cases: [pattern: string, yes: string[], no: string[]][] = [
    ['foo', ['foo', 'foo/bar', 'bar/foo', 'bar/foo/baz'], ['foo.txt', 'bar/foo.txt', 'food']],
    ['/foo', ['foo', 'foo/bar', 'foo/bar/baz'], ['bar/foo', 'fool.txt']],
    ['foo/', ['foo/bar', 'foo/bar/baz', 'bar/foo/baz'], ['foo', 'bar/foo']],
    ['/foo/', ['foo/bar', 'foo/bar/baz'], ['foo', 'bar/foo/baz']],
    ['foo/bar', ['foo/bar', 'foo/bar/baz'], ['foo/bart', 'baz/foo/bar']],
    ['foo/bar/', ['foo/bar/baz'], ['foo/bar', 'baz/foo/bar/qux']],
    ['*', ['foo', 'foo/bar', '.env'], []],
    ['f*', ['foo', 'foo/bar', 'bar/foo/baz'], ['bar/baz', 'xfoo']],
    ['/*', ['foo', 'bar'], ['foo/bar']],
    ['/*/', ['foo/bar', 'bar/foo/baz'], ['foo']],
    ['foo/*', ['foo/bar'], ['foo', 'foo/bar/baz', 'bar/foo/baz']],
    ['foo/*.txt', ['foo/bar.txt'], ['foo/bar/baz.txt', 'qux/foo/bar.txt']],
    ['foo/*/baz', ['foo/bar/baz', 'foo/bar/baz/qux'], ['foo/baz', 'foo/bar']],
    ['f?o', ['foo', 'x/foo'], ['fo', 'fooo']],
    ['f\\*o', ['f*o'], ['foo']],
    ['**/foo/bar', ['foo/bar', 'qux/foo/bar', 'qux/foo/bar/baz'], ['foo/baz/bar']],
    ['foo/bar/**', ['foo/bar/baz', 'foo/bar/baz/qux'], ['foo/bar', 'qux/foo/bar/baz']],
    ['foo/**/bar', ['foo/bar', 'foo/qux/bar/baz', 'foo/qux/quux/bar/baz'], ['qux/foo/bar']],
    ['**', ['foo', 'foo/bar'], []],
    ['*.min.js', ['a.min.js', 'x/y/a.min.js'], ['a.js', 'aminjs']],
  ];
  for (const [pattern, yes, no] of cases) {
    it(`${pattern}`, () => {
      expect(yes.filter((path) => !matches(pattern, path))).toEqual([]);
      expect(no.filter((path) => matches(pattern, path))).toEqual([]);
    });
  }

  it('is case sensitive, as GitHub is', () => {
    expect(matches('/Docs/', 'docs/a.md')).toBe(false);
  });
});
