import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolateGitConfig, runGitIn } from '../../test/helpers/repo.js';
import { createCatalog } from '../provenance/catalog.js';
import { COMMIT_HOOK, hookScript } from '../provenance/hook-script.js';
import { UserError } from '../shared/errors.js';
import { hooksDir, installHook, uninstallHook } from './hooks.js';
import { openRepository, type Repository } from './repository.js';

const git = runGitIn;

const script = hookScript(createCatalog());
const userHook = '#!/bin/sh\nprintf \'\\nChecked-by: user-hook\\n\' >> "$1"\n';

let root: string;
let repo: Repository;
let hooks: string;
let counter = 0;

/** Commits a change with `git commit -m` and returns the stored message, or the failure. */
async function commit(message: string, env: Record<string, string> = {}): Promise<string> {
  await writeFile(join(root, 'file.txt'), `change ${++counter}\n`);
  git(root, ['add', 'file.txt']);
  const result = git(root, ['commit', '-q', '-m', message], env);
  if (result.status !== 0) return `failed (${result.status}): ${result.stderr}`;
  return git(root, ['log', '-1', '--format=%B']).stdout.slice(0, -1);
}

/** The files of a folder, without the samples `git init` copies. */
const files = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((name) => !name.endsWith('.sample')).sort();

const mode = async (path: string): Promise<number> => (await lstat(path)).mode & 0o777;

// hooksDir asks git for the hooks folder: the user's own configuration must not move it.
isolateGitConfig();

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'blastwall-hooks-')));
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['commit', '-q', '--allow-empty', '-m', 'Initial commit']);
  repo = await openRepository(root);
  hooks = join(root, '.git', 'hooks');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('hooksDir', () => {
  it('is .git/hooks by default', async () => {
    expect(await hooksDir(repo)).toBe(hooks);
  });

  it('follows core.hooksPath, relative to the top of the work tree', async () => {
    git(root, ['config', 'core.hooksPath', 'tools/hooks']);
    expect(await hooksDir(repo)).toBe(join(root, 'tools', 'hooks'));
    git(root, ['config', 'core.hooksPath', '/opt/shared-hooks']);
    expect(await hooksDir(repo)).toBe('/opt/shared-hooks');
  });
});

describe('installHook', () => {
  it('writes an executable hook that git runs', async () => {
    const result = await installHook(repo, COMMIT_HOOK, script);
    const path = join(hooks, COMMIT_HOOK);
    expect(result).toEqual({ action: 'installed', path });
    expect(await readFile(path, 'utf8')).toBe(script);
    expect(await mode(path)).toBe(0o755);
    expect(await files(hooks)).toEqual([COMMIT_HOOK]);
    expect(await commit('Add a file', { CLAUDECODE: '1' })).toBe('Add a file\n\nAssisted-by: claude-code\n');
  });

  it('overwrites its own hook when installed again', async () => {
    await installHook(repo, COMMIT_HOOK, `${script}# first\n`);
    const result = await installHook(repo, COMMIT_HOOK, script);
    expect(result).toEqual({ action: 'updated', path: join(hooks, COMMIT_HOOK) });
    expect(await readFile(join(hooks, COMMIT_HOOK), 'utf8')).toBe(script);
    expect(await files(hooks)).toEqual([COMMIT_HOOK]);
    expect(await commit('Twice', { CLAUDECODE: '1' })).toBe('Twice\n\nAssisted-by: claude-code\n');
  });

  it('moves a user hook aside and runs it first', async () => {
    const path = join(hooks, COMMIT_HOOK);
    await writeFile(path, userHook);
    await chmod(path, 0o750);
    const result = await installHook(repo, COMMIT_HOOK, script);
    expect(result).toEqual({ action: 'installed', path, saved: `${path}.blastwall-saved` });
    expect(await files(hooks)).toEqual([COMMIT_HOOK, `${COMMIT_HOOK}.blastwall-saved`]);
    expect(await commit('With both hooks', { CLAUDECODE: '1' })).toBe(
      'With both hooks\n\nChecked-by: user-hook\nAssisted-by: claude-code\n',
    );
    expect(await commit('Human commit')).toBe('Human commit\n\nChecked-by: user-hook\n');
  });

  it('stops the commit when the user hook fails', async () => {
    await writeFile(join(hooks, COMMIT_HOOK), '#!/bin/sh\necho "no commits on Fridays" >&2\nexit 3\n', { mode: 0o755 });
    await installHook(repo, COMMIT_HOOK, script);
    expect(await commit('Friday work', { CLAUDECODE: '1' })).toBe('failed (1): no commits on Fridays\n');
    expect(git(root, ['log', '--format=%s']).stdout).toBe('Initial commit\n');
  });

  it('does not run a saved hook that is not executable, as git would not', async () => {
    await writeFile(join(hooks, COMMIT_HOOK), userHook, { mode: 0o644 });
    await chmod(join(hooks, COMMIT_HOOK), 0o644);
    await installHook(repo, COMMIT_HOOK, script);
    expect(await commit('Plain', { CLAUDECODE: '1' })).toBe('Plain\n\nAssisted-by: claude-code\n');
  });

  it('refuses to overwrite a hook saved by an earlier install', async () => {
    const path = join(hooks, COMMIT_HOOK);
    await writeFile(path, userHook, { mode: 0o755 });
    await writeFile(`${path}.blastwall-saved`, '#!/bin/sh\n# older\n', { mode: 0o755 });
    const error = await installHook(repo, COMMIT_HOOK, script).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`cannot keep the existing ${COMMIT_HOOK} hook: ${path}.blastwall-saved already exists`);
    expect(await readFile(path, 'utf8')).toBe(userHook);
    expect(await readFile(`${path}.blastwall-saved`, 'utf8')).toBe('#!/bin/sh\n# older\n');
  });

  it('installs into core.hooksPath, creating the folder', async () => {
    git(root, ['config', 'core.hooksPath', 'tools/hooks']);
    const result = await installHook(repo, COMMIT_HOOK, script);
    expect(result).toEqual({ action: 'installed', path: join(root, 'tools', 'hooks', COMMIT_HOOK) });
    expect(await files(hooks)).toEqual([]);
    expect(await commit('Through hooksPath', { CURSOR_AGENT: '1' })).toBe('Through hooksPath\n\nAssisted-by: cursor\n');
  });

  it('refuses a script without the blastwall marker line', async () => {
    await expect(installHook(repo, COMMIT_HOOK, '#!/bin/sh\nexit 0\n')).rejects.toThrow(
      'the prepare-commit-msg script lacks the line "# blastwall prepare-commit-msg hook"',
    );
    expect(await files(hooks)).toEqual([]);
  });
});

