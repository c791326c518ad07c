import type { Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { readHistory } from '../../provenance/history.js';
import { summarize } from '../../provenance/summary.js';
import { catalogFor, loadConfig } from '../config.js';
import { warn, type Io } from '../io.js';
import { progressBar } from '../progress.js';
import { scanFormats, scanReporters, type ScanFormat, type ScanReport } from '../reporters/scan.js';
import { formatOption, repoOption, type CommonOptions } from './options.js';

export interface ScanOptions extends CommonOptions {
  readonly range?: string;
  readonly minConfidence?: 'low' | 'medium' | 'high';
}

/** The whole job of `blastwall scan`, callable in-process: returns the report, prints nothing. */
export async function scan(options: ScanOptions, onProgress?: Parameters<typeof readHistory>[1]['onProgress']): Promise<ScanReport> {
  const repo = await openRepository(options.repo);
  const config = loadConfig(repo.root, options.config);
  const history = await readHistory(repo, {
    catalog: catalogFor(config),
    ...(options.range !== undefined && { range: options.range }),
    minConfidence: options.minConfidence ?? config.provenance.minConfidence,
    notesRefs: options.notes ?? config.provenance.notes,
    onProgress,
    countFirst: onProgress !== undefined,
  });
  return { history, summary: summarize(history.range, history.commits) };
}

export function registerScan(program: Command, io: Io): void {
  repoOption(
    formatOption(
      program
        .command('scan')
        .description('attribute every commit of a range to AI tools or people, and summarise by tool, month and folder')
        .argument('[range]', 'a revision range such as main..feature, or one revision (default: HEAD)'),
      scanFormats,
    ),
    io,
  )
    .option('--min-confidence <level>', 'least confidence for a commit to count as AI: low, medium or high')
    .action(async (range: string | undefined, options: ScanOptions & { format: ScanFormat }) => {
      const bar = io.stderrIsTTY ? progressBar() : undefined;
      const report = await scan({ ...options, ...(range !== undefined && { range }) }, bar?.onProgress);
      bar?.done();
      warn(io, report.history.warnings);
      io.stdout(scanReporters[options.format](report));
    });
}
