import type { Command } from 'commander';
import { openRepository, resolveCommit } from '../../git/repository.js';
import { appendGateAudit } from '../audit-log.js';
import { databaseOption } from '../ledger.js';
import type { Override, SignOff } from '../../policy/decision.js';
import { UserError } from '../../shared/errors.js';
import type { Io } from '../io.js';
import { actorOf } from './check.js';

interface RecordOptions {
  readonly repo: string;
  readonly head?: string;
  readonly by?: string;
  readonly change?: string;
  readonly reason?: string;
  readonly database?: string;
}

/**
 * `blastwall approve` and `blastwall override`: sign-offs and break-glass for teams outside
 * GitHub. Each is one audit entry naming who, which change and which head commit; `check` reads
 * them back for that head only, so a new push needs a new sign-off.
 */
async function record(kind: 'signoff' | 'override', options: RecordOptions, now = new Date()) {
  const repo = await openRepository(options.repo);
  const head = await resolveCommit(repo, options.head ?? 'HEAD');
  const by = options.by ?? (await actorOf(repo));
  if (by === 'unknown') throw new UserError('who is signing is unknown: git has no user.email here', 'pass --by <login or email>');
  const at = now.toISOString();
  const data: SignOff | Override =
    kind === 'signoff' ? { by, commit: head, source: 'cli', at } : { by, commit: head, source: 'cli', at, reason: options.reason! };
  const [entry] = await appendGateAudit(repo.root, options, [{ kind, at, actor: by, head, change: options.change ?? head.slice(0, 12), data: { ...data } }]);
  return { entry: entry!, head, by };
}

export function registerSignOff(program: Command, io: Io): void {
  const common = (command: Command) =>
    databaseOption(command)
      .option('--repo <path>', 'the git repository', io.cwd)
      .option('--head <ref>', 'the change\'s head commit (default: HEAD)')
      .option('--by <who>', 'a GitHub login or an email (default: git\'s user.email)')
      .option('--change <name>', 'what the change is called, e.g. pr:42');
  common(program.command('approve').description('sign off a change\'s head commit, for teams outside GitHub (recorded in the audit log)')).action(
    async (options: RecordOptions) => {
      const { entry, head, by } = await record('signoff', options);
      io.stdout(`recorded sign-off by ${by} on ${head.slice(0, 12)} (audit entry ${entry.seq})\n`);
    },
  );
  common(program.command('override').description('break glass: pass the gate for this head commit; always recorded with who, why and when'))
    .requiredOption('--reason <text>', 'why the gate is overridden (shown in the audit log and the check)')
    .action(async (options: RecordOptions) => {
      if (options.reason === undefined || options.reason.trim().length < 3) throw new UserError('--reason must say why the gate is overridden', 'for example: --reason "hotfix for incident 42"');
      const { entry, head, by } = await record('override', { ...options, reason: options.reason.trim() });
      io.stdout(`recorded override by ${by} on ${head.slice(0, 12)}: "${options.reason.trim()}" (audit entry ${entry.seq})\n`);
    });
}
