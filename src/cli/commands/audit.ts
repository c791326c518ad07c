import type { Command } from 'commander';
import { openRepository, resolveCommit } from '../../git/repository.js';
import { isAuditEntry, verifyChain, type AuditEntry, type AuditProblemKind, type ChainVerification } from '../../ledger/audit/chain.js';
import { AUDIT_FILE, readAuditLog } from '../../ledger/audit/file-log.js';
import { UserError } from '../../shared/errors.js';
import { EXIT, type ExitState } from '../exit.js';
import { warn, type Io } from '../io.js';
import { textTable } from '../reporters/table.js';
import { hasLegacyLog, readGateAudit } from '../audit-log.js';
import { databaseOption } from '../ledger.js';
import { formatOption } from './options.js';

export const auditFormats = ['text', 'json'] as const;
export type AuditFormat = (typeof auditFormats)[number];

export interface AuditVerifyOptions {
  readonly repo: string;
  readonly database?: string;
  /** A hash published earlier: the log must still hold that entry (catches a cut tail). */
  readonly pin?: string;
}

export interface AuditShowOptions {
  readonly repo: string;
  readonly database?: string;
  /** Only entries about this head commit: a revision, or a commit id or its prefix. */
  readonly head?: string;
}

/** The job of `blastwall audit verify`, callable in-process. */
export async function auditVerify(options: AuditVerifyOptions): Promise<ChainVerification & { readonly where: string }> {
  const repo = await openRepository(options.repo);
  const pin = options.pin === undefined ? {} : { pinned: options.pin };
  // A log not yet moved into the ledger is verified where it is (the move verifies it too).
  if (hasLegacyLog(repo.root)) return { ...verifyChain(readAuditLog(repo.root).raw, pin), where: AUDIT_FILE };
  return { ...verifyChain(await readGateAudit(repo.root, options), pin), where: 'in the ledger' };
}

/** The job of `blastwall audit show`: the entries, with the verification so that a broken log is not shown as if sound. */
export async function auditShow(options: AuditShowOptions): Promise<{ entries: AuditEntry[]; verification: ChainVerification }> {
  const repo = await openRepository(options.repo);
  const raw: unknown[] = hasLegacyLog(repo.root) ? readAuditLog(repo.root).raw : await readGateAudit(repo.root, options);
  const entries = raw.filter(isAuditEntry);
  const head = options.head === undefined ? undefined : /^[0-9a-f]{4,64}$/.test(options.head) ? options.head : await resolveCommit(repo, options.head);
  return {
    entries: head === undefined ? entries : entries.filter((entry) => entry.head.startsWith(head)),
    verification: verifyChain(raw),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const entryCount = (n: number): string => (n === 1 ? '1 entry' : `${n} entries`);
const short = (hash: string): string => hash.slice(0, 12);
const problemOrder: readonly AuditProblemKind[] = ['edited', 'removed', 'reordered', 'duplicated', 'malformed'];

export function verifyText(result: ChainVerification, where: string = AUDIT_FILE): string {
  const log = `audit log ${where}`;
  if (result.ok && result.entries === 0) return `${log}: no entries\n`;
  if (result.ok) return `${log}: ${entryCount(result.entries)}, chain intact (head ${short(result.head ?? '')})\n`;
  const counts = problemOrder
    .map((kind) => [kind, result.problems.filter((p) => p.problem === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`);
  const lines = [...result.problems.map((p) => p.message), `${log}: ${entryCount(result.entries)}, chain broken: ${counts.join(', ')}`];
  return `${lines.join('\n')}\n`;
}

const DATA_WIDTH = 60;
const brief = (data: Readonly<Record<string, unknown>>): string => {
  const text = JSON.stringify(data);
  return text.length > DATA_WIDTH ? `${text.slice(0, DATA_WIDTH - 1)}…` : text;
};

export function showText(entries: readonly AuditEntry[], head?: string): string {
  if (entries.length === 0) return `audit log: no entries${head === undefined ? '' : ` for head ${head}`}\n`;
  const rows = entries.map((e) => [String(e.seq), e.at, e.kind, e.actor, short(e.head), e.change, brief(e.data)]);
  return `${textTable(['seq', 'at', 'kind', 'actor', 'head', 'change', 'data'], rows)}\n`;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function registerAudit(program: Command, io: Io, exit: ExitState): void {
  const audit = program.command('audit').description("the hash-chained log of the gate's decisions, sign-offs and overrides, kept in the ledger");
  databaseOption(formatOption(audit.command('verify').description('check that no entry was edited, removed or reordered; exit 1 when one was'), auditFormats))
    .option('--repo <path>', 'the git repository whose log to read', io.cwd)
    .option('--pin <hash>', 'an entry hash published earlier (the head from --format json): fail when the log no longer holds it', (value: string) => {
      if (!/^[0-9a-f]{12,64}$/.test(value)) throw new UserError(`--pin takes an entry hash of 12 to 64 hex digits, not "${value}"`, 'pin the "head" of `blastwall audit verify --format json`');
      return value;
    })
    .action(async (options: AuditVerifyOptions & { format: AuditFormat }) => {
      const result = await auditVerify(options);
      io.stdout(options.format === 'json' ? json(result) : verifyText(result, result.where));
      if (!result.ok) exit.code = EXIT.findings;
    });
  databaseOption(formatOption(audit.command('show').description('list the entries, oldest first'), auditFormats))
    .option('--repo <path>', 'the git repository whose log to read', io.cwd)
    .option('--head <commit>', 'only the entries about this head commit (a revision, or a commit id or its prefix)')
    .action(async (options: AuditShowOptions & { format: AuditFormat }) => {
      const { entries, verification } = await auditShow(options);
      if (!verification.ok) warn(io, [`the audit log does not verify (${plural(verification.problems.length, 'problem')}): run \`blastwall audit verify\``]);
      io.stdout(options.format === 'json' ? json(entries) : showText(entries, options.head));
    });
}
