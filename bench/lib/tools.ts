import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, WORK, type Command } from '../util.js';

/**
 * The commands the radius benchmark compares. dependency-cruiser and madge run from this project's
 * node_modules through node, as `npx depcruise` would after the lookup, so that npx's own start-up
 * (and any attempt to reach the registry) stays out of the timings.
 */
export const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
export const MADGE = join(ROOT, 'node_modules', 'madge', 'bin', 'cli.js');
/** The workspace folders every tool is pointed at. */
export const ROOTS = ['packages', 'services'];

/** `^(a|b)$` with the paths' dots and the like escaped: dependency-cruiser matches module paths with it. */
export function exactRegex(files: readonly string[]): string {
  return `^(${files.map((file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

export interface DepcruiseOptions {
  /** Only the given files and the modules that reach them (their dependents); the whole graph otherwise. */
  readonly reaches?: readonly string[];
  /** A cache folder (dependency-cruiser's `--cache`): its warm mode. */
  readonly cache?: string;
}

/**
 * What dependency-cruiser has no command-line flag for: heeding package.json `exports` (its
 * default is `exportsFields: []`, so `@acme/x/sub` through a workspace link stays unresolved),
 * with the conditions its `--init` template writes.
 */
export const DEPCRUISE_CONFIG = {
  options: { enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] } },
};

/** dependency-cruiser reads a JSON config (json5) for any extension other than .js/.cjs/.mjs. */
function depcruiseConfigFile(): string {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, 'depcruise-config.json');
  writeFileSync(file, JSON.stringify(DEPCRUISE_CONFIG, null, 2) + '\n');
  return file;
}

/**
 * `depcruise`: resolution from tsconfig.base.json (paths, baseUrl) and package.json `exports`
 * (config above), type-only imports kept (`--ts-pre-compilation-deps`, as a change to a type can
 * break its importers), node_modules not followed (workspace links resolve to their real paths
 * under packages/ first).
 */
export function depcruiseCommand(repo: string, options: DepcruiseOptions = {}): Command {
  const args = [DEPCRUISE, '--config', depcruiseConfigFile(), '--ts-config', 'tsconfig.base.json', '--ts-pre-compilation-deps', '--do-not-follow', 'node_modules', '--no-progress', '--output-type', 'json'];
  if (options.reaches !== undefined) args.push('--reaches', exactRegex(options.reaches));
  if (options.cache !== undefined) args.push('--cache', options.cache);
  return { cmd: process.execPath, args: [...args, ...ROOTS], cwd: repo };
}

/** `madge --json`: the whole graph (madge has no transitive-dependents query); dependents are walked from it. */
export function madgeCommand(repo: string): Command {
  return { cmd: process.execPath, args: [MADGE, '--json', '--no-spinner', '--no-color', '--extensions', 'ts,tsx,js,cjs', '--ts-config', 'tsconfig.base.json', ...ROOTS], cwd: repo };
}

/** `blastwall radius` over the given files; the command's arguments are the lead's to settle. */
export function radiusCommand(repo: string, files: readonly string[]): Command {
  return { cmd: process.execPath, args: [BIN, 'radius', '--repo', repo, '--format', 'json', ...files] };
}

/**
 * Runs a command and returns its stdout, for the outputs that are compared rather than timed.
 * Stdout goes to a file: madge calls process.exit() after writing, which cuts a piped output short.
 */
export function capture(command: Command): string {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `capture-${process.pid}.out`);
  const fd = openSync(file, 'w');
  try {
    const result = spawnSync(command.cmd, command.args, { cwd: command.cwd, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
    if (result.error) throw result.error;
    if (result.status !== 0 && !(result.status !== null && command.okExitCodes?.includes(result.status))) throw new Error(`${[command.cmd, ...command.args].join(' ')} exited with ${result.status}:\n${result.stderr.slice(-2000)}`);
    return readFileSync(file, 'utf8');
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
