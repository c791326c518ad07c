import type { Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { ingestHistory, type IngestResult } from '../../ledger/ingest.js';
import type { OnProgress } from '../../shared/progress.js';
import { UserError } from '../../shared/errors.js';
import { catalogFor, loadConfig } from '../config.js';
import { warn, type Io } from '../io.js';
import { databaseOption, repositoryName, withLedger, type LedgerOptions } from '../ledger.js';
import { progressBar } from '../progress.js';
import { formatOption, repoOption, type CommonOptions } from './options.js';

export interface IngestCommandOptions extends CommonOptions, LedgerOptions {
  readonly name?: string;
  readonly szz?: boolean;
  readonly batchSize?: number;
  readonly verbose?: boolean;
}

export async function ingest(range: string | undefined, options: IngestCommandOptions, onProgress?: OnProgress): Promise<IngestResult> {
  const repo = await openRepository(options.repo);
  const config = loadConfig(repo.root, options.config);
  return withLedger(repo.root, options, (store) =>
    ingestHistory(repo, store, {
      name: repositoryName(repo.root, options.name),
      catalog: catalogFor(config),
      ...(range !== undefined && { range }),
      minConfidence: config.provenance.minConfidence,
      notesRefs: options.notes ?? config.provenance.notes,
      ...(options.szz && { szz: { patterns: { keywords: config.history.fixKeywords, issue: config.history.issuePattern }, maxFiles: config.history.szzMaxFiles } }),
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(onProgress && { onProgress }),
    }),
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function ingestText(result: IngestResult): string {
  const { commits, labels } = result;
  const filled = result.filledFiles ? `; the whole history was read again for the files of commits stored before the ledger kept them: ${plural(commits.files, 'commit file')} stored` : '';
  return `ingested ${result.repository} ${result.range}: ${plural(commits.inserted, 'new commit')}, ${commits.present.toLocaleString('en-US')} already stored${filled}; labels: ${labels.reverted} reverted, ${labels.bugIntroducing} bug-introducing\n`;
}

export function registerIngest(program: Command, io: Io): void {
  databaseOption(
    repoOption(formatOption(program.command('ingest').description("the repository's history with its AI provenance into the ledger; only new commits the second time").argument('[range]', 'A..B or a revision (default: what is new since the last ingest)'), ['text', 'json']), io),
  )
    .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
    .option('--szz', 'also label bug-introducing commits (SZZ: blames the lines each fix changed)')
    .option('--batch-size <n>', 'commits per insert', (value) => {
      if (!/^[1-9]\d*$/.test(value)) throw new UserError(`--batch-size takes a positive integer, not "${value}"`);
      return Number(value);
    })
    .option('--verbose', 'a line on stderr for every batch stored')
    .action(async (range: string | undefined, options: IngestCommandOptions & { format: 'text' | 'json' }) => {
      const bar = io.stderrIsTTY && !options.verbose ? progressBar() : undefined;
      const lines: OnProgress | undefined = options.verbose ? (event) => event.unit === 'commits stored' && io.stderr(`stored ${event.done}/${event.total ?? '?'} commits\n`) : undefined;
      const result = await ingest(range, options, lines ?? bar?.onProgress);
      bar?.done();
      warn(io, result.warnings);
      io.stdout(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : ingestText(result));
    });
}
