import { z } from 'zod';
import { abbreviatedSha, array, isoTime, name, object, oneOf, sha, text } from './fields.js';
import {
  compact,
  DEPLOYMENT_STATUSES,
  INCIDENT_STATUSES,
  type ImportedDeployment,
  type ImportedIncident,
  type Severity,
} from './records.js';
import { severityOfLabel, severityOfPriority } from './severity.js';

/**
 * The records of blastwall's own import format, shared by its JSON and CSV forms: the schemas,
 * the checks between fields, and the defaults. Unlike third-party payloads the format is strict:
 * an unknown field is an error, since it is most likely a misspelt one. docs/import.md is its
 * reference.
 */

export const SEVERITY_EXPECTED = 'expected SEV1, SEV2, SEV3, SEV4 or a priority P1 to P5';

const severity = () =>
  text().transform((value, context): { severity: Severity; written: string } => {
    const level = severityOfLabel(value) ?? severityOfPriority(value);
    if (level) return { severity: level, written: value.trim() };
    context.addIssue({ code: 'custom', message: SEVERITY_EXPECTED, input: value });
    return z.NEVER;
  });

export const deploymentSchema = object({
  source: name().optional(),
  externalId: name().optional(),
  environment: name(),
  services: array(name()).min(1, 'expected at least one service'),
  sha: sha(),
  previousSha: sha().optional(),
  // What `blastwall deploy record` assumes too: a recorded deployment went out.
  status: oneOf(DEPLOYMENT_STATUSES).default('success'),
  startedAt: isoTime(),
  finishedAt: isoTime().optional(),
  url: name().optional(),
}).strict();

export const incidentSchema = object({
  source: name().optional(),
  key: name(),
  title: name(),
  severity: severity(),
  originalSeverity: name().optional(),
  services: array(name()).default([]),
  startedAt: isoTime(),
  detectedAt: isoTime().optional(),
  resolvedAt: isoTime().optional(),
  url: name().optional(),
  rootCause: abbreviatedSha().optional(),
  status: oneOf(INCIDENT_STATUSES).optional(),
}).strict();

/** How a reader names a field in its errors: JSON by its path, CSV by its row and column. */
export interface FieldErrors {
  label(field: string): string;
  fail(field: string, message: string): never;
}

/** Times that contradict each other are a mistake in the file, not an incident that ended before it began. */
function notBefore(errors: FieldErrors, record: Readonly<Record<string, unknown>>, field: string, start: string): void {
  const value = record[field];
  const from = record[start];
  if (typeof value === 'string' && typeof from === 'string' && value < from) {
    errors.fail(field, `${value} is before ${errors.label(start)} ${from}`);
  }
}

export function toDeployment(parsed: z.output<typeof deploymentSchema>, errors: FieldErrors): ImportedDeployment {
  notBefore(errors, parsed, 'finishedAt', 'startedAt');
  const services = [...new Set(parsed.services)];
  return compact({
    source: parsed.source ?? 'generic',
    // Without an id, what the deployment is made of identifies it, so a second import matches it.
    externalId: parsed.externalId ?? `${parsed.environment}/${services.join(';')}/${parsed.sha}/${parsed.startedAt}`,
    environment: parsed.environment,
    services,
    sha: parsed.sha,
    previousSha: parsed.previousSha,
    status: parsed.status,
    startedAt: parsed.startedAt,
    finishedAt: parsed.finishedAt,
    url: parsed.url,
  });
}

export function toIncident(parsed: z.output<typeof incidentSchema>, errors: FieldErrors): ImportedIncident {
  notBefore(errors, parsed, 'detectedAt', 'startedAt');
  notBefore(errors, parsed, 'resolvedAt', 'startedAt');
  const status = parsed.status ?? (parsed.resolvedAt === undefined ? 'open' : 'resolved');
  if (status === 'resolved' && parsed.resolvedAt === undefined) errors.fail('resolvedAt', `required when ${errors.label('status')} is "resolved"`);
  if (status !== 'resolved' && parsed.resolvedAt !== undefined) errors.fail('resolvedAt', `set, but ${errors.label('status')} is "${status}"`);
  return compact({
    source: parsed.source ?? 'generic',
    key: parsed.key,
    title: parsed.title,
    severity: parsed.severity.severity,
    originalSeverity: parsed.originalSeverity ?? parsed.severity.written,
    services: [...new Set(parsed.services)],
    startedAt: parsed.startedAt,
    detectedAt: parsed.detectedAt,
    resolvedAt: parsed.resolvedAt,
    url: parsed.url,
    rootCause: parsed.rootCause,
    status,
  });
}

/**
 * Rejects a second record with the key of an earlier one: in one file it is a copy-paste slip,
 * and importing both would keep whichever came last without a word.
 */
export function rejectDuplicates<Entry>(entries: readonly Entry[], keyOf: (entry: Entry) => string, failAt: (entry: Entry, first: Entry) => never): void {
  const seen = new Map<string, Entry>();
  for (const entry of entries) {
    const first = seen.get(keyOf(entry));
    if (first !== undefined) failAt(entry, first);
    seen.set(keyOf(entry), entry);
  }
}
