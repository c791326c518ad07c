import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { isUserError } from '../shared/errors.js';
import { EXIT, type ExitState } from './exit.js';
import { processIo, type Io } from './io.js';

export { EXIT } from './exit.js';

// zod compiles each object schema into a function the first time it parses with it, which pays
// off in a process that parses many documents; a CLI run parses a few, and blastwall.yml took
// 15-25 ms longer to validate with the compiling than without.
z.config({ jitless: true });

type Register = (program: Command, io: Io, exit: ExitState) => void;

/**
 * Each command's module is loaded only when that command runs (the bundle splits them into
 * chunks): `check` need not compile the ledger, Octokit or the importers, which took a third of
 * a second of every run. `--help` and unknown names load them all.
 */
const commands: Readonly<Record<string, () => Promise<Register>>> = {
  scan: async () => (await import('./commands/scan.js')).registerScan,
  blame: async () => (await import('./commands/blame.js')).registerBlame,
  hook: async () => (await import('./commands/hook.js')).registerHook,
  radius: async () => (await import('./commands/radius.js')).registerRadius,
  init: async () => (await import('./commands/init.js')).registerInit,
  check: async () => (await import('./commands/check.js')).registerCheck,
  approve: async () => (await import('./commands/signoff.js')).registerSignOff,
  override: async () => (await import('./commands/signoff.js')).registerSignOff,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  action: async () => (await import('./commands/action.js')).registerAction,
  ingest: async () => (await import('./commands/ingest.js')).registerIngest,
  deploy: async () => (await import('./commands/deploy.js')).registerDeploy,
  incident: async () => {
    const [{ registerIncident }, { registerIncidentAnalysis }] = await Promise.all([import('./commands/incident.js'), import('./commands/incident-analysis.js')]);
    return (program, io) => registerIncidentAnalysis(registerIncident(program, io), io);
  },
  import: async () => (await import('./commands/import.js')).registerImport,
  insights: async () => (await import('./commands/insights.js')).registerInsights,
};

/** The commands that `argv` can run: the one it names, or all of them (for help, or to suggest a name). */
async function registersFor(argv: readonly string[]): Promise<Register[]> {
  const load = argv[0] === undefined ? undefined : commands[argv[0]];
  if (load) return [await load()];
  // approve and override share a module; register it once.
  const unique = [...new Set(Object.values(commands))].filter((load) => load !== commands.override);
  return Promise.all(unique.map((load) => load()));
}

export async function createProgram(io: Io, exit: ExitState = { code: EXIT.ok }, argv: readonly string[] = []): Promise<Command> {
  const program = new Command()
    .name('blastwall')
    .description('Keeps AI-assisted changes from causing wide outages: provenance, blast radius, a policy gate.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`blastwall: ${text}`) });
  for (const register of await registersFor(argv)) register(program, io, exit);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const exit: ExitState = { code: EXIT.ok };
  const program = await createProgram(io, exit, argv);
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
