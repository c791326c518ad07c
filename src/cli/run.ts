import { Command, CommanderError } from 'commander';
import { isUserError } from '../shared/errors.js';
import { registerBlame } from './commands/blame.js';
import { registerHook } from './commands/hook.js';
import { registerRadius } from './commands/radius.js';
import { registerScan } from './commands/scan.js';
import { processIo, type Io } from './io.js';

/**
 * Exit codes, the contract CI relies on:
 * 0 success; 1 findings where a command judges (a gate that does not pass);
 * 2 bad input or configuration (a message and a hint, no stack trace).
 */
export const EXIT = { ok: 0, findings: 1, input: 2 } as const;

export function createProgram(io: Io): Command {
  const program = new Command()
    .name('blastwall')
    .description('Keeps AI-assisted changes from causing wide outages: provenance, blast radius, a policy gate.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`blastwall: ${text}`) });
  registerScan(program, io);
  registerBlame(program, io);
  registerHook(program, io);
  registerRadius(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors are input errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (isUserError(error)) {
      io.stderr(`blastwall: error: ${error.message}\n`);
      if (error.hint) io.stderr(`hint: ${error.hint}\n`);
      return EXIT.input;
    }
    throw error;
  }
}
