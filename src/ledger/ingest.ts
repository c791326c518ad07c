import { resolveCommit, type Repository as GitRepository } from '../git/repository.js';
import { findReverts } from '../history/reverts.js';
import { findBugIntroducing, type SzzOptions } from '../history/szz.js';
import type { Catalog } from '../provenance/catalog.js';
import { readHistory } from '../provenance/history.js';
import type { Confidence } from '../provenance/markers.js';
import type { OnProgress } from '../shared/progress.js';
import { commitRecord, type ImportCounts } from './records.js';
import type { Store } from './store.js';

export interface IngestOptions {
  /** The repository's name in the ledger (its natural key). */
  readonly name: string;
  readonly catalog: Catalog;
  /** A range to ingest; by default everything new since the last ingest (HEAD's whole history the first time). */
  readonly range?: string;
  readonly minConfidence?: Confidence;
  readonly notesRefs?: readonly string[];
  /** Also label bug-introducing commits by SZZ (slower: it blames the lines each fix changed). */
  readonly szz?: boolean | SzzOptions;
  /** Commits per insert batch. */
  readonly batchSize?: number;
  readonly onProgress?: OnProgress;
}

export interface IngestResult {
  readonly repository: string;
  readonly range: string;
  /** `files`: the commit files stored, of new commits and of stored ones that lacked them. */
  readonly commits: ImportCounts;
  /**
   * The ledger held commits of this repository without the files they changed (stored before it kept
   * them): this run read HEAD's whole history to fill them, whatever was new since the last ingest.
   */
  readonly filledFiles: boolean;
  readonly labels: { readonly reverted: number; readonly bugIntroducing: number };
  readonly warnings: readonly string[];
}

/** Only messages that may name another commit are kept whole: reverts and backouts. */
const MAY_NAME_A_COMMIT = /\brevert|\bback(?:s|ed)? out|\broll(?:s|ed)? back|\bundo/i;

/**
 * The repository's history with its provenance into the ledger: one streamed `git log`, then every
 * insert in ONE transaction, so that a crash half-way leaves nothing written and a rerun completes
 * it. The second time, only commits that are not ancestors of the newest one stored are read;
 * unless some stored commits lack the files they changed (see Store.missingFiles): then the whole
 * history is read again, once, and importCommits fills them.
 */
export async function ingestHistory(repo: GitRepository, store: Store, options: IngestOptions): Promise<IngestResult> {
  // An explicit range fills only its own commits' files: the mark stays for a run over the whole history.
  const fill = options.range === undefined && (await store.missingFiles(options.name));
  const range = options.range ?? (fill ? undefined : await sinceLastIngest(repo, store, options.name));
  const history = await readHistory(repo, {
    catalog: options.catalog,
    ...(range !== undefined && { range }),
    ...(options.minConfidence && { minConfidence: options.minConfidence }),
    ...(options.notesRefs && { notesRefs: options.notesRefs }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    keepMessage: (message) => MAY_NAME_A_COMMIT.test(message),
  });
  const reverts = findReverts(history.commits.map((commit) => ({ sha: commit.sha, message: commit.message ?? commit.subject })));
  const szz = options.szz ? await findBugIntroducing(repo, { ...(typeof options.szz === 'object' ? options.szz : {}), ...(range !== undefined && { range }) }) : undefined;

  // Parents before children: were the batches ever split into several transactions, a stored
  // prefix would still hold every ancestor of what it holds.
  const records = history.commits.map(commitRecord).reverse();
  const batchSize = options.batchSize ?? 5000;
  const result = await store.transaction(async (ledger) => {
    let inserted = 0;
    let present = 0;
    let files = 0;
    for (let start = 0; start < records.length; start += batchSize) {
      const counts = await ledger.importCommits(options.name, records.slice(start, start + batchSize));
      inserted += counts.inserted;
      present += counts.present;
      files += counts.files;
      options.onProgress?.({ unit: 'commits stored', done: Math.min(start + batchSize, records.length), total: records.length });
    }
    // Commits that HEAD does not reach (a rewritten history) keep no files: nothing left to read them from.
    if (fill) await ledger.filesFilled(options.name);
    let reverted = 0;
    for (const label of reverts) {
      if ((await ledger.labelCommit({ repository: options.name, sha: label.reverted, label: 'reverted', method: label.method, evidence: `${label.by}: ${label.evidence}` })).created) reverted++;
    }
    let bugIntroducing = 0;
    for (const label of szz?.labels ?? []) {
      const evidence = `fix ${label.fix} (${label.evidence.fixEvidence}) changed ${label.evidence.file} lines ${label.evidence.lines.join(', ')}`;
      if ((await ledger.labelCommit({ repository: options.name, sha: label.sha, label: 'bug-introducing', method: 'szz', evidence })).created) bugIntroducing++;
    }
    return { commits: { inserted, present, files }, labels: { reverted, bugIntroducing } };
  });
  return { repository: options.name, range: range ?? history.range, ...result, filledFiles: fill, warnings: history.warnings };
}

/** `<newest stored>..HEAD`, or undefined (everything) the first time. */
async function sinceLastIngest(repo: GitRepository, store: Store, name: string): Promise<string | undefined> {
  const last = await store.lastCommit(name);
  if (last === undefined) return undefined;
  try {
    await resolveCommit(repo, last.sha);
  } catch {
    // History was rewritten since: read it all again (what is stored stays, by its natural keys).
    return undefined;
  }
  return `${last.sha}..HEAD`;
}
