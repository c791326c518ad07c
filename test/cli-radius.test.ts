import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

describe('blastwall radius (CLI)', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = createRepo();
    repo.commit({
      message: 'initial\n',
      files: {
        'blastwall.yml': 'services:\n  pay: { paths: ["pay/**"], criticality: critical }\nzones:\n  money: { services: [pay], criticality: critical }\n',
        'lib/a.ts': 'export const a = 1;\n',
        'pay/b.ts': "import { a } from '../lib/a';\nexport const b = a;\n",
        'big.ts': `export const big = "${'x'.repeat(1_100_000)}";\n`,
      },
    });
    symlinkSync('lib/a.ts', join(repo.dir, 'link.ts'));
    repo.git(['add', 'link.ts']);
    repo.git(['commit', '-q', '-m', 'link']);
    writeFileSync(join(repo.dir, 'lib/a.ts'), 'export const a = 2;\n');
  });
  afterAll(() => repo.remove());

  it('prints the summary and exits 0', () => {
    const { code, stdout, stderr } = cli(['radius', '--base', 'HEAD', '--no-history'], { cwd: repo.dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split('\n')[0]).toBe('touches 1 file; reaches 1 file, 0 packages, 1 service (pay: critical); critical zones money');
  });

  it('gives JSON with files, services, zones and the graph stats (symlink and oversized file skipped, reported)', () => {
    const { code, stdout } = cli(['radius', '--base', 'HEAD', '--format', 'json', '--no-history', '--no-cache'], { cwd: repo.dir });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.files.map((f: { path: string; distance: number }) => [f.path, f.distance])).toEqual([['lib/a.ts', 0], ['pay/b.ts', 1]]);
    expect(report.services.map((s: { name: string }) => s.name)).toEqual(['pay']);
    expect(report.zones.map((z: { name: string }) => z.name)).toEqual(['money']);
    expect(report.graph).toMatchObject({ files: 4, skipped: 2, edges: 1 });
  });

  it('draws the services and zones as dot and mermaid', () => {
    expect(cli(['radius', '--base', 'HEAD', '--format', 'dot', '--no-history'], { cwd: repo.dir }).stdout).toBe(
      [
        'digraph radius {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  change [label="change (1 file)", shape=box, color="#000000"];',
        '  service_pay [label="pay (critical)", shape=ellipse, color="#d62728"];',
        '  zone_money [label="zone money (critical)", shape=folder, color="#d62728"];',
        '  change -> service_pay [label="imports, 1 hop"];',
        '  service_pay -> zone_money [label="distance 1", style=dashed];',
        '}',
        '',
      ].join('\n'),
    );
    expect(cli(['radius', '--base', 'HEAD', '--format', 'mermaid', '--no-history'], { cwd: repo.dir }).stdout.split('\n').slice(0, 3)).toEqual([
      'graph LR',
      '  change["change (1 file)"]',
      '  service_pay("pay (critical)")',
    ]);
  });

  it('judges the files given as arguments', () => {
    const report = JSON.parse(cli(['radius', 'pay/b.ts', '--format', 'json', '--no-history'], { cwd: repo.dir }).stdout);
    expect(report.changed).toEqual([{ path: 'pay/b.ts', status: 'modified' }]);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['pay/b.ts']);
  });

  it('exits 2 for bad input, naming it', () => {
    expect(cli(['radius', '--base', 'nope'], { cwd: repo.dir })).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: unknown revision: nope\nhint: check the name with `git log --oneline`\n' });
    expect(cli(['radius', '--depth', '0'], { cwd: repo.dir })).toEqual({ code: 2, stdout: '', stderr: 'blastwall: error: --depth takes a positive integer, not "0"\n' });
    expect(cli(['radius', '--staged', '--head', 'HEAD'], { cwd: repo.dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: --staged and --head cannot be used together\nhint: use --staged for the index, or --head for a commit\n',
    });
  });

  it('exits 2 for a bad blastwall.yml with a warm graph cache, whose reads start before the policy is parsed', () => {
    expect(cli(['radius', 'pay/b.ts', '--format', 'json'], { cwd: repo.dir }).code).toBe(0);
    expect(existsSync(join(repo.dir, '.blastwall', 'cache'))).toBe(true);
    const policy = readFileSync(join(repo.dir, 'blastwall.yml'), 'utf8');
    writeFileSync(join(repo.dir, 'blastwall.yml'), 'services:\n  pay: { paths: ["pay/**"], criticality: urgent }\n');
    try {
      expect(cli(['radius', 'pay/b.ts'], { cwd: repo.dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'blastwall: error: blastwall.yml:2:42: services.pay.criticality: Invalid option: expected one of "critical"|"high"|"normal"|"low"\nhint: see schema/blastwall.schema.json for the fields\n',
      });
    } finally {
      writeFileSync(join(repo.dir, 'blastwall.yml'), policy);
    }
  });
});

