import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { createRepo, type TestRepo } from './helpers/repo.js';

// bin/code-cache.js: the CLI's bundle compiled through V8's code cache, one file per command.
describe('the CLI code cache', () => {
  let repo: TestRepo;
  let folder: string;
  const bundle = readFileSync(new URL('../dist/cli/blastwall.cjs', import.meta.url));
  const bundleHash = /\/\/ bundle ([0-9a-f]{16}) ascii\n$/.exec(bundle.toString('latin1'))?.[1];
  const cacheName = (command: string) => `${command}-${bundleHash}-${process.version}-${process.arch}.v8`;
  const inFolder = () => readdirSync(folder).sort();
  const run = (args: string[], env: Record<string, string> = { BLASTWALL_CODE_CACHE: folder }) => cli(args, { cwd: repo.dir, env });

  beforeAll(() => {
    repo = createRepo();
    repo.commit({ message: 'initial\n', files: { 'src/a.ts': "import { b } from './b';\nexport const a = b;\n", 'src/b.ts': 'export const b = 1;\n' } });
  });
  afterAll(() => repo.remove());

  const fresh = () => {
    folder = mkdtempSync(join(tmpdir(), 'blastwall-code-cache-'));
    return () => rmSync(folder, { recursive: true, force: true });
  };

  it('names the bundle content on its last line, and the bundle is ASCII as that line says', () => {
    expect(bundleHash).toMatch(/^[0-9a-f]{16}$/);
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('is made by the first run of a command, then used as it is', () => {
    const done = fresh();
    const first = run(['radius', '--format', 'json', '--no-cache', 'src/b.ts']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(inFolder()).toEqual([cacheName('radius')]);
    const made = statSync(join(folder, cacheName('radius')));
    expect(made.size).toBeGreaterThan(100_000);
    // From the cache, the parser (an ES module package imported by the bundle) still loads.
    const second = run(['radius', '--format', 'json', '--no-cache', 'src/b.ts']);
    expect({ code: second.code, stderr: second.stderr, stdout: second.stdout }).toEqual({ code: 0, stderr: '', stdout: first.stdout });
    expect(JSON.parse(second.stdout).files.map((f: { path: string }) => f.path)).toEqual(['src/b.ts', 'src/a.ts']);
    expect(statSync(join(folder, cacheName('radius'))).mtimeMs).toBe(made.mtimeMs);
    expect(run(['scan', '--format', 'json']).code).toBe(0);
    expect(inFolder()).toEqual([cacheName('radius'), cacheName('scan')]);
    done();
  });

  it('makes a cache that V8 rejects again, and the run goes on as without one', () => {
    const done = fresh();
    writeFileSync(join(folder, cacheName('scan')), 'not a code cache');
    const result = run(['scan', '--format', 'json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(statSync(join(folder, cacheName('scan'))).size).toBeGreaterThan(100_000);
    done();
  });

  it('drops the caches of other bundles when it writes, and nothing else', () => {
    const done = fresh();
    writeFileSync(join(folder, `scan-0123456789abcdef-${process.version}-${process.arch}.v8`), 'an older bundle');
    writeFileSync(join(folder, 'notes.txt'), 'kept');
    expect(run(['scan']).code).toBe(0);
    expect(inFolder()).toEqual(['notes.txt', cacheName('scan')]);
    done();
  });

  it('writes nothing after a run stopped by bad input, nor when it is off', () => {
    const done = fresh();
    const bad = run(['radius', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(inFolder()).toEqual([]);
    const off = run(['scan'], { BLASTWALL_CODE_CACHE: 'off' });
    expect({ code: off.code, stderr: off.stderr }).toEqual({ code: 0, stderr: '' });
    expect(inFolder()).toEqual([]);
    done();
  });

  it('says how to build when the bundle is missing, and exits 2', () => {
    const done = fresh();
    // bin/ alone, without the dist/ it loads from beside it.
    mkdirSync(join(folder, 'bin'));
    for (const name of ['blastwall.js', 'code-cache.js']) copyFileSync(new URL(`../bin/${name}`, import.meta.url), join(folder, 'bin', name));
    writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
    const result = spawnSync(process.execPath, [join(folder, 'bin', 'blastwall.js'), 'scan'], { encoding: 'utf8' });
    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: the CLI is not built (dist/cli/blastwall.cjs is missing)\nhint: run `npm run build` in the blastwall folder\n',
    });
    done();
  });

  it('goes on without a cache where it cannot write one', () => {
    const done = fresh();
    // A file where the folder should be: neither the folder nor the cache can be made.
    const blocked = join(folder, 'blocked');
    writeFileSync(blocked, '');
    const result = run(['scan'], { BLASTWALL_CODE_CACHE: blocked });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(inFolder()).toEqual(['blocked']);
    done();
  });
});
