import type { Kysely } from 'kysely';
import { chainEntry, type AuditEntry, type AuditInput } from './audit/chain.js';
import { AUDIT_LOCK } from './migrations.js';
import { auditFromRow, auditRow, chunks } from './rows.js';
import type { Database } from './schema.js';

/**
 * The audit chain of audit/chain.ts in the `audit_log` table. Call inside a transaction: the lock
 * is held until it ends.
 *
 * Writing the lock row first queues writers: on Postgres the row lock is held to commit (and the
 * next statement then sees the entries of the writer before), on SQLite the write lock is. Reading
 * the last entry FOR UPDATE would not do: on an empty log there is no row to lock, and a waiter
 * would get back the row it waited for, not the entries chained after it.
 */
export async function appendToChain(db: Kysely<Database>, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
  const locked = await db.updateTable('ledger_locks').set({ taken_at: new Date().toISOString() }).where('name', '=', AUDIT_LOCK).executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) throw new Error(`the ledger has no "${AUDIT_LOCK}" lock row: its migrations did not run`);
  const last = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let previous = last === undefined ? undefined : auditFromRow(last);
  const entries: AuditEntry[] = [];
  for (const input of inputs) {
    previous = chainEntry(previous, input);
    entries.push(previous);
  }
  for (const batch of chunks(entries)) await db.insertInto('audit_log').values(batch.map(auditRow)).execute();
  return entries;
}

/** The whole log in seq order. */
export async function readChain(db: Kysely<Database>): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  return rows.map(auditFromRow);
}
