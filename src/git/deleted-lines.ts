import { decodeGitText } from '../shared/text.js';
import { parseBlame } from './blame.js';
import { runGit } from './exec.js';
import { unquoteGitPath } from './quote.js';
import { ByteSplitter } from './split.js';

/** A line that a commit deleted or changed, as its parent had it. */
export interface DeletedLine {
  /** 1-based line number in the parent's version of the file. */
  readonly line: number;
  readonly text: string;
}

export interface FileDeletions {
  /** The path in the parent (before a rename). */
  readonly path: string;
  readonly deleted: readonly DeletedLine[];
}

export interface CommitDeletions {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly files: readonly FileDeletions[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/;

/**
 * The lines each commit deleted or changed against its first parent, whitespace-only changes
 * ignored (`-w`), for many commits in one `git log --no-walk --stdin -p -U0` process. Binary
 * files and added lines are skipped: only what existed before can be blamed.
 */
export async function readDeletedLines(cwd: string, shas: readonly string[]): Promise<CommitDeletions[]> {
  if (shas.length === 0) return [];
  const args = ['log', '--stdin', '--no-walk=unsorted', '-p', '-U0', '-w', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--diff-merges=first-parent', '--format=%x1e%H %P'];
  const { stdout } = await runGit(cwd, args, { input: `${shas.join('\n')}\n` });
  const commits: CommitDeletions[] = [];
  let commit: { sha: string; parents: string[]; files: FileDeletions[] } | undefined;
  let file: { path: string; deleted: DeletedLine[] } | undefined;
  let oldLine = 0;
  let inHunk = false;
  const finishFile = () => {
    if (file && commit && file.deleted.length > 0) commit.files.push(file);
    file = undefined;
  };
  const onLine = (raw: Buffer) => {
    const first = raw[0];
    if (inHunk && first === 0x2d) {
      file?.deleted.push({ line: oldLine++, text: decodeGitText(raw.subarray(1)) });
      return;
    }
    if (inHunk && (first === 0x2b || first === 0x5c)) return; // added line, "\ No newline"
    inHunk = false;
    const text = raw.toString('latin1');
    if (first === 0x1e) {
      finishFile();
      const [sha = '', ...parents] = text.slice(1).trim().split(' ').filter((part) => part !== '');
      commit = { sha, parents, files: [] };
      commits.push(commit);
    } else if (text.startsWith('diff --git ')) {
      finishFile();
      file = { path: '', deleted: [] };
    } else if (file && text.startsWith('--- ')) {
      file.path = text === '--- /dev/null' ? '' : (text.slice(4).startsWith('"') ? unquoteGitPath(text.slice(4)) : decodeGitText(Buffer.from(text.slice(4), 'latin1'))).replace(/^a\//, '');
    } else if (file && text.startsWith('@@')) {
      const match = HUNK.exec(text);
      if (match) {
        oldLine = Number(match[1]);
        inHunk = true;
      }
    }
  };
  const splitter = new ByteSplitter(0x0a);
  splitter.push(stdout, onLine);
  splitter.end(onLine);
  finishFile();
  return commits.map((c) => ({ ...c, files: c.files.filter((f) => f.path !== '') }));
}

/**
 * Which commit wrote each of these lines of `path` at `revision`: one `git blame --porcelain -w`
 * with an `-L` per run of consecutive lines.
 */
export async function blameLines(cwd: string, revision: string, path: string, lines: readonly number[]): Promise<Map<number, string>> {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    ranges.push('-L', `${sorted[i]},${sorted[end]}`);
    i = end + 1;
  }
  const { stdout } = await runGit(cwd, ['blame', '--porcelain', '-w', '--root', ...ranges, revision, '--', path]);
  const owners = new Map<number, string>();
  for (const entry of parseBlame(stdout)) for (let k = 0; k < entry.lines; k++) owners.set(entry.finalLine + k, entry.sha);
  return owners;
}
