import { basename } from 'node:path';
import type { Command } from 'commander';
import { ledgerMayExist, openStore } from '../ledger/open.js';
import type { Store } from '../ledger/store.js';

export interface LedgerOptions {
  readonly database?: string;
}

/** `--database`: the ledger's URL; the environment's BLASTWALL_DATABASE_URL when absent; else .blastwall/blastwall.db. */
export function databaseOption(command: Command): Command {
  return command.option('--database <url>', 'the ledger: postgres://... or sqlite:<path> (default: $BLASTWALL_DATABASE_URL, else .blastwall/blastwall.db)');
}

export function openLedger(root: string, options: LedgerOptions, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openStore({ root, database: options.database ?? env.BLASTWALL_DATABASE_URL });
}

/** Whether there may be a ledger to read (see ledgerMayExist). */
export const hasLedger = (root: string, options: LedgerOptions, env: NodeJS.ProcessEnv = process.env): boolean =>
  ledgerMayExist({ root, database: options.database ?? env.BLASTWALL_DATABASE_URL });

/** Runs `work` with the ledger open, and closes it whatever happens. */
export async function withLedger<T>(root: string, options: LedgerOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openLedger(root, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The repository's name in the ledger: `--name`, else its folder's name. */
export const repositoryName = (root: string, name?: string): string => name ?? basename(root);
