import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, vi } from 'vitest';
import { createCatalog } from '../../src/provenance/catalog.js';

/**
 * Variables that AI agents set (the tests may themselves run inside one) and git's own: they must
 * not leak into git or the hooks under test.
 */
const AGENT_VARIABLE = /^(CLAUDECODE|CLAUDE_CODE_.*|CODEX_.*|CURSOR_.*|GEMINI_CLI|COPILOT_.*|CLINE_.*|OPENCODE.*|GOOSE_.*|QWEN_CODE.*|AGENT|AI_AGENT|BLASTWALL_.*|GIT_.*)$/;
const catalogVariables = new Set(createCatalog().envs.map((marker) => marker.variable));

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!AGENT_VARIABLE.test(key) && !catalogVariables.has(key)) env[key] = value;
  }
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', ...extra };
}

/** Identity, dates and editor for git commands run outside createRepo, so results are deterministic. */
const fixedIdentity = {
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_EDITOR: 'true',
};

/** A clean environment with a fixed identity, dates and editor. */
export const fixedEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => cleanEnv({ ...fixedIdentity, ...extra });

/** Runs git with a clean, fixed environment and returns its status and output (never throws). */
export function runGitIn(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync('git', args, { cwd, env: fixedEnv(env), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface CommitSpec {
  readonly message: string;
  readonly files?: Record<string, string | Buffer | null>;
  readonly author?: string;
  readonly committer?: string;
  /** ISO date for author and committer. */
  readonly date?: string;
}

export interface TestRepo {
  readonly dir: string;
  git(args: readonly string[], options?: { env?: Record<string, string>; input?: string | Buffer }): string;
  write(path: string, content: string | Buffer): void;
  commit(spec: CommitSpec): string;
  remove(): void;
}

let clock = Date.parse('2025-01-06T09:00:00Z');

/** A real git repository in a temporary folder, with deterministic identities and dates. */
export function createRepo(options: { init?: boolean; branch?: string } = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'blastwall-test-'));
  const git: TestRepo['git'] = (args, opts = {}) =>
    execFileSync('git', args, { cwd: dir, env: cleanEnv(opts.env), input: opts.input, maxBuffer: 1 << 28 }).toString('utf8');
  if (options.init !== false) {
    git(['init', '-q', '-b', options.branch ?? 'main']);
    git(['config', 'user.name', 'Ada Lovelace']);
    git(['config', 'user.email', 'ada@example.com']);
    git(['config', 'commit.gpgsign', 'false']);
  }
  const write = (path: string, content: string | Buffer): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  const commit = (spec: CommitSpec): string => {
    for (const [path, content] of Object.entries(spec.files ?? {})) {
      if (content === null) git(['rm', '-q', '--', path]);
      else {
        write(path, content);
        git(['add', '--', path]);
      }
    }
    clock += 3_600_000;
    const date = spec.date ?? new Date(clock).toISOString();
    const env: Record<string, string> = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const identity = (text: string | undefined, role: 'AUTHOR' | 'COMMITTER'): void => {
      if (text === undefined) return;
      const match = /^(.*?)\s*<(.*)>$/.exec(text)!;
      env[`GIT_${role}_NAME`] = match[1]!;
      env[`GIT_${role}_EMAIL`] = match[2]!;
    };
    identity(spec.author, 'AUTHOR');
    identity(spec.committer ?? spec.author, 'COMMITTER');
    git(['commit', '-q', '--allow-empty', '--no-verify', '-F', '-'], { env, input: spec.message });
    return git(['rev-parse', 'HEAD']).trim();
  };
  return { dir, git, write, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines `1..n` with a prefix, to make files of a known size. */
export const lines = (n: number, prefix = 'line'): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

/** Runs a shell (or any program) with a clean environment; tests of the commit hook run it directly. */
export function runProgram(program: string, args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(program, args, { cwd: options.cwd, input: options.input, env: options.env ?? fixedEnv(), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * For tests that call blastwall's own git functions in-process: the user's git configuration
 * (a global core.hooksPath, say) must not leak in. Call inside a describe or at file level.
 */
export function isolateGitConfig(): void {
  beforeAll(() => {
    vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}
