import type { Command } from 'commander';
import { marked } from 'marked';
import { openRepository } from '../../git/repository.js';
import { investigate, type Investigation } from '../../incidents/investigate.js';
import { incidentMarkdown, suspectName } from '../../incidents/report.js';
import { UserError } from '../../shared/errors.js';
import { loadConfig } from '../config.js';
import { warn, type Io } from '../io.js';
import { databaseOption, repositoryName, withLedger, type LedgerOptions } from '../ledger.js';
import { textTable } from '../reporters/table.js';

interface AnalysisOptions extends LedgerOptions {
  readonly repo: string;
  readonly config?: string;
  readonly name?: string;
  readonly source?: string;
  readonly window?: number;
}

export async function investigateIncident(key: string, options: AnalysisOptions): Promise<Investigation> {
  const repo = await openRepository(options.repo);
  const config = loadConfig(repo.root, options.config);
  return withLedger(repo.root, options, (store) =>
    investigate(store, repo, {
      repository: repositoryName(repo.root, options.name),
      key,
      config,
      ...(options.source !== undefined && { source: options.source }),
      ...(options.window !== undefined && { windowHours: options.window }),
    }),
  );
}

export function suspectsText(investigation: Investigation): string {
  const { incident, suspects } = investigation;
  const head = `suspects for ${incident.key} (${incident.severity}, ${incident.services.join(', ')}, started ${incident.startedAt}): ${suspects.length}`;
  if (suspects.length === 0) return `${head}\n`;
  const rows = suspects.map((s) => [s.rank, suspectName(s).replace(/`/g, ''), s.score, s.confidence, s.ai.commits === 0 ? 'none' : `${s.ai.commits}/${s.commits.length} ${s.ai.tools.join(',')}`, s.evidence.join('; ')]);
  return `${head}\n${textTable(['#', 'suspect', 'score', 'confidence', 'AI (not ranked on)', 'evidence'], rows)}\n`;
}

const hours = (value: string): number => {
  if (!/^[1-9]\d*$/.test(value)) throw new UserError(`--window takes a whole number of hours, not "${value}"`);
  return Number(value);
};

/** `incident suspects` and `incident report`, attached to the `incident` command group. */
export function registerIncidentAnalysis(incident: Command, io: Io): void {
  const common = (command: Command) =>
    databaseOption(command)
      .option('--repo <path>', 'the git repository', io.cwd)
      .option('--config <file>', 'the policy file (services and zones for the blast radius)')
      .option('--name <name>', "the repository's name in the ledger (default: its folder's name)")
      .option('--source <source>', 'the incident source, when several use the key')
      .option('--window <hours>', 'how many hours before the start a deployment is a suspect (default 24)', hours);
  common(incident.command('suspects').description('ranked suspects of an incident, with evidence and a confidence').argument('<key>', 'the incident key'))
    .option('--format <format>', 'text or json', 'text')
    .action(async (key: string, options: AnalysisOptions & { format: string }) => {
      const investigation = await investigateIncident(key, options);
      warn(io, investigation.warnings);
      io.stdout(options.format === 'json' ? `${JSON.stringify({ incident: investigation.incident, suspects: investigation.suspects }, null, 2)}\n` : suspectsText(investigation));
    });
  common(incident.command('report').description('the incident deep-dive: timeline, suspects, their AI provenance, blast radius and gate decision').argument('<key>', 'the incident key'))
    .option('--format <format>', 'markdown or html', 'markdown')
    .action(async (key: string, options: AnalysisOptions & { format: string }) => {
      if (options.format !== 'markdown' && options.format !== 'html') throw new UserError(`--format takes markdown or html, not "${options.format}"`);
      const investigation = await investigateIncident(key, options);
      warn(io, investigation.warnings);
      const markdown = incidentMarkdown(investigation);
      io.stdout(options.format === 'markdown' ? markdown : htmlPage(`Incident ${investigation.incident.key}`, await marked.parse(markdown)));
    });
}

function htmlPage(title: string, body: string): string {
  const safe = title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${safe}</title>\n<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}code{background:#f4f4f4}</style></head>\n<body>\n${body}</body></html>\n`;
}
