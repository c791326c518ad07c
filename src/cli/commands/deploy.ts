import { Option, type Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { recordDeployments, type DeploymentsResult, type ShippedDeployment } from '../../ledger/deployments.js';
import { parseIsoTime } from '../../ledger/importers/fields.js';
import type { DeploymentStatus } from '../../ledger/records.js';
import { UserError } from '../../shared/errors.js';
import { warn, type Io } from '../io.js';
import { databaseOption, repositoryName, withLedger, type LedgerOptions } from '../ledger.js';
import { formatOption } from './options.js';

/** An option's ISO 8601 time (with a zone: guessing one would shift incidents by hours), in UTC. */
export const timeValue =
  (flag: string) =>
  (value: string): string => {
    const time = parseIsoTime(value.trim());
    if (time === undefined) throw new UserError(`${flag} takes an ISO 8601 time with a zone, not "${value}"`, 'for example 2026-11-30T10:00:00Z or 2026-11-30T11:00:00+01:00');
    return new Date(time).toISOString();
  };

/** A repeatable option's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const STATUSES = ['success', 'failure', 'error', 'in_progress', 'pending'] as const satisfies readonly DeploymentStatus[];

export interface DeployRecordOptions extends LedgerOptions {
  readonly repo: string;
  readonly env: string;
  readonly service: string[];
  readonly sha: string;
  readonly previous?: string;
  readonly status: DeploymentStatus;
  readonly started?: string;
  readonly finished?: string;
  readonly name?: string;
}

/** The job of `blastwall deploy record`, callable in-process. */
export async function deployRecord(options: DeployRecordOptions, now = new Date()): Promise<DeploymentsResult> {
  const startedAt = options.started ?? now.toISOString();
  if (options.finished !== undefined && options.finished < startedAt) throw new UserError(`--finished (${options.finished}) is before the deployment started (${startedAt})`);
  const repo = await openRepository(options.repo);
  const request = {
    repository: repositoryName(repo.root, options.name),
    environment: options.env,
    services: options.service,
    sha: options.sha,
    previous: options.previous,
    status: options.status,
    startedAt,
    finishedAt: options.finished,
  };
  return withLedger(repo.root, options, (store) => recordDeployments(repo, store, request));
}

const short = (sha: string): string => sha.slice(0, 12);
const commits = (n: number): string => `${n} commit${n === 1 ? '' : 's'}`;

export function deploymentText(deployment: ShippedDeployment): string {
  const { id, service, environment, sha, since } = deployment;
  const range = since === undefined ? `${commits(deployment.commits.length)}; what ran before is unknown` : `${commits(deployment.commits.length)} since ${short(since)}`;
  const status = deployment.status === 'success' ? '' : `, status ${deployment.status}`;
  const what = `deployment ${id} of ${service} to ${environment}: ${short(sha)} (${range})${status}`;
  return deployment.created ? `recorded ${what}\n` : `already recorded ${what}\n`;
}

export function registerDeploy(program: Command, io: Io): void {
  const deploy = program.command('deploy').description('deployments in the ledger, with the commits each shipped');
  databaseOption(formatOption(deploy.command('record').description('record a deployment and the commits it shipped since the previous successful one'), ['text', 'json']))
    .requiredOption('--env <environment>', 'the environment deployed to, e.g. prod')
    .requiredOption('--service <name>', 'the service deployed (repeatable: one deployment per service)', collect)
    .requiredOption('--sha <rev>', 'the commit deployed')
    .option('--previous <rev>', 'the commit that ran before (default: that of the previous successful deployment of the service to the environment)')
    .addOption(new Option('--status <status>', 'how it went').choices(STATUSES).default('success'))
    .option('--started <time>', 'when it started, ISO 8601 (default: now); the same start again updates the same deployment', timeValue('--started'))
    .option('--finished <time>', 'when it finished, ISO 8601', timeValue('--finished'))
    .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
    .option('--repo <path>', 'the git repository', io.cwd)
    .action(async (options: DeployRecordOptions & { format: 'text' | 'json' }) => {
      const result = await deployRecord(options);
      warn(io, result.warnings);
      io.stdout(options.format === 'json' ? `${JSON.stringify(result.deployments, null, 2)}\n` : result.deployments.map(deploymentText).join(''));
    });
}
