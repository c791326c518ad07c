import { Option, type Command } from 'commander';
import type { Io } from '../io.js';

export interface CommonOptions {
  /** The repository folder (default: the current folder). */
  readonly repo: string;
  /** An explicit config file instead of `<repo>/blastwall.yml`. */
  readonly config?: string;
}

export function repoOption(command: Command, io: Io): Command {
  return command
    .option('--repo <path>', 'the git repository to read', io.cwd)
    .option('--config <file>', 'the policy file (default: blastwall.yml at the repository root)');
}

export function formatOption(command: Command, formats: readonly string[]): Command {
  return command.addOption(new Option('--format <format>', 'output format').choices(formats).default('text'));
}
