import type { Command } from 'commander';
import { runAction, type ActionEnv } from '../../action/main.js';
import type { ExitState } from '../exit.js';
import type { Io } from '../io.js';

/** `blastwall action`: what action.yml runs on a GitHub runner; it reads the runner's variables. */
export function registerAction(program: Command, io: Io, exit: ExitState, env: ActionEnv = process.env): void {
  program
    .command('action')
    .description('run as a GitHub Action: check the pull request of the event, publish a check run and keep one PR comment (reads GITHUB_* and INPUT_* variables)')
    .action(async () => {
      exit.code = await runAction(env, io);
    });
}
