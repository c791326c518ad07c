import { symlinkSync, writeFileSync } from 'node:fs';
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
