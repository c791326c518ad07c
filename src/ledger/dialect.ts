/**
 * What the ledger's core needs to know about a backend that kysely's query builder does not hide.
 * Each backend folder (`sqlite/`, `postgres/`) provides one; the core imports no driver.
 */
export interface LedgerDialect {
  /** For messages. */
  readonly name: 'sqlite' | 'postgres';
  /** An auto-numbered integer primary key: SQLite numbers an `integer primary key` by itself, Postgres needs `serial`. */
  readonly idType: 'integer' | 'serial';
  /**
   * The Postgres schema that holds the ledger. Kysely's migrator looks for its table in every
   * schema unless told which one, and would take another schema's ledger for this one.
   */
  readonly schema?: string;
}
