/**
 * Generates a synthetic but realistic git history for benchmarks: a monorepo of a few thousand
 * files, ~20 people, AI-assisted commits with the markers real tools write, pull requests merged
 * from side branches, renames and binary files. The whole history goes through one
 * `git fast-import` process, so 20,000 commits take seconds, and the same seed gives the same
 * commit ids.
 *
 *   node --import tsx bench/generate-history.ts --out <dir> [--commits 20000] [--files 3000] [--seed 1] [--no-repack]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { edit, langOf, newContent, newPath, pathNear, serialize } from './lib/content.js';
import { FastImport, type FileCommand, type Signature } from './lib/fast-import.js';
import { BRANCH_TOOLS, TOOL_WEIGHTS, branchName, dependabotMessage, draftCommit, subjectFor, type CommitType, type Draft, type Tool } from './lib/messages.js';
import { DEPENDABOT, GITHUB, pickHuman, zoneOf } from './lib/people.js';
import { Random } from './lib/random.js';
import { WorkTree, areaOf } from './lib/worktree.js';

export interface GenerateOptions {
  /** An empty or missing directory; it becomes a non-bare repository with `main` checked out. */
  readonly out: string;
  readonly commits?: number;
  readonly files?: number;
  readonly seed?: number;
  /** Repack with deltas afterwards (default true): a pack shaped like a real one, 4x smaller and faster to read. */
  readonly repack?: boolean;
}

export interface GenerateResult {
  readonly commits: number;
  /** Files at the tip of `main`. */
  readonly files: number;
  readonly merges: number;
  /** Commits that carry an AI marker (trailer, footer or bot author). */
  readonly aiCommits: number;
}

const MAIN = 'refs/heads/main';
const TOPIC = 'refs/heads/topic';
const START = Date.UTC(2022, 0, 3, 9, 0, 0) / 1000;
const SPAN = 3 * 365 * 86400;
/** Chance that an ordinary commit was written with an AI tool; PR branches of tools add the rest of ~25%. */
const AI_SHARE = 0.24;
const NOTHING = (): void => undefined;

export async function generateHistory(options: GenerateOptions): Promise<GenerateResult> {
  const commits = Math.max(1, options.commits ?? 20000);
  const files = Math.max(10, options.files ?? 3000);
  mkdirSync(options.out, { recursive: true });
  if (readdirSync(options.out).length > 0) throw new Error(`${options.out} is not empty`);
  git(options.out, ['init', '-q', '-b', 'main']);
  // Background gc would add noise to whatever benchmark runs next in this repository.
  git(options.out, ['config', 'gc.auto', '0']);
  git(options.out, ['config', 'maintenance.auto', 'false']);

  const generator = new Generator(new Random(options.seed ?? 1), new FastImport(options.out), commits, files);
  await generator.run();
  git(options.out, ['update-ref', '-d', TOPIC]);
  if (options.repack !== false) git(options.out, ['repack', '-a', '-d', '-f', '-q']);
  git(options.out, ['reset', '-q', '--hard']);
  return { commits: generator.made, files: generator.tree.size, merges: generator.merges, aiCommits: generator.aiCommits };
}

interface Change {
  readonly files: FileCommand[];
  readonly type: CommitType;
  readonly scope: string | undefined;
}

class Generator {
  readonly tree = new WorkTree();
  made = 0;
  merges = 0;
  aiCommits = 0;
  private mainTip = 0;
  private time = START;
  private committed = START;
  private pullRequest = 100;

  constructor(
    private readonly rng: Random,
    private readonly out: FastImport,
    private readonly commits: number,
    private readonly files: number,
  ) {}

  async run(): Promise<void> {
    this.initialCommit();
    while (this.made < this.commits) {
      const left = this.commits - this.made;
      if (left >= 7 && this.rng.chance(1 / 26)) this.mergedPullRequest();
      else if (this.rng.chance(0.01)) this.commit(MAIN, undefined, this.dependabot(), this.change(new Set(), NOTHING, 1).files);
      else this.ordinaryCommit(new Set());
      await this.out.flush();
    }
    await this.out.close();
  }

