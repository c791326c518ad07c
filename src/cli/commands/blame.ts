import { Option, type Command } from 'commander';
import type { BlameDetection } from '../../git/blame.js';
import { openRepository } from '../../git/repository.js';
import { blameRange, type BlameResult } from '../../provenance/blame.js';
import { UserError } from '../../shared/errors.js';
import type { OnProgress } from '../../shared/progress.js';
import { catalogFor, loadConfig } from '../config.js';
import { warn, type Io } from '../io.js';
import { progressBar } from '../progress.js';
import { blameFormats, blameReporters, type BlameFormat } from '../reporters/blame.js';
import { formatOption, repoOption, type CommonOptions } from './options.js';

export interface BlameCommandOptions extends CommonOptions {
  readonly range?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly detection?: BlameDetection;
  readonly minConfidence?: 'low' | 'medium' | 'high';
  readonly jobs?: number;
}

export async function blame(paths: readonly string[], options: BlameCommandOptions, onProgress?: OnProgress): Promise<BlameResult> {
  const repo = await openRepository(options.repo);
  const config = loadConfig(repo.root, options.config);
  return blameRange(repo, {
    catalog: catalogFor(config),
    paths,
    ...(options.range !== undefined && { range: options.range }),
    ...(options.include !== undefined && { include: options.include }),
    ...(options.exclude !== undefined && { exclude: options.exclude }),
    ...(options.detection !== undefined && { detection: options.detection }),
    ...(options.jobs !== undefined && { concurrency: options.jobs }),
    minConfidence: options.minConfidence ?? config.provenance.minConfidence,
    notesRefs: options.notes ?? config.provenance.notes,
    ...(onProgress !== undefined && { onProgress }),
  });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `-M`, `-M50`: move detection with an optional score, as git blame takes it. */
function parseScore(flag: string, value: string | true): number | true {
  if (value === true) return true;
  if (!/^\d+$/.test(value)) throw new UserError(`${flag} takes an optional number (a similarity score), not "${value}"`, `e.g. ${flag}40`);
  return Number(value);
}

/** `-C`, `-C -C`, `-CC`, `-C50`: each -C widens copy detection, as in git blame. */
function addCopy(value: string, previous: { times: number; score?: number } | undefined): { times: number; score?: number } {
  const times = (previous?.times ?? 0) + 1;
  const extra = /^(C*)(\d*)$/.exec(value);
  if (!extra) throw new UserError(`-C takes an optional number (a similarity score), not "${value}"`, 'e.g. -C40 or -C -C');
  return { times: times + extra[1]!.length, ...(extra[2] ? { score: Number(extra[2]) } : previous?.score !== undefined ? { score: previous.score } : {}) };
}

export function registerBlame(program: Command, io: Io): void {
  repoOption(
    formatOption(
      program
        .command('blame')
        .description('attribute every line of the files at the end of a range to the commit that wrote it, then to AI or a person')
        .argument('[paths...]', 'limit to these paths (git pathspecs)'),
      blameFormats,
    ),
    io,
  )
    .option('--range <range>', 'A..B: only lines written after A (default: all history of HEAD)')
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect)
    .option('-M [score]', 'detect lines moved within a file, as git blame -M')
    // preset('') makes commander call addCopy for a bare -C too, so repeated flags are counted.
    .addOption(new Option('-C [score]', 'detect lines moved or copied from other files, as git blame -C (repeat for more)').preset('').argParser(addCopy))
    .option('--jobs <n>', 'git blame processes in parallel (default: one per core)', (v) => {
      if (!/^[1-9]\d*$/.test(v)) throw new UserError(`--jobs takes a positive integer, not "${v}"`);
      return Number(v);
    })
    .option('--min-confidence <level>', 'least confidence for a commit to count as AI: low, medium or high')
    .action(async (paths: string[], raw: BlameCommandOptions & { format: BlameFormat; M?: string | true; C?: { times: number; score?: number } }) => {
      const detection: BlameDetection = {
        ...(raw.M !== undefined && { move: parseScore('-M', raw.M) }),
        ...(raw.C !== undefined && { copy: raw.C }),
      };
      const bar = io.stderrIsTTY ? progressBar() : undefined;
      const result = await blame(paths, { ...raw, detection }, bar?.onProgress);
      bar?.done();
      warn(io, result.warnings);
      io.stdout(blameReporters[raw.format](result));
    });
}
