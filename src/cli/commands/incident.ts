import { Option, type Command } from 'commander';
import { openRepository } from '../../git/repository.js';
import { severityOfLabel, severityOfPriority } from '../../ledger/importers/severity.js';
import { linkIncident, openIncident, resolveIncident } from '../../ledger/incidents-in.js';
import type { Incident } from '../../ledger/records.js';
import type { Store } from '../../ledger/store.js';
import type { Confidence } from '../../provenance/markers.js';
import { UserError } from '../../shared/errors.js';
import type { Io } from '../io.js';
import { databaseOption, repositoryName, withLedger, type LedgerOptions } from '../ledger.js';
import { collect, timeValue } from './deploy.js';

interface IncidentOptions extends LedgerOptions {
  readonly repo: string;
  readonly key: string;
  readonly source: string;
}

// The importers' scale, so that insights weight a manual incident like an imported one.
const severity = (value: string): string => {
  const found = severityOfLabel(value) ?? severityOfPriority(value);
  if (found === undefined) throw new UserError(`--severity takes SEV1 (worst) to SEV4, or P1 to P5, not "${value}"`);
  return found;
};

const deploymentId = (value: string): number => {
  if (!/^[1-9]\d*$/.test(value)) throw new UserError(`--deployment takes a deployment's id (a positive integer), not "${value}"`);
  return Number(value);
};

/** The ledger of the repository at --repo, for the incident's work. */
async function withIncidents<T>(options: IncidentOptions, work: (store: Store) => Promise<T>): Promise<T> {
  return withLedger((await openRepository(options.repo)).root, options, work);
}

const about = (incident: Incident): string => `incident ${incident.key} (${incident.source}, ${incident.severity}, ${incident.services.join(', ') || 'no service'})`;

/** `blastwall incident`: returned so that other subcommands (suspects, report) attach to the same group. */
export function registerIncident(program: Command, io: Io): Command {
  const incident = program.command('incident').description('incidents in the ledger: open, resolve, and link them to what caused them');
  const common = (command: Command) =>
    databaseOption(command)
      .requiredOption('--key <key>', "the incident's key, e.g. INC-12")
      .option('--source <source>', 'where the key comes from (manual, pagerduty, opsgenie, ...)', 'manual')
      .option('--repo <path>', 'the git repository (its ledger, and its commits)', io.cwd);
  const now = () => new Date().toISOString();

  common(incident.command('open').description('open an incident (or update the one with this key)'))
    .requiredOption('--title <text>', 'what broke')
    .requiredOption('--severity <level>', 'SEV1 (worst) to SEV4, or P1 to P5', severity)
    .requiredOption('--service <name>', 'an affected service (repeatable)', collect)
    .option('--started <time>', 'when the impact began, ISO 8601 (default: now)', timeValue('--started'))
    .option('--detected <time>', 'when it was noticed, ISO 8601', timeValue('--detected'))
    .action(async (options: IncidentOptions & { title: string; severity: string; service: string[]; started?: string; detected?: string }) => {
      const request = { source: options.source, key: options.key, title: options.title, severity: options.severity, services: options.service, startedAt: options.started, detectedAt: options.detected };
      const { incident: opened, created } = await withIncidents(options, (store) => openIncident(store, request, now()));
      io.stdout(`${created ? 'opened' : 'updated'} ${about(opened)}, started ${opened.startedAt}\n`);
    });

  common(incident.command('resolve').description('mark an incident resolved'))
    .option('--at <time>', 'when it was resolved, ISO 8601 (default: now)', timeValue('--at'))
    .action(async (options: IncidentOptions & { at?: string }) => {
      const { incident: resolved, changed } = await withIncidents(options, (store) => resolveIncident(store, { source: options.source, key: options.key, at: options.at }, now()));
      io.stdout(`${changed ? 'resolved' : 'already resolved:'} ${about(resolved)} at ${resolved.resolvedAt}\n`);
    });

  common(incident.command('link').description('link an incident to a commit or a deployment (root-cause: explicit evidence for suspects)'))
    .option('--commit <rev>', 'a commit that caused it')
    .option('--deployment <id>', 'a deployment that caused it (its id in the ledger)', deploymentId)
    .addOption(new Option('--method <method>', 'how it is known').choices(['manual', 'root-cause']).default('manual'))
    .addOption(new Option('--confidence <level>', 'how sure (default: high for root-cause, else medium)').choices(['high', 'medium', 'low']))
    .requiredOption('--evidence <text>', 'why: a post-mortem, a log line, a bisect')
    .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
    .action(async (options: IncidentOptions & { commit?: string; deployment?: number; method: string; confidence?: Confidence; evidence: string; name?: string }) => {
      if ((options.commit === undefined) === (options.deployment === undefined)) throw new UserError('incident link takes one of --commit <rev> or --deployment <id>');
      if (options.evidence.trim() === '') throw new UserError('--evidence must say why the incident is linked', 'for example: --evidence "post-mortem: the retry loop in 4f3c2a1"');
      const repo = await openRepository(options.repo);
      const request = {
        source: options.source,
        key: options.key,
        repository: repositoryName(repo.root, options.name),
        target: options.commit !== undefined ? { commit: options.commit } : { deployment: options.deployment! },
        method: options.method,
        confidence: options.confidence ?? (options.method === 'root-cause' ? 'high' : 'medium'),
        evidence: options.evidence,
      };
      const { incident: linked, link, created } = await withLedger(repo.root, options, (store) => linkIncident(repo, store, request));
      const target = 'sha' in link.target ? `commit ${link.target.sha.slice(0, 12)}` : `deployment ${link.target.deployment}`;
      io.stdout(`${created ? 'linked' : 'updated the link of'} incident ${linked.key} to ${target} (${link.method}, ${link.confidence})\n`);
    });
  return incident;
}
