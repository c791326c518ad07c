import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedEnv as cleanEnv, isolateGitConfig, runGitIn, runProgram } from '../../test/helpers/repo.js';
import { installHook } from '../git/hooks.js';
import { openRepository } from '../git/repository.js';
import { createCatalog, type Catalog } from './catalog.js';
import { COMMIT_HOOK, hookScript, shellQuote } from './hook-script.js';

const run = runGitIn;

function git(cwd: string, args: readonly string[], env: Record<string, string> = {}): string {
  const result = run(cwd, args, env);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The last commit's message exactly as stored (`%B` plus the newline log ends each entry with). */
const lastMessage = (dir: string): string => git(dir, ['log', '-1', '--format=%B']).slice(0, -1);

let dir: string;
let counter = 0;

async function newRepository(catalog: Catalog = createCatalog()): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'blastwall-hook-script-')));
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['commit', '-q', '--allow-empty', '-m', 'Initial commit']);
  await installHook(await openRepository(root), COMMIT_HOOK, hookScript(catalog));
  return root;
}

/** Commits a change with `git commit -m` under the given environment and returns the stored message. */
async function commit(message: string, env: Record<string, string> = {}, extraArgs: readonly string[] = []): Promise<string> {
  await writeFile(join(dir, 'file.txt'), `change ${++counter}\n`);
  git(dir, ['add', 'file.txt']);
  git(dir, ['commit', '-q', ...extraArgs, '-m', message], env);
  return lastMessage(dir);
}

// installHook asks git for the hooks folder: the user's own configuration must not move it.
isolateGitConfig();

beforeEach(async () => {
  dir = await newRepository();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shellQuote', () => {
  it('quotes a value so that sh reads it back literally', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const value = `a'b"c $(touch x) \`y\` \\ $HOME`;
    const echoed = runProgram('sh', ['-c', `printf '%s' ${shellQuote(value)}`]);
    expect(echoed.stdout).toBe(value);
  });
});

describe('hookScript', () => {
  it('is a sh script marked as blastwall’s', () => {
    const script = hookScript(createCatalog());
    expect(script.startsWith('#!/bin/sh\n# blastwall prepare-commit-msg hook\n')).toBe(true);
    for (const shell of ['dash', 'bash']) {
      const check = runProgram(shell, ['-n'], { input: script });
      expect({ shell, status: check.status, stderr: check.stderr }).toEqual({ shell, status: 0, stderr: '' });
    }
  });

  it('rejects an env marker whose variable could not be written into the script', () => {
    const catalog = { ...createCatalog(), envs: [{ kind: 'env' as const, tool: 'x', variable: 'A;rm -rf /' }] };
    expect(() => hookScript(catalog)).toThrow('not an environment variable name: A;rm -rf /');
  });
});

