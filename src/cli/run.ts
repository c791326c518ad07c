import { Command, CommanderError } from 'commander';
import { isUserError } from '../shared/errors.js';
import { registerAction } from './commands/action.js';
import { registerAudit } from './commands/audit.js';
import { registerBlame } from './commands/blame.js';
import { registerCheck } from './commands/check.js';
import { registerDeploy } from './commands/deploy.js';
import { registerHook } from './commands/hook.js';
import { registerImport } from './commands/import.js';
import { registerIncidentAnalysis } from './commands/incident-analysis.js';
import { registerIncident } from './commands/incident.js';
import { registerIngest } from './commands/ingest.js';
import { registerInit } from './commands/init.js';
import { registerInsights } from './commands/insights.js';
import { registerRadius } from './commands/radius.js';
import { registerScan } from './commands/scan.js';
import { registerSignOff } from './commands/signoff.js';
import { EXIT, type ExitState } from './exit.js';
import { processIo, type Io } from './io.js';

export { EXIT } from './exit.js';

export function createProgram(io: Io, exit: ExitState = { code: EXIT.ok }): Command {
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
  registerInit(program, io);
  registerCheck(program, io, exit);
  registerSignOff(program, io);
  registerAudit(program, io, exit);
  registerAction(program, io, exit);
  registerIngest(program, io);
  registerDeploy(program, io);
  registerIncidentAnalysis(registerIncident(program, io), io);
  registerImport(program, io);
  registerInsights(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const exit: ExitState = { code: EXIT.ok };
  const program = createProgram(io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
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
