import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LEDGER_FOLDER = '.blastwall';
export const LEDGER_FILE = 'blastwall.db';

/** The SQLite ledger's file: `<root>/.blastwall/blastwall.db`, or a path taken from the repository root. */
export const sqlitePath = (root: string, path: string | undefined): string => resolve(root, path ?? join(LEDGER_FOLDER, LEDGER_FILE));

export const sqliteFileExists = (root: string, path: string | undefined): boolean => existsSync(sqlitePath(root, path));
