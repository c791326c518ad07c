import { readLog, type FileChange, type Person } from '../git/log.js';
import { countCommits, parseRange, resolveRange, type Repository } from '../git/repository.js';
import type { OnProgress } from '../shared/progress.js';
import { attribute, type Attribution } from './attribution.js';
import { inheritBranchEvidence } from './branches.js';
import type { Catalog } from './catalog.js';
import { detectCommit, subjectOf } from './detect.js';
import type { Evidence } from './evidence.js';
import { emptyReading, type RecordReading } from './line-claims.js';
import type { Confidence } from './markers.js';
import { DEFAULT_NOTES_REF, readRecords } from './records.js';

/** One commit with who wrote it. */
export interface AttributedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  readonly subject: string;
  readonly attribution: Attribution;
  readonly added: number;
  readonly deleted: number;
  readonly files: readonly FileChange[];
  /** The whole message, kept only when `keepMessage` asked for it (most callers need the subject alone). */
  readonly message?: string;
}

export interface HistoryOptions {
  readonly catalog: Catalog;
  /** `A..B`, `A...B` or one revision; the whole history of HEAD when absent. */
  readonly range?: string;
  readonly minConfidence?: Confidence;
  readonly notesRefs?: readonly string[];
  readonly onProgress?: OnProgress;
  /** Count the range first so progress has a total (one extra, fast git process). */
  readonly countFirst?: boolean;
  /** Keep the whole message of the commits it accepts (e.g. reverts, which name their commit in the body). */
  readonly keepMessage?: (message: string) => boolean;
}

export interface History {
  readonly range: string;
  /** Newest first, as git log gives them. */
  readonly commits: readonly AttributedCommit[];
  readonly records: RecordReading;
  readonly warnings: readonly string[];
}

/**
 * Reads a range of history in one streamed `git log` and attributes every commit: markers in
 * identities and messages, branch names of the merges that brought commits in, git-ai notes and
 * Agent Trace records.
 */
export async function readHistory(repo: Repository, options: HistoryOptions): Promise<History> {
  const warnings: string[] = [];
  const range = parseRange(options.range);
  if (repo.head === undefined && options.range === undefined) {
    return { range: range.text, commits: [], records: emptyReading(), warnings: ['the repository has no commits yet'] };
  }
  const resolved = await resolveRange(repo, range);
  const total = options.countFirst ? await countCommits(repo, resolved.revArgs) : undefined;

  // What later steps need of each commit, not its whole message.
  const commits: Omit<AttributedCommit, 'attribution'>[] = [];
  const evidence = new Map<string, Evidence[]>();
  const branchEvidence = new Map<string, Evidence[]>();
  for await (const commit of readLog(repo.root, { revArgs: resolved.revArgs, onProgress: options.onProgress, total })) {
    const found = detectCommit(options.catalog, commit);
    evidence.set(commit.sha, found);
    const branch = found.filter((e) => e.kind === 'branch');
    if (branch.length > 0) branchEvidence.set(commit.sha, branch);
    let added = 0;
    let deleted = 0;
    for (const file of commit.files) {
      added += file.added;
      deleted += file.deleted;
    }
    const { sha, parents, author, committer, files } = commit;
    commits.push({ sha, parents, author, committer, subject: subjectOf(commit.message), added, deleted, files, ...(options.keepMessage?.(commit.message) && { message: commit.message }) });
  }

  const inherited = inheritBranchEvidence(commits, branchEvidence);
  const records = await readRecords(repo, options.catalog, {
    notesRefs: options.notesRefs ?? [DEFAULT_NOTES_REF],
    revision: resolved.toSha,
    commits: new Set(commits.map((c) => c.sha)),
  });
  warnings.push(...records.warnings);
  if (repo.shallowBoundaries !== undefined) warnings.push(shallowWarning(repo.shallowBoundaries, commits));

  const attributed = commits.map((commit): AttributedCommit => {
    const all = [...(evidence.get(commit.sha) ?? []), ...(inherited.get(commit.sha) ?? []), ...(records.evidence.get(commit.sha) ?? [])];
    return { ...commit, attribution: attribute(options.catalog, all, options.minConfidence) };
  });
  return { range: range.text, commits: attributed, records, warnings };
}

function shallowWarning(boundaries: readonly string[], commits: readonly Omit<AttributedCommit, 'attribution'>[]): string {
  const cut = new Set(boundaries);
  const oldest = commits.filter((c) => cut.has(c.sha)).map((c) => c.committer.date).sort()[0];
  const where = oldest === undefined ? '' : `; nothing before ${oldest.slice(0, 10)} is seen`;
  return `shallow clone: history is cut at ${boundaries.length} commit${boundaries.length === 1 ? '' : 's'} (${commits.length} commits in view${where}); run \`git fetch --unshallow\` for the full history`;
}
