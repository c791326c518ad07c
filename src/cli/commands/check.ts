import type { Command } from 'commander';
import { gitIdentity, openRepository, type Repository } from '../../git/repository.js';
import type { Criticality } from '../../ownership/schema.js';
import { overridesFor, signOffsFor } from '../../ledger/audit/file-log.js';
import { readGateAudit, recordGateDecision } from '../audit-log.js';
import { databaseOption, repositoryName, type LedgerOptions } from '../ledger.js';
import { checkChange, type CheckReport } from '../../policy/check.js';
import type { Override, SignOff } from '../../policy/decision.js';
import { resolveChange, startReads } from '../../policy/gather.js';
import { UserError } from '../../shared/errors.js';
import type { OnProgress } from '../../shared/progress.js';
import { catalogFor, loadPolicy } from '../config.js';
import { EXIT, type ExitState } from '../exit.js';
import { warn, type Io } from '../io.js';
import { progressBar } from '../progress.js';
import { checkFormats, checkReporters, type CheckFormat } from '../reporters/check.js';
import { formatOption, repoOption, type CommonOptions } from './options.js';

export interface CheckCommandOptions extends CommonOptions, LedgerOptions {
  readonly base?: string;
  readonly head?: string;
  readonly label?: string[];
  readonly author?: string;
  readonly change?: string;
  readonly at?: Date;
  readonly audit?: boolean;
  readonly cache?: boolean;
  readonly history?: boolean;
  /** Sign-offs from elsewhere (GitHub reviews), next to those recorded with `blastwall approve`. */
  readonly signOffs?: readonly SignOff[];
  readonly overrides?: readonly Override[];
  /** Who ran the check, for the audit log (default: git's user.email). */
  readonly actor?: string;
  /** The repository's name in the ledger (default: its folder's name). */
  readonly name?: string;
}

export interface CheckOutcome {
  readonly report: CheckReport;
  readonly warnings: readonly string[];
  readonly zones: Readonly<Record<string, { readonly criticality: Criticality }>>;
}

/**
 * The job of `blastwall check`, callable in-process (the GitHub Action calls it too): the policy
 * of the change's base, sign-offs and overrides from the audit log plus those given, the decision,
 * and the decision appended to the audit log.
 */
export async function check(options: CheckCommandOptions, onProgress?: OnProgress): Promise<CheckOutcome> {
  const repo = await openRepository(options.repo);
  const { base, head } = await resolveChange(repo, options);
  // git reads the diff and the work tree while the policy is parsed and the ledger read.
  const cache = options.cache !== false;
  const reads = startReads(repo, { base, head }, { cache, ...(onProgress && { onProgress }) });
  const policy = await loadPolicy(repo, base, options.config);
  const audit = await readGateAudit(repo.root, options);
  const config = options.history === false ? { ...policy.config, radius: { ...policy.config.radius, history: false } } : policy.config;
  const report = await checkChange(repo, {
    config,
    catalog: catalogFor(policy.config),
    base,
    head,
    ...(options.change !== undefined && { change: options.change }),
    labels: options.label ?? [],
    ...(options.author !== undefined && { author: options.author }),
    ...(options.at !== undefined && { now: options.at }),
    reads,
    cache,
    ...(onProgress && { onProgress }),
    signOffs: [...signOffsFor(audit, head).flatMap(toSignOff), ...(options.signOffs ?? [])],
    overrides: [...overridesFor(audit, head).flatMap(toOverride), ...(options.overrides ?? [])],
  });
  if (options.audit !== false) await recordDecision(repo, report, options);
  return { report, warnings: [...policy.warnings, ...report.warnings], zones: policy.config.zones };
}

async function recordDecision(repo: Repository, report: CheckReport, options: CheckCommandOptions): Promise<void> {
  const { decision, facts } = report;
  const actor = options.actor;
  await recordGateDecision(repo.root, options, {
    change: {
      repository: repositoryName(repo.root, options.name),
      key: facts.change,
      base: facts.base ?? facts.head,
      head: facts.head,
      decision: { verdict: decision.verdict, summary: decision.summary, at: facts.now },
    },
    signOffs: decision.countedSignOffs,
    override: decision.override,
    audit: {
      kind: 'decision',
      at: facts.now,
      actor: actor ?? (await actorOf(repo)),
      head: facts.head,
      change: facts.change,
      data: {
        base: facts.base ?? null,
        verdict: decision.verdict,
        summary: decision.summary,
        rules: decision.matched.map((rule) => `${rule.effect}:${rule.rule}`),
        open: decision.requirements.filter((r) => r.missing > 0).map((r) => ({ rule: r.rule, missing: r.missing })),
        signedOff: [...new Set(decision.requirements.flatMap((r) => r.satisfiedBy))],
        override: decision.override ? { by: decision.override.by, reason: decision.override.reason, source: decision.override.source } : null,
        ai: facts.commits.filter((commit) => commit.ai).length,
        commits: facts.commits.length,
      },
    },
  });
}

export const actorOf = async (repo: Repository): Promise<string> => (await gitIdentity(repo)) ?? 'unknown';

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

function toSignOff(data: Readonly<Record<string, unknown>>): SignOff[] {
  const { by, commit, source, at } = data;
  if (!text(by) || !text(commit) || !text(at) || (source !== 'cli' && source !== 'github')) return [];
  return [{ by, commit, source, at }];
}

function toOverride(data: Readonly<Record<string, unknown>>): Override[] {
  const { by, commit, reason, at } = data;
  if (!text(by) || !text(commit) || !text(at) || !text(reason)) return [];
  return [{ by, commit, reason, at, source: 'cli' }];
}

export const parseLabel = (label: string, previous: string[] = []): string[] => [...previous, label];

export function parseTime(value: string): Date {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) throw new UserError(`--at takes an ISO 8601 time such as 2026-12-24T16:00:00Z, not "${value}"`);
  return time;
}

export function registerCheck(program: Command, io: Io, exit: ExitState): void {
  databaseOption(repoOption(
    formatOption(
      program
        .command('check')
        .description('judge a change against the policy: pass (exit 0), needs sign-off or block (exit 1); configuration errors exit 2'),
      checkFormats,
    ),
    io,
  ))
    .option('--base <ref>', 'compare from this revision (default: the merge base with the default branch)')
    .option('--head <ref>', 'the change\'s head commit (default: HEAD); one that is not checked out is read from a side work tree, .blastwall/worktree')
    .option('--label <name>', 'a pull request label (repeatable)', parseLabel)
    .option('--author <login>', 'the pull request\'s author (a GitHub login): never counts as a sign-off')
    .option('--change <name>', 'what the change is called in the audit log, e.g. pr:42 (default: base..head)')
    .option('--at <time>', 'judge as if it were this time (ISO 8601), for freeze windows', parseTime)
    .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
    .option('--no-audit', 'do not record the decision in the ledger (change, sign-offs, override, audit log)')
    .option('--no-cache', 'do not read or write .blastwall/cache')
    .option('--no-history', 'leave out co-change coupling from history')
    .action(async (options: CheckCommandOptions & { format: CheckFormat }) => {
      const bar = io.stderrIsTTY && options.format === 'text' ? progressBar() : undefined;
      const outcome = await check(options, bar?.onProgress);
      bar?.done();
      warn(io, outcome.warnings);
      io.stdout(checkReporters[options.format](outcome.report, outcome.zones));
      exit.code = outcome.report.decision.verdict === 'pass' ? EXIT.ok : EXIT.findings;
    });
}
