import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../../test/helpers/repo.js';
import { buildGraph } from './build.js';
import { loadResolution } from './cache.js';
import { workInParallel } from './pool.js';
import type { FileJob } from './shard.js';

/** A polyglot monorepo: 12 files of each kind, imports between them and across packages, and 2,000 small TypeScript files. */
function polyglotFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['packages/lib/src/*'] } } }),
    'packages/lib/package.json': JSON.stringify({ name: '@acme/lib', main: './dist/index.js' }),
    'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
    'packages/lib/src/index.ts': "export * from './lib-0';\n",
    'py/pyproject.toml': '[project]\nname = "shop"\n',
    'py/shop/__init__.py': '',
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
  };
  for (let i = 0; i < 12; i++) {
    files[`packages/lib/src/lib-${i}.ts`] = `import type { T } from './lib-${(i + 1) % 12}';\nexport type U = T;\nexport const v${i} = ${i};\n`;
    files[`packages/app/src/app-${i}.tsx`] = `import { v${i} } from '@acme/lib';\nimport * as x from '@lib/lib-${i}';\nimport React from 'react';\nexport const A = () => <div>{v${i}}{x}</div>;\n`;
    files[`packages/app/legacy/old-${i}.js`] = `const fs = require('node:fs');\nconst lib = require('../src/app-${i}');\nmodule.exports = import('./old-${(i + 1) % 12}.js');\n`;
    files[`py/shop/mod_${i}.py`] = `from . import mod_${(i + 1) % 12}\nimport requests\nfrom shop.mod_${(i + 2) % 12} import thing\n`;
    files[`svc/pkg${i}/main.go`] = `package pkg${i}\n\nimport (\n\t"fmt"\n\t"example.com/m/svc/pkg${(i + 1) % 12}"\n)\n`;
  }
  // Enough files that a worker of two sends its results in more than one batch (of 1,000).
  for (let i = 0; i < 2000; i++) files[`packages/lib/src/gen/g${i}.ts`] = `import { g } from './g${(i + 1) % 2000}';\nexport const h = g;\n`;
  // A file that does not parse, two copies of one file, a file over the size cap, an unresolved import.
  files['packages/app/src/broken.ts'] = "import { a } from './app-0';\nexport const = ;\n";
  files['packages/app/src/copy-a.ts'] = "import { v1 } from '@acme/lib';\n";
  files['packages/app/src/copy-b.ts'] = "import { v1 } from '@acme/lib';\n";
  files['packages/app/src/big.js'] = `// ${'x'.repeat(1024 * 1024 + 10)}\n`;
  files['packages/app/src/lost.ts'] = "import './nowhere';\n";
  files['py/broken.py'] = 'import os\ndef f(:\n';
  return files;
}

describe('a parallel build', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());
  // Added at once: a commit's files are added one by one.
  for (const [path, text] of Object.entries(polyglotFiles())) repo.write(path, text);
  symlinkSync('app-0.tsx', join(repo.dir, 'packages/app/src/link.tsx'));
  repo.git(['add', '-A']);
  repo.commit({ message: 'polyglot\n' });

  const cacheFolder = join(repo.dir, '.blastwall', 'cache');
  const build = async (threads: number) => {
    rmSync(cacheFolder, { recursive: true, force: true });
    const graph = await buildGraph(repo.dir, { parallelFrom: threads === 1 ? Infinity : 1, threads });
    // The resolution cache holds a random generation: the rest of it must be the same.
    const { generation } = (await loadResolution(repo.dir))!;
    const resolution = readFileSync(join(cacheFolder, 'resolution-v6.bin')).toString('latin1').replace(generation!, '');
    return { graph, extractions: readFileSync(join(cacheFolder, 'extractions-v6.bin')), resolution };
  };

  it('gives the graph and the caches of a build on one thread', async () => {
    const one = await build(1);
    expect(one.graph.stats).toEqual({ files: 2069, parsed: 2066, fromCache: 1, resolvedFromCache: 0, edges: 2100, unresolved: 1, parseErrors: 2, skipped: 2 });
    expect(one.graph.files.get('packages/app/src/big.js')!.skipped).toEqual({ reason: 'too-large', size: 1024 * 1024 + 14 });
    expect(one.graph.files.get('packages/app/src/link.tsx')!.skipped).toEqual({ reason: 'symlink' });
    expect(one.graph.files.get('py/broken.py')!.error).toBe('2:7: syntax error');

    for (const threads of [2, 3]) {
      const parallel = await build(threads);
      // The reverse edges are the cache's as written (with its random generation): compared as a map.
      const comparable = (graph: typeof one.graph) => ({ ...graph, dependents: new Map(graph.dependents) });
      expect(comparable(parallel.graph)).toEqual(comparable(one.graph));
      expect([...parallel.graph.files.keys()]).toEqual([...one.graph.files.keys()]);
      expect(parallel.extractions.equals(one.extractions)).toBe(true);
      expect(parallel.resolution).toBe(one.resolution);
    }
  });

  it('fails with the error of a worker that fails', async () => {
    repo.write('odd/x.cob', 'IDENTIFICATION DIVISION.\n');
    const jobs = [
      { path: 'packages/lib/src/lib-0.ts', language: 'typescript' },
      { path: 'odd/x.cob', language: 'cobol' },
    ] as unknown as FileJob[];
    // This thread never gets ready, so the worker takes the files, and its failure ends the build.
    const failing = workInParallel({ root: repo.dir, paths: [], packages: [] }, jobs, 2, () => new Promise(() => undefined), (_, results) => results);
    await expect(failing).rejects.toThrow(/^a graph worker failed on the 2 files from packages\/lib\/src\/lib-0\.ts: TypeError: extractorFor\(\.\.\.\) is not a function/);
  });
});
