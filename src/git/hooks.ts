import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../shared/errors.js';
import { runGit } from './exec.js';
import type { Repository } from './repository.js';

/**
 * The hook a blastwall hook replaced is kept beside it under this suffix, and the generated script
 * runs `"$0.blastwall-saved"` first, so a user's own hook keeps working.
 */
export const SAVED_HOOK_SUFFIX = '.blastwall-saved';

/** The comment line that marks a hook file as blastwall's: only such a file is overwritten or removed. */
export const hookMarker = (name: string): string => `# blastwall ${name} hook`;

export type HookAction = 'installed' | 'updated' | 'uninstalled' | 'not-installed';

export interface HookResult {
  readonly action: HookAction;
  /** The hook file. */
  readonly path: string;
  /** Where the hook that was there before now lives (install). */
  readonly saved?: string;
  /** The saved hook that was put back at `path` (uninstall). */
  readonly restored?: string;
}

/** The folder git runs hooks from: `.git/hooks`, or `core.hooksPath` (relative to where hooks run). */
export async function hooksDir(repo: Repository): Promise<string> {
  const { stdout } = await runGit(repo.root, ['rev-parse', '--git-path', 'hooks']);
  return resolve(repo.root, stdout.toString('utf8').trim());
}

/**
 * Installs `script` as the hook `name`. A hook that is not blastwall's is moved aside to
 * `<name>.blastwall-saved` (the script runs it); blastwall's own hook is overwritten.
 */
export async function installHook(repo: Repository, name: string, script: string): Promise<HookResult> {
  checkName(name);
  if (!isOurs(name, script)) throw new Error(`the ${name} script lacks the line "${hookMarker(name)}"`);
  const dir = await hooksDir(repo);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const saved = path + SAVED_HOOK_SUFFIX;
  const current = await readHook(path);

  if (current !== undefined && isOurs(name, current)) {
    await writeAtomically(path, script);
    return { action: 'updated', path };
  }
  if (current === undefined) {
    await writeAtomically(path, script);
    return { action: 'installed', path };
  }
  if (await exists(saved)) {
    throw new UserError(
      `cannot keep the existing ${name} hook: ${saved} already exists`,
      `move ${saved} away (it holds a hook saved by an earlier install), then install again`,
    );
  }
  // The new hook is written before the old one moves, so a failed write leaves the user's hook in place.
  const temp = await writeTemp(path, script);
  try {
    await rename(path, saved);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { action: 'installed', path, saved };
}

/** Removes blastwall's hook `name` and puts back the hook it replaced, byte for byte and with its mode. */
export async function uninstallHook(repo: Repository, name: string): Promise<HookResult> {
  checkName(name);
  const path = join(await hooksDir(repo), name);
  const saved = path + SAVED_HOOK_SUFFIX;
  const current = await readHook(path);

  if (current === undefined) {
    // Someone deleted blastwall's hook by hand: the saved hook has nothing left to run it.
    if (!(await exists(saved))) return { action: 'not-installed', path };
    await rename(saved, path);
    return { action: 'not-installed', path, restored: saved };
  }
  if (!isOurs(name, current)) {
    throw new UserError(`not a blastwall hook: ${path}`, 'blastwall removes only the hook it installed; edit or remove this one yourself');
  }
  if (await exists(saved)) {
    // rename keeps the saved file itself: its content, mode and, for a symbolic link, its target.
    await rename(saved, path);
    return { action: 'uninstalled', path, restored: saved };
  }
  await rm(path);
  return { action: 'uninstalled', path };
}

function checkName(name: string): void {
  if (!/^[a-z][a-z-]*$/.test(name)) throw new Error(`not a git hook name: ${name}`);
}

const isOurs = (name: string, content: string): boolean =>
  content.split(/\r?\n/).some((line) => line.trim() === hookMarker(name));

/** The hook's content, or undefined when there is none (a dangling symbolic link counts as a hook). */
async function readHook(path: string): Promise<string | undefined> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (stats.isDirectory()) throw new UserError(`not a hook file: ${path} is a folder`, 'remove or rename the folder');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes an executable file beside `path`, for a rename that git never sees half-written. */
async function writeTemp(path: string, content: string): Promise<string> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { mode: 0o755, flag: 'wx' });
    // The umask may have taken bits away from the mode given to writeFile.
    await chmod(temp, 0o755);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return temp;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = await writeTemp(path, content);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
