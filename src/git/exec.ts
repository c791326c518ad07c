import { spawn } from 'node:child_process';
import { UserError } from '../shared/errors.js';

/** The environment every git process gets: no pager, no prompts, messages in English so they can be recognised. */
export const gitEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  LC_ALL: 'C',
  LANG: 'C',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  GIT_OPTIONAL_LOCKS: '0',
});

export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
  }
}

export interface GitOptions {
  readonly input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 for `rev-parse --verify -q`). */
  readonly okExitCodes?: readonly number[];
  /** Extra environment for this git process. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface GitResult {
  readonly stdout: Buffer;
  readonly exitCode: number;
}

/** Runs git to completion and returns its whole output. For small outputs only; large ones are streamed. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...gitEnv(), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnError(error, cwd)));
    child.on('close', (code) => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) {
        resolve({ stdout: Buffer.concat(out), exitCode });
      } else {
        reject(new GitError(args, code, Buffer.concat(err).toString('utf8')));
      }
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. on a bad argument); the exit code tells the story.
    });
    child.stdin.end(options.input);
  });
}

/**
 * Streams git's standard output chunk by chunk, so a history of any size is read in one process
 * with constant memory. Throws a GitError after the last chunk if git failed.
 */
export async function* streamGit(cwd: string, args: readonly string[]): AsyncGenerator<Buffer> {
  const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let spawnFailure: Error | undefined;
  child.on('error', (error: NodeJS.ErrnoException) => {
    spawnFailure = spawnError(error, cwd);
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let finished = false;
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    finished = true;
  } finally {
    // A consumer that stops early must not leave git running.
    if (!finished) child.kill();
  }
  const code = await closed;
  if (spawnFailure) throw spawnFailure;
  if (code !== 0) throw new GitError(args, code, Buffer.concat(err).toString('utf8'));
}

export function spawnError(error: NodeJS.ErrnoException, cwd: string): Error {
  if (error.code === 'ENOENT') {
    return new UserError(`cannot run git in ${cwd}: git is not installed or the folder does not exist`, 'install git, or check the --repo path');
  }
  return error;
}
