import type { Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import type { RadiusReport } from '../../radius/analyze.js';
import { warmGraphOf } from '../../radius/warm-graph.js';
import { UserError } from '../../shared/errors.js';
import type { OnProgress } from '../../shared/progress.js';
import { warn, type Io } from '../io.js';
import { progressBar } from '../progress.js';
import { radiusFormats, radiusReporters, type RadiusFormat } from '../reporters/radius.js';
import { formatOption, repoOption, type CommonOptions } from './options.js';

export interface RadiusCommandOptions extends CommonOptions {
  readonly base?: string;
  readonly head?: string;
  readonly staged?: boolean;
  readonly depth?: number;
  readonly cache?: boolean;
  readonly history?: boolean;
}

/** The job of `blastwall radius`, callable in-process. */
export async function radius(files: readonly string[], options: RadiusCommandOptions, onProgress?: OnProgress): Promise<RadiusReport> {
  const repo = await openRepository(options.repo);
  // The work tree's graph (the one judged without --head) starts while blastwall.yml is parsed.
  const graph = options.head === undefined ? warmGraphOf(repo, { ...(options.cache === false && { cache: false }), ...(onProgress && { onProgress }) }) : undefined;
  // Loaded once git is at work (see warm-graph.ts).
  const [{ loadConfig }, { analyzeRadius }] = await Promise.all([import('../config.js'), import('../../radius/analyze.js')]);
  const config = loadConfig(repo.root, options.config);
  return analyzeRadius(repo, {
    ...(graph && { graph }),
    config: { ...config, radius: { ...config.radius, history: options.history === false ? false : config.radius.history } },
    files,
    ...(options.base !== undefined && { base: options.base }),
    ...(options.head !== undefined && { head: options.head }),
    ...(options.staged && { staged: true }),
    ...(options.depth !== undefined && { depth: options.depth }),
    ...(options.cache === false && { cache: false }),
    ...(onProgress && { onProgress }),
  });
}

export function registerRadius(program: Command, io: Io): void {
  repoOption(
    formatOption(
      program
        .command('radius')
        .description('what a change can break: dependent files, packages, services, owners and critical zones, with the import chain that explains each')
        .argument('[files...]', 'judge these files instead of a diff'),
      radiusFormats,
    ),
    io,
  )
    .option('--base <ref>', 'compare from this revision (default: the merge base with the default branch)')
    .option('--head <ref>', 'compare to this revision (default: the work tree); one that is not checked out is read from a side work tree, .blastwall/worktree')
    .option('--staged', 'compare the staged changes (the index) instead of the work tree')
    .option('--depth <n>', 'follow at most this many import hops', (value) => {
      if (!/^[1-9]\d*$/.test(value)) throw new UserError(`--depth takes a positive integer, not "${value}"`);
      return Number(value);
    })
    .option('--no-cache', 'do not read or write .blastwall/cache')
    .option('--no-history', 'leave out co-change coupling from history')
    .action(async (files: string[], options: RadiusCommandOptions & { format: RadiusFormat }) => {
      if (options.staged && options.head !== undefined) throw new UserError('--staged and --head cannot be used together', 'use --staged for the index, or --head for a commit');
      const bar = io.stderrIsTTY ? progressBar() : undefined;
      const report = await radius(files, options, bar?.onProgress);
      bar?.done();
      warn(io, report.warnings);
      io.stdout(radiusReporters[options.format](report));
    });
}
