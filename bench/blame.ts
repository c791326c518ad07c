/**
 * `blastwall blame` over a range against what a script would do without it: one `git blame`
 * process per text file at the range's end. Both ask for the same options: none (blastwall replays
 * the range's diffs) and -M -C (blastwall runs git blame per touched file, in parallel).
 *
 *   node --import tsx bench/blame.ts [--commits 20000] [--files 3000] [--seed 1] [--depth 1000] [--runs 3]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, WORK, benchOptions, comparisonTable, ensureRepo, git, isMain, requireBuild, timeInterleaved, type Comparison, type RepoSpec } from './util.js';

// git's well-known id of the empty tree: a diff against it lists every file at a commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export async function benchBlame(options: RepoSpec & { runs: number; depth: number }): Promise<Comparison[]> {
  requireBuild();
  const repo = await ensureRepo(options);
  const from = git(repo, ['rev-parse', `HEAD~${options.depth}`]);
  const to = git(repo, ['rev-parse', 'HEAD']);

  // The loop skips binary files as blastwall does; git's numstat says which ones are binary ("-").
  const binaries = git(repo, ['diff', '--numstat', '--no-renames', EMPTY_TREE, to])
    .split('\n')
    .filter((line) => line.startsWith('-\t-\t'))
    .map((line) => line.slice(4));
  const binaryList = join(WORK, `binaries-${to}.txt`);
  writeFileSync(binaryList, binaries.map((path) => `${path}\n`).join(''));
  const rows: Comparison[] = [];
  for (const flags of [[], ['-M', '-C']]) {
    const loop = [
      `git ls-tree -r --name-only ${to}`,
      `grep -vxF -f '${binaryList}'`,
      `while IFS= read -r f; do git blame ${flags.join(' ')} --porcelain ${from}..${to} -- "$f" > /dev/null || exit 1; done`,
    ].join(' | ');
    const timings = await timeInterleaved(
      {
        loop: { cmd: 'bash', args: ['-c', loop], cwd: repo },
        blastwall: { cmd: process.execPath, args: [BIN, 'blame', '--repo', repo, '--range', `${from}..${to}`, ...flags, '--format', 'json'] },
      },
      { runs: options.runs, warmup: 0 },
    );
    rows.push({
      benchmark: `blame ${flags.join(' ') || '(no options)'} HEAD~${options.depth}..HEAD, ${options.commits} commits`,
      baseline: `git blame ${flags.join(' ')} per file`.replace('  ', ' '),
      baselineTiming: timings.loop,
      blastwallTiming: timings.blastwall,
    });
  }
  return rows;
}

if (isMain(import.meta.url)) {
  benchBlame(benchOptions(process.argv.slice(2), { runs: 3, depth: 1000 }))
    .then((rows) => console.log(comparisonTable(rows)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
