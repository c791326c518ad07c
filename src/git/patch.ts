import { decodeGitText } from '../shared/text.js';
import { runGit, streamGit } from './exec.js';
import { ByteSplitter } from './split.js';
import { unquoteGitPath } from './quote.js';

/**
 * The shape of a change to one file, without its lines: enough to follow where every line came
 * from. `hunks` holds `oldStart, oldCount, newStart, newCount` for each hunk, flattened.
 */
export interface FilePatch {
  /** Undefined for a new file. */
  readonly oldPath: string | undefined;
  /** Undefined for a deleted file. */
  readonly newPath: string | undefined;
  readonly binary: boolean;
  readonly hunks: readonly number[];
}

export interface CommitPatch {
  /** The header line of the record: `<sha> <parents...>` for git log, `<sha>` for diff-tree. */
  readonly header: string;
  readonly files: readonly FilePatch[];
}

/** Options that make git's zero-context diffs the ones `git blame` computes, whatever the user's config. */
const DIFF_OPTIONS = [
  '-U0',
  '--inter-hunk-context=0',
  '--diff-algorithm=myers',
  '-M',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--no-textconv',
  '--no-ext-diff',
  '--no-color',
];

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const RECORD_MARK = 0x1e;

/** Reads the path out of `--- a/x`, `+++ b/x`, `rename from x` (raw bytes as Latin-1 text). */
const unquotePath = (text: string): string => (text.startsWith('"') ? unquoteGitPath(text) : decodeGitText(Buffer.from(text, 'latin1')));

/** `diff --git a/x b/x` for a file with no ---/+++ lines (empty, binary or mode-only): both names alike. */
function pathsOfDiffLine(line: string): string | undefined {
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    return end === -1 ? undefined : unquotePath(rest.slice(0, end + 1)).replace(/^a\//, '');
  }
  const half = (rest.length - 1) / 2;
  return Number.isInteger(half) && rest.slice(0, half).slice(2) === rest.slice(half + 1).slice(2) ? unquotePath(rest.slice(2, half)) : undefined;
}

/** A push parser over patch output: only header lines are decoded; the changed lines are skipped. */
export class PatchParser {
  private readonly splitter = new ByteSplitter(0x0a);
  private header: string | undefined;
  private files: FilePatch[] = [];
  private file: { oldPath: string | undefined; newPath: string | undefined; binary: boolean; hunks: number[]; created: boolean; deleted: boolean } | undefined;
  private inHunk = false;

  constructor(private readonly isRecordStart: (line: string) => boolean) {}

  push(chunk: Buffer): CommitPatch[] {
    const records: CommitPatch[] = [];
    this.splitter.push(chunk, (line) => {
      const record = this.line(line);
      if (record) records.push(record);
    });
    return records;
  }

  end(): CommitPatch[] {
    const records: CommitPatch[] = [];
    this.splitter.end((line) => {
      const record = this.line(line);
      if (record) records.push(record);
    });
    const last = this.finishRecord();
    if (last) records.push(last);
    return records;
  }