describe('the prepare-commit-msg hook', () => {
  it('adds one Assisted-by trailer when Claude Code commits', async () => {
    expect(await commit('Add the parser', { CLAUDECODE: '1' })).toBe('Add the parser\n\nAssisted-by: claude-code\n');
  });

  it('takes the first env marker of the catalog that matches', async () => {
    expect(await commit('Use codex', { CODEX_THREAD_ID: 'thread-42' })).toBe('Use codex\n\nAssisted-by: codex\n');
    expect(await commit('Use cline', { CLINE_ACTIVE: 'true', QWEN_CODE: '1' })).toBe('Use cline\n\nAssisted-by: cline\n');
  });

  it('needs the exact value when the marker has one, and a non-empty one otherwise', async () => {
    expect(await commit('Claude off', { CLAUDECODE: '0' })).toBe('Claude off\n');
    expect(await commit('Codex empty', { CODEX_SANDBOX: '' })).toBe('Codex empty\n');
  });

  it('leaves the message alone when no agent runs', async () => {
    expect(await commit('Fix the build')).toBe('Fix the build\n');
  });

  it('lets BLASTWALL_AI_TOOL declare the tool by id, name or alias, over the env markers', async () => {
    expect(await commit('By id', { BLASTWALL_AI_TOOL: 'cursor' })).toBe('By id\n\nAssisted-by: cursor\n');
    expect(await commit('By name', { BLASTWALL_AI_TOOL: ' GitHub Copilot ' })).toBe('By name\n\nAssisted-by: copilot\n');
    expect(await commit('Declared wins', { BLASTWALL_AI_TOOL: 'cursor-agent', CLAUDECODE: '1' })).toBe(
      'Declared wins\n\nAssisted-by: cursor\n',
    );
  });

  it('writes a tool the catalog does not know as declared', async () => {
    expect(await commit('Unknown tool', { BLASTWALL_AI_TOOL: 'Foo Coder 2' })).toBe('Unknown tool\n\nAssisted-by: Foo Coder 2\n');
  });

  it('adds nothing when BLASTWALL_AI_TOOL is none or empty, even inside an agent', async () => {
    expect(await commit('Declared none', { BLASTWALL_AI_TOOL: 'None', CLAUDECODE: '1' })).toBe('Declared none\n');
    expect(await commit('Declared empty', { BLASTWALL_AI_TOOL: '', CLAUDECODE: '1' })).toBe('Declared empty\n');
  });

  it('does not add a second marker when the co-author email of the tool is there', async () => {
    const message = 'Add retries\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n';
    expect(await commit(message, { CLAUDECODE: '1' })).toBe(message);
  });

  it('does not duplicate an Assisted-by trailer that names the tool by id, name or alias, in any case', async () => {
    for (const message of [
      'One\n\nAssisted-by: claude-code\n',
      'Two\n\nassisted-by: Claude Code:claude-opus-4 [bash]\n',
      'Three\n\nGenerated-by: CLAUDE\n',
    ]) {
      expect(await commit(message, { CLAUDECODE: '1' })).toBe(message);
    }
  });

  it('adds its tool beside a trailer that names another tool', async () => {
    expect(await commit('Both\n\nAssisted-by: cursor', { CLAUDECODE: '1' })).toBe(
      'Both\n\nAssisted-by: cursor\nAssisted-by: claude-code\n',
    );
  });

  it('joins the trailer block that is there, after a body', async () => {
    expect(await commit('Subject\n\nWhy it changed.', { CLAUDECODE: '1' }, ['-s'])).toBe(
      'Subject\n\nWhy it changed.\n\nSigned-off-by: Ada <ada@example.com>\nAssisted-by: claude-code\n',
    );
  });

  it('adds a paragraph after a message file without a final newline', async () => {
    await writeFile(join(dir, 'message.txt'), 'No newline at the end');
    await writeFile(join(dir, 'file.txt'), 'from a file\n');
    git(dir, ['add', 'file.txt']);
    git(dir, ['commit', '-q', '-F', 'message.txt'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('No newline at the end\n\nAssisted-by: claude-code\n');

    // git completes the line before it runs the hook; another caller may not.
    await writeFile(join(dir, 'message.txt'), 'No newline at the end');
    const hook = runProgram('sh', [join(dir, '.git', 'hooks', COMMIT_HOOK), 'message.txt', 'message'], { cwd: dir, env: cleanEnv({ CLAUDECODE: '1' }) });
    expect(hook.status).toBe(0);
    expect(await readFile(join(dir, 'message.txt'), 'utf8')).toBe('No newline at the end\n\nAssisted-by: claude-code\n');
  });

  it('reads only the message, not the diff that commit -v puts below the scissors line', async () => {
    await writeFile(join(dir, 'notes.md'), 'Assisted-by: claude-code\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
    git(dir, ['add', 'notes.md']);
    git(dir, ['commit', '-q', '-v', '-e', '-m', 'Add notes'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('Add notes\n\nAssisted-by: claude-code\n');
  });

  it('keeps git aborting an editor session left empty or untouched', async () => {
    await writeFile(join(dir, 'file.txt'), 'edited\n');
    git(dir, ['add', 'file.txt']);
    const aborted = run(dir, ['commit'], { CLAUDECODE: '1', GIT_EDITOR: 'true' });
    expect({ status: aborted.status, stderr: aborted.stderr }).toEqual({
      status: 1,
      stderr: 'Aborting commit due to empty commit message.\n',
    });
    expect(lastMessage(dir)).toBe('Initial commit\n');

    await writeFile(join(dir, 'template.txt'), 'Subject\n\nWhy:\n');
    git(dir, ['config', 'commit.template', 'template.txt']);
    const untouched = run(dir, ['commit'], { CLAUDECODE: '1', GIT_EDITOR: 'true' });
    expect({ status: untouched.status, stderr: untouched.stderr }).toEqual({
      status: 1,
      stderr: 'Aborting commit; you did not edit the message.\n',
    });
    expect(lastMessage(dir)).toBe('Initial commit\n');
  });

  it('does not amend a message that already has the trailer twice', async () => {
    await commit('First try', { CLAUDECODE: '1' });
    git(dir, ['commit', '-q', '--amend', '--no-edit'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('First try\n\nAssisted-by: claude-code\n');
  });

  it('never touches a merge commit', async () => {
    git(dir, ['checkout', '-q', '-b', 'side']);
    await commit('Side work');
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--no-ff', '--no-edit', 'side'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe("Merge branch 'side'\n");
    expect(git(dir, ['rev-list', '--count', '--merges', 'HEAD'])).toBe('1\n');
  });

  it('never touches a merge concluded with commit -m after a conflict', async () => {
    await writeFile(join(dir, 'file.txt'), 'base\n');
    git(dir, ['add', 'file.txt']);
    git(dir, ['commit', '-q', '-m', 'Base']);
    git(dir, ['checkout', '-q', '-b', 'side']);
    await commit('Side change');
    git(dir, ['checkout', '-q', 'main']);
    await commit('Main change');
    expect(run(dir, ['merge', '-q', 'side'], { CLAUDECODE: '1' }).status).toBe(1);
    await writeFile(join(dir, 'file.txt'), 'resolved\n');
    git(dir, ['add', 'file.txt']);
    git(dir, ['commit', '-q', '-m', 'Merge side, keep both'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('Merge side, keep both\n');
  });

  it('never touches the message of a cherry-pick concluded after a conflict', async () => {
    await writeFile(join(dir, 'file.txt'), 'base\n');
    git(dir, ['add', 'file.txt']);
    git(dir, ['commit', '-q', '-m', 'Base']);
    git(dir, ['checkout', '-q', '-b', 'side']);
    await commit('Picked change');
    git(dir, ['checkout', '-q', 'main']);
    await commit('Main change');
    expect(run(dir, ['cherry-pick', 'side'], { CLAUDECODE: '1' }).status).toBe(1);
    await writeFile(join(dir, 'file.txt'), 'resolved\n');
    git(dir, ['add', 'file.txt']);
    git(dir, ['commit', '-q'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('Picked change\n');
  });

  it('never touches a squash, and marks the next commit again', async () => {
    git(dir, ['checkout', '-q', '-b', 'side']);
    await commit('Side work');
    const side = git(dir, ['rev-parse', 'HEAD']).trim();
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--squash', 'side']);
    git(dir, ['commit', '-q'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe(
      `Squashed commit of the following:\n\ncommit ${side}\nAuthor: Ada <ada@example.com>\nDate:   Mon Jan 1 00:00:00 2024 +0000\n\n    Side work\n`,
    );

    git(dir, ['merge', '-q', '--squash', 'side']);
    await writeFile(join(dir, 'other.txt'), 'other\n');
    git(dir, ['add', 'other.txt']);
    git(dir, ['commit', '-q', '-m', 'Squash with a message'], { CLAUDECODE: '1' });
    expect(lastMessage(dir)).toBe('Squash with a message\n');

    expect(await commit('After the squash', { CLAUDECODE: '1' })).toBe('After the squash\n\nAssisted-by: claude-code\n');
  });

  it('does not mark the commits a rebase replays', async () => {
    git(dir, ['checkout', '-q', '-b', 'side']);
    await commit('Human work');
    git(dir, ['checkout', '-q', 'main']);
    await writeFile(join(dir, 'main.txt'), 'main\n');
    git(dir, ['add', 'main.txt']);
    git(dir, ['commit', '-q', '-m', 'Main work']);
    git(dir, ['checkout', '-q', 'side']);
    git(dir, ['rebase', '-q', 'main'], { CLAUDECODE: '1' });
    expect(git(dir, ['log', '--format=%B', 'main..side'])).toBe('Human work\n\n');
  });

  it('quotes every catalog value it writes into the script', async () => {
    const odd = `O'Brien's "Agent" $(touch pwned) \`touch pwned\``;
    const catalog = createCatalog({
      tools: [{ id: 'odd-agent', name: odd, aliases: ['odd|alias*'] }],
      markers: [
        { kind: 'env', tool: 'odd-agent', variable: 'ODD_AGENT', value: "it's $(touch pwned)" },
        { kind: 'identity', tool: 'odd-agent', email: "o'b@example.com", confidence: 'high' },
      ],
    });
    await rm(dir, { recursive: true, force: true });
    dir = await newRepository(catalog);

    expect(await commit('Env value', { ODD_AGENT: "it's $(touch pwned)" })).toBe('Env value\n\nAssisted-by: odd-agent\n');
    expect(await commit('Other value', { ODD_AGENT: 'it' })).toBe('Other value\n');
    expect(await commit('By name', { BLASTWALL_AI_TOOL: odd.toUpperCase() })).toBe('By name\n\nAssisted-by: odd-agent\n');
    expect(await commit('Alias is no pattern', { BLASTWALL_AI_TOOL: 'odd-alias' })).toBe(
      'Alias is no pattern\n\nAssisted-by: odd-alias\n',
    );
    const coAuthored = "With email\n\nCo-authored-by: Odd <O'B@example.com>\n";
    expect(await commit(coAuthored, { ODD_AGENT: "it's $(touch pwned)" })).toBe(coAuthored);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('runs the same under dash and bash', async () => {
    const hook = join(dir, '.git', 'hooks', COMMIT_HOOK);
    for (const shell of ['dash', 'bash']) {
      const file = join(dir, `${shell}-message.txt`);
      await writeFile(file, 'Subject\n\n# a comment\n');
      const result = runProgram(shell, [hook, file, 'message'], { cwd: dir, env: cleanEnv({ GEMINI_CLI: '1' }) });
      expect({ shell, status: result.status, stderr: result.stderr }).toEqual({ shell, status: 0, stderr: '' });
      expect(await readFile(file, 'utf8')).toBe('Subject\n\nAssisted-by: gemini\n\n# a comment\n');
    }
  });
});
