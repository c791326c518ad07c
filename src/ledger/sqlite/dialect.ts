import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type DialectAdapter, type SqliteDialectConfig } from 'kysely';
import type { LedgerDialect } from '../dialect.js';

export const sqliteLedger: LedgerDialect = { name: 'sqlite', idType: 'integer' };

/**
 * Kysely's SQLite dialect with two changes that make it behave as Postgres does for the ledger:
 * - transactions begin IMMEDIATE: they take the write lock first, waiting for another process's
 *   writer (busy_timeout), instead of failing half-way when a read must become a write after another
 *   process has written (SQLITE_BUSY_SNAPSHOT, which no timeout retries);
 * - DDL is transactional (SQLite's is), so that the migrator runs a whole migration run in one
 *   immediate transaction: two processes opening a new ledger at once migrate it once, and a failed
 *   step leaves no half-made table behind.
 */
export class LedgerSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class ImmediateDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
