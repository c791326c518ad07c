import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Argument, type Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { IMPORT_KINDS, importers, type ImportKind } from '../../ledger/importers/index.js';
import { importRecords, type ImportSummary } from '../../ledger/incidents-in.js';
import { UserError } from '../../shared/errors.js';
import { warn, type Io } from '../io.js';
import { databaseOption, repositoryName, withLedger, type LedgerOptions } from '../ledger.js';
import { formatOption } from './options.js';

export interface ImportCommandOptions extends LedgerOptions {
  readonly repo: string;
  readonly name?: string;
  readonly defaultService?: string;
}

/** The job of `blastwall import`, callable in-process: the file's records into the ledger, all or nothing. */
export async function importFile(kind: ImportKind, file: string, options: ImportCommandOptions, cwd: string): Promise<ImportSummary> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError(`cannot read ${file}: ${reason}`, 'nothing was imported');
  }
  const records = importers[kind](text, file, options.defaultService === undefined ? {} : { defaultService: options.defaultService });
  const repo = await openRepository(options.repo);
  return withLedger(repo.root, options, (store) => importRecords(repo, store, repositoryName(repo.root, options.name), records));
}

const counted = (count: { total: number; created: number }, word: string): string =>
  `${count.total} ${word}${count.total === 1 ? '' : 's'}${count.total === 0 ? '' : ` (${count.created} new)`}`;

export function importText(kind: ImportKind, file: string, summary: ImportSummary): string {
  const links = summary.rootCauses.total === 0 ? '' : `, ${counted(summary.rootCauses, 'root-cause link')}`;
  return `imported ${kind} ${file}: ${counted(summary.incidents, 'incident')}, ${counted(summary.deployments, 'deployment')}${links}\n`;
}

export function registerImport(program: Command, io: Io): void {
  databaseOption(formatOption(program.command('import').description('deployments and incidents from a file into the ledger, whole or not at all (docs/import.md)'), ['text', 'json']))
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the file to read')
    .option('--default-service <name>', 'the service of GitHub deployments whose payload names none')
    .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
    .option('--repo <path>', 'the git repository the deployments and root causes belong to', io.cwd)
    .action(async (kind: ImportKind, file: string, options: ImportCommandOptions & { format: 'text' | 'json' }) => {
      const summary = await importFile(kind, file, options, io.cwd);
      warn(io, summary.warnings);
      io.stdout(options.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : importText(kind, file, summary));
    });
}