  private line(line: Buffer): CommitPatch | undefined {
    const first = line[0];
    if (this.inHunk && (first === 0x2b || first === 0x2d || first === 0x20 || first === 0x5c)) return undefined; // + - space \
    this.inHunk = false;
    const text = line.toString('latin1');
    if (first === RECORD_MARK || this.isRecordStart(text)) {
      const previous = this.finishRecord();
      this.header = first === RECORD_MARK ? text.slice(1) : text;
      return previous;
    }
    if (text.startsWith('diff --git ')) {
      this.finishFile();
      const path = pathsOfDiffLine(text);
      this.file = { oldPath: path, newPath: path, binary: false, hunks: [], created: false, deleted: false };
      return undefined;
    }
    const file = this.file;
    if (!file) return undefined;
    if (text.startsWith('@@')) {
      const match = HUNK.exec(text);
      if (match) {
        file.hunks.push(Number(match[1]), match[2] === undefined ? 1 : Number(match[2]), Number(match[3]), match[4] === undefined ? 1 : Number(match[4]));
        this.inHunk = true;
      }
    } else if (text.startsWith('--- ')) {
      file.oldPath = text === '--- /dev/null' ? undefined : unquotePath(text.slice(4)).replace(/^a\//, '');
    } else if (text.startsWith('+++ ')) {
      file.newPath = text === '+++ /dev/null' ? undefined : unquotePath(text.slice(4)).replace(/^b\//, '');
    } else if (text.startsWith('rename from ')) {
      file.oldPath = unquotePath(text.slice(12));
    } else if (text.startsWith('rename to ')) {
      file.newPath = unquotePath(text.slice(10));
    } else if (text.startsWith('new file mode')) {
      file.created = true;
    } else if (text.startsWith('deleted file mode')) {
      file.deleted = true;
    } else if (text.startsWith('Binary files ')) {
      file.binary = true;
    }
    return undefined;
  }

  private finishFile(): void {
    const file = this.file;
    if (!file) return;
    this.files.push({
      oldPath: file.created ? undefined : file.oldPath,
      newPath: file.deleted ? undefined : file.newPath,
      binary: file.binary,
      hunks: file.hunks,
    });
    this.file = undefined;
  }

  private finishRecord(): CommitPatch | undefined {
    this.finishFile();
    const header = this.header;
    if (header === undefined) return undefined;
    const record = { header, files: this.files };
    this.header = undefined;
    this.files = [];
    return record;
  }
}

/**
 * The changes of every commit of a range against its first parent, oldest first with parents
 * before children, from one `git log -p -U0` process.
 */
export async function* readFirstParentPatches(cwd: string, revArgs: readonly string[]): AsyncGenerator<{ sha: string; parents: string[]; files: readonly FilePatch[] }> {
  const args = ['log', '-p', ...DIFF_OPTIONS, '--reverse', '--topo-order', '--diff-merges=first-parent', '--format=%x1e%H %P', ...revArgs, '--'];
  const parser = new PatchParser(() => false);
  const toCommit = ({ header, files }: CommitPatch) => {
    const [sha = '', ...parents] = header.trim().split(' ').filter((part) => part !== '');
    return { sha, parents, files };
  };
  for await (const chunk of streamGit(cwd, args)) for (const record of parser.push(chunk)) yield toCommit(record);
  for (const record of parser.end()) yield toCommit(record);
}

/** The changes from each `parent` to its `commit`, for many pairs in one `git diff-tree --stdin`. */
export async function readPairPatches(cwd: string, pairs: readonly { commit: string; parent: string }[]): Promise<FilePatch[][]> {
  if (pairs.length === 0) return [];
  // "<commit> <parent>" makes diff-tree compare the commit with that one parent; --always keeps a
  // header for an empty diff, so the i-th record answers the i-th pair.
  const input = pairs.map(({ commit, parent }) => `${commit} ${parent}\n`).join('');
  const { stdout } = await runGit(cwd, ['diff-tree', '--stdin', '--always', '-r', '-p', ...DIFF_OPTIONS], { input });
  const parser = new PatchParser((line) => /^[0-9a-f]{40,64}$/.test(line));
  const records = [...parser.push(stdout), ...parser.end()];
  return records.map((record) => [...record.files]);
}

/** Each commit of a range with its parents, from one `git rev-list --parents`. */
export async function readParents(cwd: string, revArgs: readonly string[]): Promise<Map<string, string[]>> {
  const { stdout } = await runGit(cwd, ['rev-list', '--parents', ...revArgs, '--']);
  const parents = new Map<string, string[]>();
  for (const line of stdout.toString('latin1').split('\n')) {
    if (line === '') continue;
    const [sha = '', ...rest] = line.split(' ');
    parents.set(sha, rest);
  }
  return parents;
}

/** The net change from `base` to `head` file by file, hunks only, from one `git diff -U0`. */
export async function readRangePatch(cwd: string, base: string, head: string): Promise<FilePatch[]> {
  const { stdout } = await runGit(cwd, ['diff', ...DIFF_OPTIONS, base, head, '--']);
  const parser = new PatchParser(() => false);
  // One synthetic record header: the parser collects files per record.
  const records = [...parser.push(Buffer.from([RECORD_MARK, 0x0a])), ...parser.push(stdout), ...parser.end()];
  return records.flatMap((record) => [...record.files]);
}