describe('blastwall radius on a repository whose commits carry blastwall state', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = createRepo();
    repo.commit({
      message: 'a cache that could hide imports\n',
      files: {
        'lib/a.ts': 'export const a = 1;\n',
        'pay/b.ts': "import { a } from '../lib/a';\nexport const b = a;\n",
        '.blastwall/cache/resolution-v6.bin': 'forged',
      },
    });
  });
  afterAll(() => repo.remove());

  const refused = {
    code: 2,
    stdout: '',
    stderr: 'blastwall: error: .blastwall/cache/resolution-v6.bin is tracked by git: blastwall does not trust state under .blastwall/ that a commit can bring\nhint: remove it from git: git rm -r --cached .blastwall\n',
  };

  it('refuses to judge beside it, with or without the cache, and judges once it is out of git', () => {
    expect(cli(['radius', 'lib/a.ts', '--no-history'], { cwd: repo.dir })).toEqual(refused);
    expect(cli(['radius', 'lib/a.ts', '--no-history', '--no-cache'], { cwd: repo.dir })).toEqual(refused);
    expect(readFileSync(join(repo.dir, '.blastwall/cache/resolution-v6.bin'), 'utf8')).toBe('forged');
    repo.git(['rm', '-r', '-q', '--cached', '.blastwall']);
    const report = JSON.parse(cli(['radius', 'lib/a.ts', '--no-history', '--format', 'json'], { cwd: repo.dir }).stdout);
    expect(report.files.map((f: { path: string; distance: number }) => [f.path, f.distance])).toEqual([['lib/a.ts', 0], ['pay/b.ts', 1]]);
  });
});

describe('blastwall radius --head of a commit that is not checked out', () => {
  let repo: TestRepo;
  let first: string;
  let base: string;
  let head: string;
  beforeAll(() => {
    repo = createRepo();
    first = repo.commit({
      message: 'lib\n',
      files: {
        'blastwall.yml': 'services:\n  pay: { paths: ["pay/**"], criticality: critical }\n',
        'lib/a.ts': 'export const a = 1;\n',
        'lib/old.ts': "import { a } from './a';\nexport const old = a;\n",
        '.github/CODEOWNERS': '* @old-owners\n',
      },
    });
    // Later, lib/a.ts gains an importer in pay/, loses the old one, and the owners change.
    base = repo.commit({
      message: 'pay uses lib\n',
      files: { 'pay/b.ts': "import { a } from '../lib/a';\nexport const b = a;\n", 'lib/old.ts': null, '.github/CODEOWNERS': '* @new-owners\n' },
    });
    head = repo.commit({ message: 'a is 2\n', files: { 'lib/a.ts': 'export const a = 2;\n' } });
    // The work tree stays at the first commit, whose graph would give lib/old.ts and @old-owners.
    repo.git(['checkout', '-q', '--detach', first]);
  });
  afterAll(() => repo.remove());

  it('reads the graph and the owners of the head, and leaves the work tree alone', () => {
    for (const run of ['first run: the side work tree is made', 'second run: it is moved and reused']) {
      const { code, stdout, stderr } = cli(['radius', '--base', base, '--head', head, '--format', 'json', '--no-history'], { cwd: repo.dir });
      expect({ run, code, stderr }).toEqual({ run, code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.files.map((f: { path: string; distance: number }) => [f.path, f.distance])).toEqual([['lib/a.ts', 0], ['pay/b.ts', 1]]);
      expect(report.services.map((s: { name: string; why: string[] }) => [s.name, s.why])).toEqual([['pay', ['lib/a.ts', 'pay/b.ts']]]);
      expect(report.owners).toEqual([{ owner: '@new-owners', files: 2, services: [] }]);
      expect(report.warnings).toEqual([]);
      expect(report.graph).toMatchObject({ files: 2, edges: 1 });
    }
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(first);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(repo.git(['worktree', 'list', '--porcelain']).split('\n').filter((line) => line.startsWith('HEAD '))).toEqual([`HEAD ${first}`, `HEAD ${head}`]);
  });
});

describe('blastwall radius (CLI) of a work tree large enough to parse on several threads', () => {
  // Over 1,000 files to parse: with two cores or more, the bundled worker (dist/cli/chunks/graph-worker.js) parses some of them.
  const repo = createRepo();
  afterAll(() => repo.remove());
  const count = 1500;
  for (let i = 0; i < count; i++) repo.write(`src/m${i}.ts`, i === count - 1 ? 'export const m = 0;\n' : `import { m } from './m${i + 1}';\nexport const n${i} = m;\n`);
  repo.git(['add', '-A']);
  repo.commit({ message: 'a chain of imports\n' });

  it('finds every import, cold and warm', () => {
    for (const run of ['cold', 'warm']) {
      const { code, stdout, stderr } = cli(['radius', '--format', 'json', '--no-history', `src/m${count - 1}.ts`], { cwd: repo.dir });
      expect({ run, code, stderr }).toEqual({ run, code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.files).toHaveLength(count);
      expect(report.files[count - 1]).toMatchObject({ path: 'src/m0.ts', distance: count - 1 });
      expect(report.graph).toMatchObject(run === 'cold' ? { files: count, parsed: count, edges: count - 1 } : { files: count, parsed: 0, resolvedFromCache: count, edges: count - 1 });
    }
  });
});