  /** A project imported with most of its files; the rest arrive over the years. */
  private initialCommit(): void {
    const files: FileCommand[] = [];
    const taken = (path: string): boolean => this.tree.has(path);
    for (let i = Math.round(this.files * 0.7); i > 0; i--) files.push(this.add(i === 1 ? 'README.md' : newPath(this.rng, taken)));
    this.commit(MAIN, undefined, draftCommit(this.rng, pickHuman(this.rng), undefined, 'chore: initial import'), files);
  }

  /** A mainline commit that stays off `exclude`, the files of a pull request in progress. */
  private ordinaryCommit(exclude: ReadonlySet<string>): number {
    const tool = this.maybeTool();
    const change = this.change(exclude, NOTHING);
    return this.commit(MAIN, undefined, draftCommit(this.rng, pickHuman(this.rng), tool, subjectFor(this.rng, change.type, change.scope)), change.files, tool);
  }

  /**
   * A branch of 2-4 commits, while the mainline gets 0-2 commits of its own on other files, then a
   * GitHub merge. The merge brings the branch's files in by blob mark, so the mainline tree equals
   * the generator's work tree again.
   */
  private mergedPullRequest(): void {
    const person = pickHuman(this.rng);
    const branchTool = this.rng.chance(0.35) ? this.rng.pick(BRANCH_TOOLS) : undefined;
    const branch = branchName(this.rng, branchTool, person, this.time);
    const forkHad = new Map<string, boolean>();
    const touched = (path: string): void => {
      if (!forkHad.has(path)) forkHad.set(path, this.tree.has(path));
    };

    let tip = 0;
    let title = '';
    for (let i = this.rng.int(2, 4); i > 0; i--) {
      // Tool branches sometimes hold a commit without the tool's marker: the branch name is the only clue.
      const tool = branchTool !== undefined ? (this.rng.chance(0.85) ? branchTool : undefined) : this.maybeTool();
      const change = this.change(new Set(), touched);
      const draft = draftCommit(this.rng, person, tool, subjectFor(this.rng, change.type, change.scope));
      tip = this.commit(TOPIC, tip === 0 ? this.mainTip : undefined, draft, change.files, tool);
      if (title === '') title = draft.message.split('\n')[0]!;
    }
    const exclude = new Set(forkHad.keys());
    for (let i = this.rng.int(0, 2); i > 0; i--) this.ordinaryCommit(exclude);

    const files: FileCommand[] = [];
    for (const [path, had] of forkHad) {
      if (this.tree.has(path)) files.push({ op: 'M', path, mark: this.tree.get(path).mark });
      else if (had) files.push({ op: 'D', path });
    }
    let merger = pickHuman(this.rng);
    if (merger === person) merger = pickHuman(this.rng);
    const message = `Merge pull request #${this.pullRequest++} from acme/${branch}\n\n${title}\n`;
    this.commit(MAIN, undefined, { author: merger, authorHuman: merger, committer: GITHUB, committerHuman: undefined, message }, files, undefined, tip);
    this.merges++;
  }

  private commit(ref: string, from: number | undefined, draft: Draft, files: FileCommand[], tool?: Tool, merge?: number): number {
    // Gaps vary around the mean; committer dates lag author dates after rebases and reviews.
    const gap = (SPAN / this.commits) * (0.1 + 1.8 * this.rng.next());
    this.time += Math.max(1, Math.round(gap));
    const lag = this.rng.chance(0.3) ? this.rng.int(30, 3 * 86400) : 0;
    this.committed = Math.max(this.time + lag, this.committed + 1);
    const author: Signature = { ...draft.author, time: this.time, zone: zoneOf(this.rng, draft.authorHuman, this.time) };
    const committer: Signature = { ...draft.committer, time: this.committed, zone: zoneOf(this.rng, draft.committerHuman, this.committed) };
    const mark = this.out.commit({ ref, author, committer, message: draft.message, ...(from === undefined ? {} : { from }), ...(merge === undefined ? {} : { merge }), files });
    if (ref === MAIN) this.mainTip = mark;
    this.made++;
    if (tool !== undefined) this.aiCommits++;
    return mark;
  }

