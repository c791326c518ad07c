import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Kysely } from 'kysely';
import { UserError } from '../../shared/errors.js';
import { LEDGER_FOLDER, sqlitePath } from '../location.js';
import { migrate, type LedgerConnection } from '../migrations.js';
import type { Database as Tables } from '../schema.js';
import { LedgerSqliteDialect, sqliteLedger } from './dialect.js';

export { LEDGER_FILE, LEDGER_FOLDER } from '../location.js';

/** How long a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5_000;

export interface SqliteOptions {
  /** The repository root: the default file is `<root>/.blastwall/blastwall.db`, and a relative path is taken from here. */
  readonly root: string;
  readonly path?: string | undefined;
}

/** Opens (creating if needed) and migrates an SQLite ledger. */
export async function connectSqlite(options: SqliteOptions): Promise<LedgerConnection> {
  const path = sqlitePath(options.root, options.path);
  const database = openFile(options.root, path);
  const db = new Kysely<Tables>({ dialect: new LedgerSqliteDialect({ database }) });
  try {
    return { db, dialect: sqliteLedger, migrations: await migrate(db, sqliteLedger) };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function openFile(root: string, path: string): Database.Database {
  let database: Database.Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // `.blastwall/` is local state: keep it out of `git status` where nobody listed it in .gitignore.
    if (dirname(path) === resolve(root, LEDGER_FOLDER)) ignoreFolder(dirname(path));
    database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // WAL: readers do not wait for the writer, and a commit is one append. NORMAL is safe with WAL
    // (a power cut may lose the last commits, never corrupt the file) and keeps ingest fast.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`cannot open the ledger database ${path}: ${reason}`, 'check that the path is a writable folder and any file there is a blastwall SQLite database');
  }
}

function ignoreFolder(folder: string): void {
  try {
    writeFileSync(join(folder, '.gitignore'), '*\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