describe('uninstallHook', () => {
  it('removes its hook', async () => {
    await installHook(repo, COMMIT_HOOK, script);
    const result = await uninstallHook(repo, COMMIT_HOOK);
    expect(result).toEqual({ action: 'uninstalled', path: join(hooks, COMMIT_HOOK) });
    expect(await files(hooks)).toEqual([]);
    expect(await commit('After uninstall', { CLAUDECODE: '1' })).toBe('After uninstall\n');
  });

  it('puts the user hook back byte for byte, with its mode', async () => {
    const path = join(hooks, COMMIT_HOOK);
    const content = `${userHook}# caf\u00e9\t\r\u0000 and no newline at the end`;
    await writeFile(path, content);
    await chmod(path, 0o750);
    await installHook(repo, COMMIT_HOOK, script);
    await installHook(repo, COMMIT_HOOK, script);

    const result = await uninstallHook(repo, COMMIT_HOOK);
    expect(result).toEqual({ action: 'uninstalled', path, restored: `${path}.blastwall-saved` });
    expect(await readFile(path)).toEqual(Buffer.from(content));
    expect(await mode(path)).toBe(0o750);
    expect(await files(hooks)).toEqual([COMMIT_HOOK]);
    expect(await commit('User hook only', { CLAUDECODE: '1' })).toBe('User hook only\n\nChecked-by: user-hook\n');
  });

  it('puts a symbolic link back as a link', async () => {
    await mkdir(join(root, 'scripts'));
    await writeFile(join(root, 'scripts', 'hook.sh'), userHook, { mode: 0o755 });
    const path = join(hooks, COMMIT_HOOK);
    await symlink('../../scripts/hook.sh', path);
    await installHook(repo, COMMIT_HOOK, script);
    expect(await commit('Linked hook', { CLAUDECODE: '1' })).toBe('Linked hook\n\nChecked-by: user-hook\nAssisted-by: claude-code\n');
    await uninstallHook(repo, COMMIT_HOOK);
    expect(await readlink(path)).toBe('../../scripts/hook.sh');
  });

  it('refuses to remove a hook it did not install', async () => {
    const path = join(hooks, COMMIT_HOOK);
    await writeFile(path, userHook, { mode: 0o755 });
    const error = await uninstallHook(repo, COMMIT_HOOK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`not a blastwall hook: ${path}`);
    expect((error as UserError).hint).toBe('blastwall removes only the hook it installed; edit or remove this one yourself');
    expect(await readFile(path, 'utf8')).toBe(userHook);
  });

  it('reports when there is nothing to remove', async () => {
    expect(await uninstallHook(repo, COMMIT_HOOK)).toEqual({ action: 'not-installed', path: join(hooks, COMMIT_HOOK) });
  });

  it('puts a saved hook back when its own hook was deleted by hand', async () => {
    const path = join(hooks, COMMIT_HOOK);
    await writeFile(path, userHook, { mode: 0o755 });
    await installHook(repo, COMMIT_HOOK, script);
    await rm(path);
    const result = await uninstallHook(repo, COMMIT_HOOK);
    expect(result).toEqual({ action: 'not-installed', path, restored: `${path}.blastwall-saved` });
    expect(await readFile(path, 'utf8')).toBe(userHook);
  });

  it('uninstalls from core.hooksPath', async () => {
    git(root, ['config', 'core.hooksPath', 'tools/hooks']);
    await installHook(repo, COMMIT_HOOK, script);
    const result = await uninstallHook(repo, COMMIT_HOOK);
    expect(result).toEqual({ action: 'uninstalled', path: join(root, 'tools', 'hooks', COMMIT_HOOK) });
    expect(await files(join(root, 'tools', 'hooks'))).toEqual([]);
  });
});