  /**
   * Changes 1-8 files, mostly in one area; sometimes adds, deletes or renames. `exclude` keeps
   * the mainline off a pull request's files; `touched` is told of every path before it changes.
   */
  private change(exclude: ReadonlySet<string>, touched: (path: string) => void, count?: number): Change {
    const rng = this.rng;
    const files: FileCommand[] = [];
    const taken = (path: string): boolean => this.tree.has(path) || exclude.has(path);
    const chosen = new Set<string>();
    const first = this.tree.pick(rng, exclude);
    if (first !== undefined) chosen.add(first);
    const wanted = count ?? rng.weighted([[1, 30], [2, 25], [3, 15], [4, 10], [5, 7], [6, 5], [7, 4], [8, 4]]);
    for (let i = 1; i < wanted && first !== undefined; i++) {
      const path = this.tree.pick(rng, new Set([...exclude, ...chosen]), rng.chance(0.7) ? areaOf(first) : undefined);
      if (path !== undefined) chosen.add(path);
    }

    for (const path of chosen) {
      const roll = rng.next();
      touched(path);
      if (roll < 0.015 && this.tree.size > 20 && chosen.size > 1) {
        this.tree.delete(path);
        files.push({ op: 'D', path });
      } else if (roll < 0.04) {
        const to = rng.chance(0.5) ? pathNear(rng, path, taken) : newPath(rng, taken, langOf(path));
        touched(to);
        const entry = this.tree.get(path);
        this.tree.delete(path);
        this.tree.set(to, entry);
        files.push({ op: 'R', from: path, to });
        if (rng.chance(0.5)) files.push(this.modify(to, true));
      } else {
        files.push(this.modify(path, false));
      }
    }
    // Grow towards `files` over the history, with a trickle of new files even when there.
    const target = this.files * (0.7 + (0.3 * this.made) / this.commits);
    if (files.length === 0 || rng.chance(this.tree.size < target ? 0.3 : 0.03)) {
      for (let i = rng.int(1, 3); i > 0; i--) {
        const path = first !== undefined && rng.chance(0.85) ? pathNear(rng, first, taken) : newPath(rng, taken);
        touched(path);
        files.push(this.add(path));
      }
    }
    const paths = [...chosen];
    return { files, type: typeOf(rng, paths), scope: first === undefined ? undefined : scopeOf(first) };
  }

  private modify(path: string, small: boolean): FileCommand {
    const entry = this.tree.get(path);
    edit(this.rng, entry.content, small);
    entry.mark = this.out.blob(serialize(entry.content));
    return { op: 'M', path, mark: entry.mark };
  }

  private add(path: string): FileCommand {
    const content = newContent(this.rng, langOf(path));
    const mark = this.out.blob(serialize(content));
    this.tree.set(path, { content, mark });
    return { op: 'M', path, mark };
  }

  private maybeTool(): Tool | undefined {
    return this.rng.chance(AI_SHARE) ? this.rng.weighted(TOOL_WEIGHTS) : undefined;
  }

  private dependabot(): Draft {
    return { author: DEPENDABOT, authorHuman: undefined, committer: GITHUB, committerHuman: undefined, message: dependabotMessage(this.rng) };
  }
}

function typeOf(rng: Random, paths: readonly string[]): CommitType {
  if (paths.length > 0 && paths.every((path) => path.endsWith('.md'))) return 'docs';
  if (paths.length > 0 && paths.every((path) => /(\.test\.ts|\/test_[^/]*\.py)$/.test(path))) return 'test';
  if (paths.length > 0 && paths.every((path) => path.startsWith('.github/'))) return 'ci';
  return rng.weighted<CommitType>([['feat', 30], ['fix', 30], ['refactor', 15], ['chore', 10], ['perf', 5], ['test', 5], ['docs', 5]]);
}

function scopeOf(path: string): string | undefined {
  const [top, second] = path.split('/');
  return top === 'packages' || top === 'services' || top === 'internal' || top === 'cmd' || top === 'docs' ? second : undefined;
}

function git(cwd: string, args: string[]): void {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, commits: { type: 'string', default: '20000' }, files: { type: 'string', default: '3000' }, seed: { type: 'string', default: '1' }, 'no-repack': { type: 'boolean', default: false } },
  });
  if (values.out === undefined) throw new Error('usage: generate-history.ts --out <dir> [--commits 20000] [--files 3000] [--seed 1] [--no-repack]');
  const started = performance.now();
  const result = await generateHistory({ out: values.out, commits: Number(values.commits), files: Number(values.files), seed: Number(values.seed), repack: !values['no-repack'] });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`generated ${result.commits} commits (${result.merges} merges, ${result.aiCommits} AI-assisted), ${result.files} files in ${seconds}s at ${values.out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
