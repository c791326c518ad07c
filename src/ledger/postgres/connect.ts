import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { UserError } from '../../shared/errors.js';
import { migrate, type LedgerConnection } from '../migrations.js';
import type { Database } from '../schema.js';
import { postgresLedger } from './dialect.js';

/** An unreachable host fails after this long instead of the operating system's minutes. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Plain names only: the schema goes into `search_path` and `create schema` unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database`. */
  readonly url: string;
  /** A schema of its own, created when absent, so that several ledgers (or test runs) can share one database. */
  readonly schema?: string | undefined;
}

/** The URL as it may be shown: without its password. */
export const redactUrl = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^@/]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');

/** Opens a pool on the database and migrates the ledger in it. */
export async function connectPostgres(options: PostgresOptions): Promise<LedgerConnection> {
  const shown = redactUrl(options.url);
  if (!URL.canParse(options.url)) throw new UserError(`the database URL ${shown} is not a valid URL`, 'write it as postgres://user:password@host:5432/database');
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new UserError(`"${options.schema}" is not a schema name the ledger accepts`, 'use lower-case letters, digits and underscores, not starting with a digit');
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'blastwall',
    ...(options.schema !== undefined && { options: `-c search_path=${options.schema}` }),
  });
  // An idle client whose server goes away reports here; unheard, that would end the process. The next query fails instead.
  pool.on('error', () => undefined);
  let schema: string;
  try {
    schema = await prepareSchema(pool, options.schema);
  } catch (error) {
    await pool.end();
    throw new UserError(`cannot open the ledger database ${shown}: ${reason(error)}`, 'check that PostgreSQL runs there and accepts this user and database (--database or BLASTWALL_DATABASE_URL)');
  }
  const dialect = postgresLedger(schema);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    return { db, dialect, migrations: await migrate(db, dialect) };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Creates the schema asked for, and names the one the ledger's tables go to. */
async function prepareSchema(pool: pg.Pool, wanted: string | undefined): Promise<string> {
  const client = await pool.connect();
  try {
    if (wanted !== undefined) {
      try {
        await client.query(`create schema if not exists ${wanted}`);
      } catch (error) {
        // Two processes creating it at once: `if not exists` does not stop the loser's unique violation.
        if ((error as { code?: string }).code !== '23505') throw error;
      }
    }
    const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
    const current = rows[0]?.schema;
    if (current === null || current === undefined) throw new Error('no schema of the search_path exists to hold the ledger');
    return current;
  } finally {
    client.release();
  }
}

/** Node reports a refused connection to a name with two addresses as an AggregateError without a message. */
function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(reason).join('; ');
  if (error instanceof Error) return error.message || ((error as NodeJS.ErrnoException).code ?? error.name);
  return String(error);
}
