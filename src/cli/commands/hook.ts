import type { Command } from 'commander';
import { installHook, uninstallHook, type HookResult } from '../../git/hooks.js';
import { openRepository } from '../../git/repository.js';
import { hookScript } from '../../provenance/hook-script.js';
import { catalogFor, loadConfig } from '../config.js';
import type { Io } from '../io.js';
import { repoOption, type CommonOptions } from './options.js';

const HOOK = 'prepare-commit-msg';

export async function hookInstall(options: CommonOptions): Promise<HookResult> {
  const repo = await openRepository(options.repo);
  const config = loadConfig(repo.root, options.config);
  return installHook(repo, HOOK, hookScript(catalogFor(config)));
}

export async function hookUninstall(options: CommonOptions): Promise<HookResult> {
  return uninstallHook(await openRepository(options.repo), HOOK);
}

function describe(result: HookResult): string {
  const lines = [`${result.action}: ${result.path}`];
  if (result.saved) lines.push(`the hook that was there is kept as ${result.saved} and still runs first`);
  if (result.restored) lines.push(`restored the previous hook from ${result.restored}`);
  return `${lines.join('\n')}\n`;
}

export function registerHook(program: Command, io: Io): void {
  const hook = program.command('hook').description('a prepare-commit-msg hook that adds "Assisted-by: <tool>" to commits made by AI agents');
  repoOption(hook.command('install').description(`install the ${HOOK} hook (keeps and chains an existing one)`), io).action(
    async (options: CommonOptions) => io.stdout(describe(await hookInstall(options))),
  );
  repoOption(hook.command('uninstall').description('remove the hook and restore the one that was there before'), io).action(
    async (options: CommonOptions) => io.stdout(describe(await hookUninstall(options))),
  );
}
