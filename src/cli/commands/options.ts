import { Option, type Command } from 'commander';
import { UserError } from '../../shared/errors.js';
import type { Io } from '../io.js';

export interface CommonOptions {
  /** The repository folder (default: the current folder). */
  readonly repo: string;
  /** An explicit config file instead of `<repo>/blastwall.yml`. */
  readonly config?: string;
  /** Notes refs to read instead of the configured ones. */
  readonly notes?: string[];
}

export function repoOption(command: Command, io: Io): Command {
  return command
    .option('--repo <path>', 'the git repository to read', io.cwd)
    .option('--config <file>', 'the policy file (default: blastwall.yml at the repository root)')
    .option('--notes <ref>', 'a notes ref with AI markers or git-ai notes (repeatable; default: refs/notes/ai)', (ref: string, previous: string[] = []) => {
      if (!/^refs\/notes\/\S+$/.test(ref)) throw new UserError(`--notes takes a notes ref such as refs/notes/ai, not "${ref}"`);
      return [...previous, ref];
    });
}

export function formatOption(command: Command, formats: readonly string[]): Command {
  return command.addOption(new Option('--format <format>', 'output format').choices(formats).default('text'));
}
