import { decodeGitText } from '../shared/text.js';
import type { OnProgress } from '../shared/progress.js';
import { streamGit } from './exec.js';
import { ByteSplitter } from './split.js';
import { parseTrailers, type Trailer } from './trailers.js';

export interface Person {
  readonly name: string;
  readonly email: string;
  /** Strict ISO 8601 with the person's own offset, e.g. `2026-03-02T10:04:05+01:00`. */
  readonly date: string;
}

export interface FileChange {
  readonly path: string;
  /** The path before a rename or copy. */
  readonly oldPath?: string;
  /** Lines added and deleted; 0 for binary files. */
  readonly added: number;
  readonly deleted: number;
  readonly binary: boolean;
}

export interface Commit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  /** The full message, as git stores it (re-encoded to UTF-8 when the commit declares another encoding). */
  readonly message: string;
  readonly trailers: readonly Trailer[];
  /** Empty for merge commits: their changes are counted on the commits they merge. */
  readonly files: readonly FileChange[];
}

export interface ReadLogOptions {
  /** Revision arguments, e.g. `['HEAD']` or `['^abc', 'def']`. */
  readonly revArgs: readonly string[];
  /** Limit to these paths (pathspecs). */
  readonly paths?: readonly string[];
  /** Follow renames (`-M`); on by default. */
  readonly renames?: boolean;
  readonly onProgress?: OnProgress;
  /** Total for progress events, when the caller counted the range first. */
  readonly total?: number;
}

// One record per commit: a 0x1e mark, then NUL-separated fields. With -z, numstat entries are
// NUL-terminated and a rename is `added\tdeleted\t` followed by the old and new paths as two entries.
const FIELDS = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'];
const FORMAT = `%x1e${FIELDS.join('%x00')}%x00`;
const RECORD_MARK = 0x1e;

export function logArgs(options: ReadLogOptions): string[] {
  return [
    '-c',
    'log.showSignature=false',
    'log',
    '-z',
    '--numstat',
    options.renames === false ? '--no-renames' : '-M',
    '--diff-merges=off',
    '--no-textconv',
    '--no-ext-diff',
    '--no-color',
    '--encoding=UTF-8',
    `--format=${FORMAT}`,
    ...options.revArgs,
    '--',
    ...(options.paths ?? []),
  ];
}

/**
 * Streams the commits of a range from one `git log` process, newest first, with their trailers and
 * per-file line counts. Memory stays constant whatever the size of the history.
 */
export async function* readLog(cwd: string, options: ReadLogOptions): AsyncGenerator<Commit> {
  const parser = new LogParser();
  let done = 0;
  for await (const chunk of streamGit(cwd, logArgs(options))) {
    for (const commit of parser.push(chunk)) {
      yield commit;
      done++;
      if (options.onProgress && done % 500 === 0) options.onProgress({ unit: 'commits', done, total: options.total });
    }
  }
  for (const commit of parser.end()) {
    yield commit;
    done++;
  }
  options.onProgress?.({ unit: 'commits', done, total: options.total ?? done });
}

type State = { kind: 'header'; field: number } | { kind: 'files' } | { kind: 'rename-old'; added: number; deleted: number; binary: boolean } | { kind: 'rename-new'; added: number; deleted: number; binary: boolean; oldPath: string };

/** A push parser over git's -z output, exported for tests of odd inputs. */
export class LogParser {
  private readonly splitter = new ByteSplitter(0);
  private state: State = { kind: 'files' };
  private header: string[] = [];
  private files: FileChange[] = [];
  private started = false;

  push(chunk: Buffer): Commit[] {
    const commits: Commit[] = [];
    this.splitter.push(chunk, (token) => {
      const commit = this.token(token);
      if (commit) commits.push(commit);
    });
    return commits;
  }

  end(): Commit[] {
    const commits: Commit[] = [];
    this.splitter.end((token) => {
      const commit = this.token(token);
      if (commit) commits.push(commit);
    });
    const last = this.finish();
    if (last) commits.push(last);
    return commits;
  }

