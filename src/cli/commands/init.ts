import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { listWorkTree } from '../../git/files.js';
import { openRepository } from '../../git/repository.js';
import { findCodeownersPath } from '../../ownership/codeowners.js';
import { CONFIG_FILE, parseConfig } from '../../policy/config.js';
import { proposePolicy, type InitProposal } from '../../policy/init.js';
import { UserError } from '../../shared/errors.js';
import type { Io } from '../io.js';

export interface InitCommandOptions {
  /** The repository folder (default: the current folder). */
  readonly repo: string;
  /** Print the proposal instead of writing it. */
  readonly stdout?: boolean;
}

export interface InitResult {
  readonly proposal: InitProposal;
  /** Rules that are active (not commented) in the proposal. */
  readonly activeRules: number;
  /** Where blastwall.yml was written; undefined with --stdout. */
  readonly written?: string;
}

/** The job of `blastwall init`, callable in-process. `cwd` is what the error message's path is relative to. */
export async function init(options: InitCommandOptions, cwd: string): Promise<InitResult> {
  const repo = await openRepository(options.repo);
  if (repo.root === repo.gitDir) throw new UserError(`a bare repository has no work tree for ${CONFIG_FILE}: ${repo.root}`, 'run blastwall init in a clone');
  const target = join(repo.root, CONFIG_FILE);
  const exists = (): UserError => new UserError(`${CONFIG_FILE} already exists at ${relative(cwd, target) || CONFIG_FILE}`, 'edit it, or remove it to start again');
  // Checked before the work so that a refusal is immediate; `writeNew` checks again at the moment of writing.
  if (!options.stdout && existsSync(target)) throw exists();

  // Untracked files that are not ignored count too: a new project may not have committed its folders yet.
  const files = (await listWorkTree(repo.root)).map((entry) => entry.path);
  const codeownersPath = findCodeownersPath(new Set(files));
  const codeowners = codeownersPath === undefined ? undefined : { path: codeownersPath, text: await readFile(join(repo.root, codeownersPath), 'utf8') };
  const proposal = proposePolicy({ files, ...(codeowners && { codeowners }) });
  // A proposal that does not parse would be a bug in init; better to fail here than to leave the user a broken file.
  const activeRules = parseConfig(proposal.text).rules.length;
  if (options.stdout) return { proposal, activeRules };
  let written: boolean;
  try {
    written = await writeNew(target, proposal.text, repo.gitDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS') throw error;
    throw new UserError(`cannot write ${relative(cwd, target) || CONFIG_FILE}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'}`, 'run blastwall init --stdout and save the proposal where you can');
  }
  if (!written) throw exists();
  return { proposal, activeRules, written: target };
}

/**
 * Writes a file that must not exist, atomically: the text goes to a temporary file, which is then
 * hard-linked to its name. Unlike a rename, a link fails when the name is taken, so a file created
 * meanwhile is never overwritten, and no reader sees a half-written one. Returns false when the
 * file exists. The temporary file sits in the git dir, on the same file system as the work tree
 * in any usual clone, rather than beside the target: there, a blastwall (or git) listing the work
 * tree at that moment would see an untracked file that vanishes before it is hashed.
 */
async function writeNew(path: string, text: string, temporaryFolder: string): Promise<boolean> {
  const temporary = join(temporaryFolder, `blastwall.yml.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, text, { flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems (FAT, some network mounts) have no hard links, and a git dir elsewhere is
    // another device: exclusive creation still never overwrites, though a reader may see it half-written.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code ?? '')) throw error;
    try {
      await writeFile(path, text, { flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await unlink(temporary);
  }
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** `wrote blastwall.yml: 4 zones (payments, auth, migrations, infra), 2 teams from CODEOWNERS to complete, 1 active rule` */
export function initSummary(result: InitResult): string {
  const { zones, teams, people } = result.proposal;
  const parts = [`${plural(zones.length, 'zone')}${zones.length > 0 ? ` (${zones.map((zone) => zone.name).join(', ')})` : ''}`];
  const owners = [...(teams.length > 0 ? [plural(teams.length, 'team')] : []), ...(people.length > 0 ? [plural(people.length, 'person', 'people')] : [])];
  if (owners.length > 0) parts.push(`${owners.join(' and ')} from CODEOWNERS to complete`);
  parts.push(plural(result.activeRules, 'active rule'));
  return `wrote ${CONFIG_FILE}: ${parts.join(', ')}\n`;
}

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .description(`write a starter ${CONFIG_FILE}: zones from folder names, teams from CODEOWNERS, a safe active rule and commented examples (never overwrites)`)
    .option('--repo <path>', 'the git repository to write it for', io.cwd)
    .option('--stdout', `print the proposal instead of writing ${CONFIG_FILE}`)
    .action(async (options: InitCommandOptions) => {
      const result = await init(options, io.cwd);
      io.stdout(result.written === undefined ? result.proposal.text : initSummary(result));
    });
}
