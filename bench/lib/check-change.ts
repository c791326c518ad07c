import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT, WORK, git } from '../util.js';

/** A committed change for `blastwall check`: a repository, the base that holds the policy, and the files the head commit changed. */
export interface CheckChange {
  readonly name: string;
  readonly repo: string;
  readonly base: string;
  readonly head: string;
  readonly files: readonly string[];
}

/** The author of the change: a person of the policy, and Claude as co-author, so that provenance has something to find. */
const AUTHOR = { name: 'Sofia Rossi', email: 'sofia@acme.dev' };
const TRAILER = 'Co-Authored-By: Claude <noreply@anthropic.com>';

/** Fixed identities and dates: the same tree gives the same commit ids on every run. */
function commit(cwd: string, message: string, time: number): string {
  const date = `${time} +0000`;
  const env = { ...process.env, GIT_AUTHOR_NAME: AUTHOR.name, GIT_AUTHOR_EMAIL: AUTHOR.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: AUTHOR.name, GIT_COMMITTER_EMAIL: AUTHOR.email, GIT_COMMITTER_DATE: date };
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-a', '-F', '-'], { cwd, input: message, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git commit failed: ${result.stderr}`);
  return git(cwd, ['rev-parse', 'HEAD']);
}

/** People, teams and rules for the gate; a require rule matches the change, the others are read and pass by. */
function gatePolicy(zonesReached: readonly string[]): string {
  return `
people:
  priya-raman: { name: Priya Raman, emails: [priya@acme.dev], level: staff }
  marcus-webb: { emails: [marcus@acme.dev], level: senior }
  sofia-rossi: { emails: [sofia@acme.dev], level: mid }
  kenji-w: { emails: [kenji@acme.dev], level: senior }
  amara-okafor: { emails: [amara@acme.dev], level: principal }
  release-bot: { emails: [bot@acme.dev], bot: true }
teams:
  platform-leads: { members: [priya-raman, amara-okafor] }
  owners: { members: [marcus-webb, kenji-w] }
  reviewers: { members: [platform-leads, owners, sofia-rossi] }
rules:
  - name: docs-only
    why: Documentation needs no sign-off.
    when: { paths: ['docs/**'], size: { files: 1 } }
    allow: true
  - name: year-end-freeze
    why: Nothing ships during the year-end freeze.
    when: { time: { timezone: Europe/Berlin, dates: [{ from: '2023-12-20', to: '2024-01-02' }] } }
    block: true
  - name: wide-radius
    why: A change that reaches hundreds of files deserves a second look.
    when: { radius: { files: 100 } }
    warn: true
  - name: ai-in-critical-zones
    why: AI-assisted changes that reach critical zones need a senior sign-off.
    when: { ai: true, reaches: [${zonesReached.join(', ')}] }
    require: { count: 1, from: [platform-leads, owners], seniority: senior }
  - name: big-change
    why: Big changes are split before review.
    when: { size: { lines: 100000 } }
    block: true
`;
}

/** One line appended to each file: the file stays valid and its imports stay as they were. */
function touch(repo: string, files: readonly string[]): void {
  for (const file of files) appendFileSync(join(repo, file), file.endsWith('.py') ? '# touched by the check benchmark\n' : '// touched by the check benchmark\n');
}

/** The first file of each of the first `count` folders (at `depth` segments) whose files pass `keep`. */
function spread(files: readonly string[], count: number, depth: number, keep: (file: string) => boolean): string[] {
  const picked = new Map<string, string>();
  for (const file of [...files].sort()) {
    const folder = file.split('/').slice(0, depth).join('/');
    if (picked.size >= count) break;
    if (!picked.has(folder) && keep(file)) picked.set(folder, file);
  }
  return [...picked.values()];
}

