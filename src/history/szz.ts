import { blameLines, readDeletedLines } from '../git/deleted-lines.js';
import { readLog } from '../git/log.js';
import { parseRange, resolveRange, type Repository } from '../git/repository.js';
import { DEFAULT_FIX_PATTERNS, fixMatcher, type FixPatterns } from './fixes.js';
import { isMeaningfulLine } from './lines.js';

/**
 * Bug-introducing commits by SZZ: for each fix commit, blame the lines it deleted or changed at
 * the fix's parent (whitespace, blank and comment-only lines ignored); the commits that wrote
 * those lines introduced the bug. Fixes that touch many files are skipped: they are refactors or
 * merges more often than fixes, and would blame half the repository.
 */
export interface SzzOptions {
  /** `A..B`, `A...B` or one revision; HEAD's whole history when absent. */
  readonly range?: string;
  readonly patterns?: FixPatterns;
  /** Skip fixes that touch more files than this (default 20). */
  readonly maxFiles?: number;
  /** Blame processes at once (default 4). */
  readonly concurrency?: number;
}

export interface BugIntroducingLabel {
  /** The commit that wrote the lines the fix changed. */
  readonly sha: string;
  readonly fix: string;
  readonly method: 'szz';
  /** Why the fix is a fix, and the lines (at the fix's parent) that point here. */
  readonly evidence: { readonly fixEvidence: string; readonly file: string; readonly lines: readonly number[] };
}

export interface SzzResult {
  readonly fixes: number;
  readonly skipped: readonly { readonly sha: string; readonly reason: string }[];
  readonly labels: readonly BugIntroducingLabel[];
}

export const SZZ_MAX_FILES = 20;

export async function findBugIntroducing(repo: Repository, options: SzzOptions = {}): Promise<SzzResult> {
  if (repo.head === undefined) return { fixes: 0, skipped: [], labels: [] };
  const resolved = await resolveRange(repo, parseRange(options.range));
  const matcher = fixMatcher(options.patterns ?? DEFAULT_FIX_PATTERNS);
  const maxFiles = options.maxFiles ?? SZZ_MAX_FILES;
  const fixes = new Map<string, string>();
  const skipped: { sha: string; reason: string }[] = [];
  for await (const commit of readLog(repo.root, { revArgs: resolved.revArgs })) {
    const match = matcher(commit.message);
    if (!match.fix) continue;
    if (commit.parents.length !== 1) skipped.push({ sha: commit.sha, reason: commit.parents.length === 0 ? 'a root commit: nothing before it to blame' : 'a merge commit' });
    else if (commit.files.length > maxFiles) skipped.push({ sha: commit.sha, reason: `touches ${commit.files.length} files (more than ${maxFiles})` });
    else fixes.set(commit.sha, match.evidence!);
  }

  const deletions = await readDeletedLines(repo.root, [...fixes.keys()]);
  const jobs = deletions.flatMap((commit) =>
    commit.files
      .map((file) => ({ fix: commit.sha, parent: commit.parents[0]!, path: file.path, lines: file.deleted.filter((line) => isMeaningfulLine(file.path, line.text)).map((line) => line.line) }))
      .filter((job) => job.lines.length > 0),
  );
  const labels = new Map<string, BugIntroducingLabel>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const owners = await blameLines(repo.root, job.parent, job.path, job.lines);
      const linesBySha = new Map<string, number[]>();
      for (const line of job.lines) {
        const sha = owners.get(line);
        if (sha === undefined) continue;
        linesBySha.set(sha, [...(linesBySha.get(sha) ?? []), line]);
      }
      for (const [sha, lines] of linesBySha) {
        const key = `${sha} ${job.fix} ${job.path}`;
        if (!labels.has(key)) labels.set(key, { sha, fix: job.fix, method: 'szz', evidence: { fixEvidence: fixes.get(job.fix)!, file: job.path, lines } });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, jobs.length) }, worker));
  const ordered = [...labels.values()].sort((a, b) => a.fix.localeCompare(b.fix) || a.evidence.file.localeCompare(b.evidence.file) || a.sha.localeCompare(b.sha));
  return { fixes: fixes.size, skipped, labels: ordered };
}