  /** Consumes one NUL-terminated token; returns the previous commit when a new one starts. */
  private token(bytes: Buffer): Commit | undefined {
    const state = this.state;
    if (state.kind === 'header') {
      this.header.push(decodeGitText(bytes));
      if (this.header.length === FIELDS.length) this.state = { kind: 'files' };
      return undefined;
    }
    if (state.kind === 'rename-old') {
      this.state = { ...state, kind: 'rename-new', oldPath: decodeGitText(bytes) };
      return undefined;
    }
    if (state.kind === 'rename-new') {
      const { added, deleted, binary, oldPath } = state;
      this.files.push({ path: decodeGitText(bytes), oldPath, added, deleted, binary });
      this.state = { kind: 'files' };
      return undefined;
    }
    if (bytes.length === 0) return undefined;
    if (bytes[0] === RECORD_MARK) {
      const previous = this.finish();
      this.started = true;
      this.header = [decodeGitText(bytes.subarray(1))];
      this.state = { kind: 'header', field: 1 };
      return previous;
    }
    this.numstat(decodeGitText(bytes[0] === 0x0a ? bytes.subarray(1) : bytes));
    return undefined;
  }

  private numstat(entry: string): void {
    const firstTab = entry.indexOf('\t');
    const secondTab = entry.indexOf('\t', firstTab + 1);
    if (firstTab < 0 || secondTab < 0) return;
    const addedText = entry.slice(0, firstTab);
    const deletedText = entry.slice(firstTab + 1, secondTab);
    const path = entry.slice(secondTab + 1);
    const binary = addedText === '-' && deletedText === '-';
    const added = binary ? 0 : Number.parseInt(addedText, 10);
    const deleted = binary ? 0 : Number.parseInt(deletedText, 10);
    if (path === '') this.state = { kind: 'rename-old', added, deleted, binary };
    else this.files.push({ path, added, deleted, binary });
  }

  private finish(): Commit | undefined {
    if (!this.started) return undefined;
    const [sha = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', message = ''] = this.header;
    const commit: Commit = {
      sha,
      parents: parents === '' ? [] : parents.split(' '),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      message,
      trailers: parseTrailers(message),
      files: this.files,
    };
    this.header = [];
    this.files = [];
    this.started = false;
    return commit;
  }
}

/** A commit's parents and the paths it changed, without line counts. */
export interface FileList {
  readonly parents: readonly string[];
  readonly paths: readonly string[];
  /** More paths than `maxPaths`: `paths` is left empty (such commits say little about coupling). */
  readonly tooMany: boolean;
}

/**
 * The changed paths of each commit of a range, from one `git log --name-only` (no blob is read, so
 * it stays fast on commits that add thousands of files). Merges list no paths.
 */
export async function* readFileLists(cwd: string, revArgs: readonly string[], maxPaths = Number.POSITIVE_INFINITY): AsyncGenerator<FileList> {
  const args = ['log', '-z', '--name-only', '--no-renames', '--diff-merges=off', '--format=%x1e%P', ...revArgs, '--'];
  const splitter = new ByteSplitter(0);
  let current: { parents: string[]; paths: string[]; tooMany: boolean } | undefined;
  const token = (bytes: Buffer): FileList | undefined => {
    if (bytes[0] === RECORD_MARK) {
      const previous = current;
      const parents = bytes.subarray(1).toString('latin1').trim();
      current = { parents: parents === '' ? [] : parents.split(' '), paths: [], tooMany: false };
      return previous;
    }
    const name = bytes[0] === 0x0a ? bytes.subarray(1) : bytes;
    if (!current || current.tooMany || name.length === 0) return undefined;
    if (current.paths.length >= maxPaths) {
      current.tooMany = true;
      current.paths = [];
      // The commit's other names are not needed: on to the next record without splitting them.
      splitter.skipUntil(RECORD_MARK);
    } else current.paths.push(decodeGitText(name));
    return undefined;
  };
  for await (const chunk of streamGit(cwd, args)) {
    const done: FileList[] = [];
    splitter.push(chunk, (bytes) => {
      const list = token(bytes);
      if (list) done.push(list);
    });
    yield* done;
  }
  const last: FileList[] = [];
  splitter.end((bytes) => {
    const list = token(bytes);
    if (list) last.push(list);
  });
  yield* last;
  if (current) yield current;
}
