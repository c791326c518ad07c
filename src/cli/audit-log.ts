import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, AuditInput } from '../ledger/audit/chain.js';
import { verifyChain } from '../ledger/audit/chain.js';
import { isTracked } from '../git/ls-files.js';
import { AUDIT_FILE, readAuditLog } from '../ledger/audit/file-log.js';
import type { ChangeRecord } from '../ledger/records.js';
import type { Store } from '../ledger/store.js';
import type { Override, SignOff } from '../policy/decision.js';
import { UserError } from '../shared/errors.js';
import { hasLedger, withLedger, type LedgerOptions } from './ledger.js';

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

/**
 * A legacy log that git tracks came with a commit, not from this machine's gate: its entries (a
 * chain anyone can compute) could carry sign-offs for other changes into a team's ledger.
 */
async function refuseTrackedLog(root: string): Promise<void> {
  if (hasLegacyLog(root) && (await isTracked(root, AUDIT_FILE))) {
    throw new UserError(`${AUDIT_FILE} is tracked by git: a log that a commit can bring is neither read nor moved into the ledger`, `remove it from git: git rm --cached ${AUDIT_FILE}`);
  }
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

export async function appendGateAudit(root: string, ledger: LedgerOptions, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
  // Before the ledger is opened (and so, for SQLite, made): a refused run writes nothing.
  await refuseTrackedLog(root);
  return withLedger(root, ledger, async (store) => {
    await moveLegacyLog(root, store);
    return store.appendAudit(inputs);
  });
}

/**
 * A decision as the ledger keeps it: the change with its latest verdict, the sign-offs and the
 * override that counted, and the audit entry, all in one transaction.
 */
export async function recordGateDecision(
  root: string,
  ledger: LedgerOptions,
  decision: { readonly change: ChangeRecord; readonly signOffs: readonly SignOff[]; readonly override: Override | undefined; readonly audit: AuditInput },
): Promise<AuditEntry[]> {
  await refuseTrackedLog(root);
  return withLedger(root, ledger, async (store) => {
    await moveLegacyLog(root, store);
    return store.transaction(async (tx) => {
      const { id } = await tx.recordChange(decision.change);
      for (const signOff of decision.signOffs) await tx.recordSignOff(id, signOff);
      if (decision.override) await tx.recordOverride(id, decision.override);
      return tx.appendAudit([decision.audit]);
    });
  });
}

export async function readGateAudit(root: string, ledger: LedgerOptions): Promise<AuditEntry[]> {
  await refuseTrackedLog(root);
  if (hasLegacyLog(root)) return readAuditLog(root).entries;
  // No ledger yet: nothing recorded, and reading does not create one.
  if (!hasLedger(root, ledger)) return [];
  return withLedger(root, ledger, (store) => store.readAudit());
}
