import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../../test/helpers/repo.js';
import { buildGraph } from './build.js';

describe('buildGraph cache', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());
  repo.commit({
    message: 'initial\n',
    files: {
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': "import { a } from './a';\nexport const b = a;\n",
      'src/c.ts': "import { b } from './b';\nexport const c = b;\n",
    },
  });

  it('parses every file cold, nothing warm, and only a changed blob after an edit', async () => {
    const cold = await buildGraph(repo.dir);
    expect(cold.stats).toMatchObject({ files: 3, parsed: 3, fromCache: 0, resolvedFromCache: 0, edges: 2 });

    const warm = await buildGraph(repo.dir);
    expect(warm.stats).toMatchObject({ files: 3, parsed: 0, fromCache: 0, resolvedFromCache: 3, edges: 2 });

    repo.write('src/c.ts', "import { a } from './a';\nimport { b } from './b';\nexport const c = a + b;\n");
    const edited = await buildGraph(repo.dir);
    expect(edited.stats).toMatchObject({ files: 3, parsed: 1, resolvedFromCache: 2, edges: 3 });
    expect(edited.dependents.get('src/a.ts')!.map((e) => e.from).sort()).toEqual(['src/b.ts', 'src/c.ts']);
  });

  it('reuses blobs seen on another branch without parsing them again', async () => {
    repo.git(['checkout', '-q', '--', '.']);
    repo.git(['checkout', '-q', '-b', 'other']);
    repo.commit({ message: 'new file\n', files: { 'src/d.ts': "import { c } from './c';\nexport const d = c;\n" } });
    const onOther = await buildGraph(repo.dir);
    // A new path changes how imports may resolve: everything is resolved again, but only d.ts is parsed.
    expect(onOther.stats).toMatchObject({ files: 4, parsed: 1, fromCache: 3, resolvedFromCache: 0 });
    repo.git(['checkout', '-q', 'main']);
    const back = await buildGraph(repo.dir);
    expect(back.stats).toMatchObject({ files: 3, parsed: 0, fromCache: 3 });
  });

  it('removes cache files of earlier versions when it writes the cache', async () => {
    const folder = join(repo.dir, '.blastwall', 'cache');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'resolution-v1.bin'), 'old');
    writeFileSync(join(folder, 'notes.txt'), 'kept');
    repo.write('src/e.ts', 'export const e = 1;\n');
    await buildGraph(repo.dir);
    expect(readdirSync(folder).sort()).toEqual(['extractions-v6.bin', 'notes.txt', 'resolution-v6.bin']);
    rmSync(join(repo.dir, 'src/e.ts'));
  });

  it('skips listing a clean work tree at an index it has seen, and notices every change from it', async () => {
    const gitDir = join(repo.dir, '.git');
    // Stat data that a file put back as it was matches again: git then finds it clean without rewriting the index.
    repo.git(['config', 'core.checkStat', 'minimal']);
    repo.git(['config', 'core.trustctime', 'false']);
    const edges = async (): Promise<number> => (await buildGraph(repo.dir, { gitDir })).stats.edges;
    expect(await edges()).toBe(2);
    expect(await edges()).toBe(2);
    expect(readdirSync(join(repo.dir, '.blastwall', 'cache'))).toContain('worktree-v6.json');
    const original = readFileSync(join(repo.dir, 'src/c.ts'));
    const { mtime } = statSync(join(repo.dir, 'src/c.ts'));
    // Modified: the cache is rewritten for the modified file.
    repo.write('src/c.ts', "import { a } from './a';\nimport { b } from './b';\nexport const c = a + b;\n");
    expect(await edges()).toBe(3);
    // Back as it was, with the same time, so that git finds the work tree clean at the same index:
    // the cache, written for the modified file since, must not be taken for that index's.
    writeFileSync(join(repo.dir, 'src/c.ts'), original);
    utimesSync(join(repo.dir, 'src/c.ts'), mtime, mtime);
    expect(await edges()).toBe(2);
    expect(await edges()).toBe(2);
    // An untracked file and a commit are seen too.
    repo.write('src/f.ts', "import { a } from './a';\n");
    expect(await edges()).toBe(3);
    repo.commit({ message: 'f\n', files: { 'src/f.ts': "import { a } from './a';\nimport { b } from './b';\n" } });
    expect(await edges()).toBe(4);
    expect(await edges()).toBe(4);
    repo.git(['reset', '-q', '--hard', 'HEAD~1']);
    expect(await edges()).toBe(2);
  });

  it('works without the cache', async () => {
    const graph = await buildGraph(repo.dir, { cache: false });
    expect(graph.stats).toMatchObject({ files: 3, parsed: 3, fromCache: 0 });
  });
});
