import type { LedgerDialect } from '../dialect.js';

/** Kysely's own Postgres dialect needs no change for the ledger; only the schema that holds it is told. */
export const postgresLedger = (schema: string): LedgerDialect => ({ name: 'postgres', idType: 'serial', schema });