/**
 * On the generated monorepo: a git worktree beside it (its main work tree stays as generated) on a
 * branch `bench-check` with two commits on top of main: the policy (the base: a change is judged
 * by its base's policy) and a head commit that changes 20 files, the ten probe files of the radius
 * benchmark plus five Python and five Go files of other packages.
 */
export function monorepoChange(dir: string, probes: readonly string[], worktree = join(WORK, `check-${basename(dir)}`)): CheckChange {
  // One branch per worktree: git checks a branch out in one worktree at a time.
  const branch = worktree === join(WORK, `check-${basename(dir)}`) ? 'bench-check' : `bench-check-${basename(worktree)}`;
  if (existsSync(join(worktree, '.git'))) {
    git(worktree, ['checkout', '-q', '-f', '-B', branch, 'main']);
    git(worktree, ['clean', '-q', '-f', '-d']);
  } else {
    rmSync(worktree, { recursive: true, force: true });
    git(dir, ['worktree', 'prune']);
    git(dir, ['worktree', 'add', '-q', '-f', '-B', branch, worktree, 'main']);
  }
  appendFileSync(join(worktree, 'blastwall.yml'), gatePolicy(['payments', 'checkout', 'auth']));
  const base = commit(worktree, 'chore: the gate\'s people, teams and rules\n', 1717300000);
  const tracked = git(worktree, ['ls-files']).split('\n');
  const python = spread(tracked.filter((f) => f.endsWith('.py')), 5, 2, (f) => !f.endsWith('__init__.py') && !f.includes('/tests/'));
  const go = spread(tracked.filter((f) => f.endsWith('.go')), 5, 3, (f) => !f.endsWith('_test.go'));
  const files = [...probes, ...python, ...go];
  if (files.length !== 20) throw new Error(`expected 20 files to change, found ${files.length}`);
  touch(worktree, files);
  const head = commit(worktree, `feat: retry budgets across payments, checkout and the data services\n\n${TRAILER}\n`, 1717310000);
  return { name: basename(dir), repo: worktree, base, head, files };
}

/**
 * On this repository: a fresh clone (`--no-hardlinks`, so nothing is shared with the work tree
 * that others edit) of the committed HEAD, with the policy committed as the base and a head
 * commit that changes 20 files under src/.
 */
export function selfChange(clone = join(WORK, 'check-blastwall')): CheckChange {
  rmSync(clone, { recursive: true, force: true });
  git(ROOT, ['clone', '-q', '--no-hardlinks', ROOT, clone]);
  const policy = `# blastwall policy of blastwall (for the check benchmark).
version: 1
zones:
  git:
    criticality: critical
    paths: ['src/git/**']
  gate:
    criticality: critical
    paths: ['src/policy/**', 'src/ledger/**', 'src/action/**']
  radius:
    criticality: high
    paths: ['src/radius/**', 'src/graph/**', 'src/ownership/**']
  docs:
    criticality: low
    paths: ['docs/**', '**/*.md']
${gatePolicy(['git', 'gate'])}`;
  writeFileSync(join(clone, 'blastwall.yml'), policy);
  git(clone, ['add', 'blastwall.yml']);
  const base = commit(clone, 'chore: the gate\'s policy\n', 1717300000);
  const sources = git(clone, ['ls-files', 'src']).split('\n').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  // Every n-th source file: spread over the stages, from git/ to radius/.
  const step = sources.length / 20;
  const files = Array.from({ length: 20 }, (_, i) => sources[Math.floor(i * step)]!);
  touch(clone, files);
  const head = commit(clone, `refactor: clearer names across the pipeline\n\n${TRAILER}\n`, 1717310000);
  return { name: 'blastwall (this repository)', repo: clone, base, head, files };
}

/** The size of what a check reads: files at HEAD, and commits in its history. */
export function repoSize(repo: string): { files: number; commits: number } {
  return { files: git(repo, ['ls-files']).split('\n').length, commits: Number(git(repo, ['rev-list', '--count', 'HEAD'])) };
}
