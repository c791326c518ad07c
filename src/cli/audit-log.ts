import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, AuditInput } from '../ledger/audit/chain.js';
import { verifyChain } from '../ledger/audit/chain.js';
import { AUDIT_FILE, readAuditLog } from '../ledger/audit/file-log.js';
import type { Store } from '../ledger/store.js';
import { UserError } from '../shared/errors.js';
import { withLedger, type LedgerOptions } from './ledger.js';

/**
 * The gate's audit log lives in the ledger (SQLite by default, a team's Postgres with
 * --database), with the same hash chain as the local file it replaced. A repository that still
 * has `.blastwall/audit.jsonl` gets it moved on the next write: verified first (a broken file
 * is never laundered into a fresh chain), appended in order, then renamed aside.
 */
export const LEGACY_SUFFIX = '.moved-to-ledger';

export function hasLegacyLog(root: string): boolean {
  return existsSync(join(root, AUDIT_FILE));
}

async function moveLegacyLog(root: string, store: Store): Promise<void> {
  if (!hasLegacyLog(root)) return;
  const log = readAuditLog(root);
  const verification = verifyChain(log.raw);
  if (!verification.ok) {
    throw new UserError(`${AUDIT_FILE} does not verify (${verification.problems[0]!.message}), so it is not moved into the ledger`, 'run `blastwall audit verify` and settle the log before the gate writes again');
  }
  await store.appendAudit(log.entries.map(({ kind, at, actor, head, change, data }) => ({ kind, at, actor, head, change, data })));
  renameSync(join(root, AUDIT_FILE), join(root, `${AUDIT_FILE}${LEGACY_SUFFIX}`));
}

export function appendGateAudit(root: string, ledger: LedgerOptions, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
  return withLedger(root, ledger, async (store) => {
    await moveLegacyLog(root, store);
    return store.appendAudit(inputs);
  });
}

export function readGateAudit(root: string, ledger: LedgerOptions): Promise<AuditEntry[]> {
  if (hasLegacyLog(root)) return Promise.resolve(readAuditLog(root).entries);
  return withLedger(root, ledger, (store) => store.readAudit());
}
