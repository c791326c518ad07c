import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { parseConfig } from '../src/policy/config.js';
import { createRepo, isolateGitConfig, type TestRepo } from './helpers/repo.js';

isolateGitConfig();

/** Runs blastwall in-process in `cwd`, with the output in buffers. */
async function blastwall(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), stderrIsTTY: false, cwd });
  return { code, stdout, stderr };
}

describe('blastwall init (CLI)', () => {
  let repo: TestRepo;
  let dir: string;
  beforeAll(() => {
    repo = createRepo();
    repo.commit({
      message: 'initial\n',
      files: {
        'services/payments/charge.ts': "import { token } from '../../src/auth/token';\nexport const charge = token;\n",
        'src/auth/token.ts': 'export const token = 1;\n',
        'db/migrations/001.sql': 'create table t (id int);\n',
        'infra/main.tf': 'terraform {}\n',
        'test/fixtures/billing/x.ts': 'export {};\n',
        '.github/CODEOWNERS': '*  @acme/platform\nservices/payments/  @acme/payments-team @alice\n',
        '.gitignore': 'node_modules/\n',
      },
    });
    // Ignored by git, so not a zone.
    repo.write('node_modules/checkout/index.js', 'module.exports = 1;\n');
    dir = realpathSync(repo.dir);
  });
  afterAll(() => repo.remove());

  it('--stdout prints the proposal and writes no file', async () => {
    const { code, stdout, stderr } = await blastwall(['init', '--stdout'], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(dir, 'blastwall.yml'))).toBe(false);
    expect(stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/blastwall/schema/blastwall.schema.json');
    expect(Object.keys(parseConfig(stdout).zones)).toEqual(['payments', 'auth', 'migrations', 'infra']);
  });

  it('writes blastwall.yml, prints a one-line summary, and leaves no temporary file', async () => {
    const printed = (await blastwall(['init', '--stdout'], dir)).stdout;
    const { code, stdout, stderr } = await blastwall(['init'], dir);
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: 'wrote blastwall.yml: 4 zones (payments, auth, migrations, infra), 2 teams and 1 person from CODEOWNERS to complete, 1 active rule\n',
      stderr: '',
    });
    const written = readFileSync(join(dir, 'blastwall.yml'), 'utf8');
    expect(written).toBe(printed);
    const config = parseConfig(written);
    expect(config.zones).toEqual({
      payments: { criticality: 'critical', paths: ['services/payments/**'] },
      auth: { criticality: 'critical', paths: ['src/auth/**'] },
      migrations: { criticality: 'high', paths: ['db/migrations/**'] },
      infra: { criticality: 'high', paths: ['infra/**'] },
    });
    expect(config.rules.map((rule) => [rule.name, rule.warn])).toEqual([['ai-reaches-critical-zone', true]]);
    expect(written).toContain('#     from: [payments-team]\n');
    expect(readdirSync(dir).filter((name) => name.startsWith('blastwall.yml'))).toEqual(['blastwall.yml']);
    expect(readdirSync(join(dir, '.git')).filter((name) => name.startsWith('blastwall.yml'))).toEqual([]);
  });

  it('never overwrites: exit 2 with the path relative to the current folder and a hint', async () => {
    writeFileSync(join(dir, 'blastwall.yml'), 'version: 1\n');
    expect(await blastwall(['init'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: blastwall.yml already exists at blastwall.yml\nhint: edit it, or remove it to start again\n',
    });
    mkdirSync(join(dir, 'docs'), { recursive: true });
    // From a subfolder the repository is found upwards, as git finds it.
    expect(await blastwall(['init'], join(dir, 'docs'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'blastwall: error: blastwall.yml already exists at ../blastwall.yml\nhint: edit it, or remove it to start again\n',
    });
    expect(readFileSync(join(dir, 'blastwall.yml'), 'utf8')).toBe('version: 1\n');
    // --stdout still works: it writes nothing.
    const printed = await blastwall(['init', '--stdout'], dir);
    expect(printed.code).toBe(0);
    expect(parseConfig(printed.stdout).rules).toHaveLength(1);
    expect(readFileSync(join(dir, 'blastwall.yml'), 'utf8')).toBe('version: 1\n');
  });

  it('two runs at once: one writes, the other refuses, whichever check catches it', async () => {
    const other = createRepo();
    try {
      other.commit({ message: 'initial\n', files: { 'src/auth/token.ts': 'export const token = 1;\n' } });
      const root = realpathSync(other.dir);
      const results = await Promise.all([blastwall(['init'], root), blastwall(['init'], root)]);
      expect(results.map((result) => result.code).sort()).toEqual([0, 2]);
      expect(results.find((result) => result.code === 2)!.stderr).toBe('blastwall: error: blastwall.yml already exists at blastwall.yml\nhint: edit it, or remove it to start again\n');
      expect(parseConfig(readFileSync(join(root, 'blastwall.yml'), 'utf8')).zones).toEqual({ auth: { criticality: 'critical', paths: ['src/auth/**'] } });
      expect(readdirSync(root).filter((name) => name.startsWith('blastwall.yml'))).toEqual(['blastwall.yml']);
      expect(readdirSync(join(root, '.git')).filter((name) => name.startsWith('blastwall.yml'))).toEqual([]);
    } finally {
      other.remove();
    }
  });

  it('the written policy works with blastwall radius', async () => {
    const other = createRepo();
    try {
      other.commit({
        message: 'initial\n',
        files: {
          'services/payments/charge.ts': "import { token } from '../../src/auth/token';\nexport const charge = token;\n",
          'src/auth/token.ts': 'export const token = 1;\n',
        },
      });
      const root = realpathSync(other.dir);
      expect((await blastwall(['init'], root)).stdout).toBe('wrote blastwall.yml: 2 zones (payments, auth), 1 active rule\n');
      writeFileSync(join(root, 'src/auth/token.ts'), 'export const token = 2;\n');
      const { code, stdout, stderr } = await blastwall(['radius', 'src/auth/token.ts', '--format', 'json', '--no-history', '--no-cache'], root);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout) as { zones: { name: string; criticality: string }[] };
      expect(report.zones.map((zone) => [zone.name, zone.criticality])).toEqual([
        ['auth', 'critical'],
        ['payments', 'critical'],
      ]);
    } finally {
      other.remove();
    }
  });

  it('exits 2 outside a git repository', async () => {
    const { code, stderr } = await blastwall(['init', '--repo', '/nonexistent-blastwall-folder'], dir);
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'blastwall: error: no such folder: /nonexistent-blastwall-folder\nhint: point --repo at a git repository\n' });
  });
});
