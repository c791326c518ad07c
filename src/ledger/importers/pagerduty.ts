import type { z } from 'zod';
import { isObject, itemsOf, readDocument, type Item } from './documents.js';
import { isoTime, link, name, object, oneOf, text } from './fields.js';
import { at, fail, validate, type Place } from './problems.js';
import { compact, type ImportedIncident, type ImportResult, type IncidentStatus, type Severity } from './records.js';
import { findRootCause, SEVERITY_OF_URGENCY, severityOfLabel, severityOfPriority } from './severity.js';

/**
 * PagerDuty incidents, from v3 webhook payloads (one payload, an array of them, or NDJSON with one
 * per line, the events of one incident folded into one record) or from a REST export
 * (`GET /incidents`: `{ "incidents": [...] }`, or `GET /incidents/{id}`: `{ "incident": {...} }`).
 * Only the documented fields used here are checked; others are ignored, as PagerDuty adds fields.
 */

const STATUS: Record<'triggered' | 'acknowledged' | 'resolved', IncidentStatus> = {
  triggered: 'open',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

// The fields that the webhook's incident and the REST API's incident share.
const incidentFields = {
  id: name(),
  title: text(),
  status: oneOf(['triggered', 'acknowledged', 'resolved']),
  urgency: oneOf(['high', 'low']),
  priority: object({ summary: name() }).nullish(),
  service: object({ summary: name() }),
  created_at: isoTime(),
  html_url: link(),
};
const restIncident = object({ ...incidentFields, resolved_at: isoTime().nullish(), last_status_change_at: isoTime().nullish() });
type IncidentFields = z.output<typeof restIncident>;

const envelope = object({ event: object({ event_type: name(), occurred_at: isoTime(), data: object({ type: text() }) }) });
const incidentData = object({ event: object({ data: object(incidentFields) }) });
const noteData = object({ event: object({ data: object({ incident: object({ id: name() }), content: text() }) }) });

/** A priority P1..P5 (or a renamed one, SEV1..SEV4), else the urgency; see severity.ts. */
function severityOf(incident: IncidentFields): { severity: Severity; originalSeverity: string } {
  const priority = incident.priority?.summary;
  const severity = priority === undefined ? undefined : (severityOfPriority(priority) ?? severityOfLabel(priority));
  if (priority !== undefined && severity) return { severity, originalSeverity: priority };
  return { severity: SEVERITY_OF_URGENCY[incident.urgency], originalSeverity: incident.urgency };
}

function toIncident(incident: IncidentFields, status: IncidentStatus, resolvedAt: string | undefined, rootCause?: string): ImportedIncident {
  return compact({
    source: 'pagerduty',
    key: incident.id,
    title: incident.title,
    ...severityOf(incident),
    services: [incident.service.summary],
    // PagerDuty knows when it opened the incident, which is when it was detected; the impact may
    // have begun earlier, but nothing in the payload says when, so the start is the same time.
    startedAt: incident.created_at,
    detectedAt: incident.created_at,
    resolvedAt: status === 'resolved' ? resolvedAt : undefined,
    url: incident.html_url,
    rootCause,
    status,
  });
}

function fromRest(item: Item): ImportedIncident {
  const incident = validate(restIncident, item.value, item.place);
  const status = STATUS[incident.status];
  // Older exports have no resolved_at; for a resolved incident the last status change is the resolution.
  const resolvedAt = incident.resolved_at ?? incident.last_status_change_at ?? undefined;
  if (status === 'resolved' && resolvedAt === undefined) fail(at(item.place, 'resolved_at'), 'required when status is "resolved"');
  return toIncident(incident, status, resolvedAt);
}

type Event =
  | { readonly kind: 'incident'; readonly type: string; readonly occurredAt: string; readonly data: IncidentFields }
  | { readonly kind: 'note'; readonly occurredAt: string; readonly content: string; readonly place: Place };

/** Reads one webhook payload; undefined for events that are not about an incident's course. */
function eventOf(item: Item): { incidentId: string; event: Event } | undefined {
  const { event } = validate(envelope, item.value, item.place);
  if (event.data.type === 'incident') {
    const { data } = validate(incidentData, item.value, item.place).event;
    return { incidentId: data.id, event: { kind: 'incident', type: event.event_type, occurredAt: event.occurred_at, data } };
  }
  if (event.data.type === 'incident_note') {
    const { data } = validate(noteData, item.value, item.place).event;
    return { incidentId: data.incident.id, event: { kind: 'note', occurredAt: event.occurred_at, content: data.content, place: item.place } };
  }
  // Responders, status updates, services: nothing the ledger keeps.
  return undefined;
}

/**
 * The events of one incident in time order make one record: the latest description wins, and the
 * incident is resolved at the first resolution after its last reopening.
 */
function fold(incidentId: string, events: readonly Event[]): ImportedIncident {
  const ordered = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  let latest: IncidentFields | undefined;
  let status: IncidentStatus = 'open';
  let resolvedAt: string | undefined;
  const notes: string[] = [];
  for (const event of ordered) {
    if (event.kind === 'note') {
      notes.push(event.content);
      continue;
    }
    latest = event.data;
    status = event.type === 'incident.resolved' ? 'resolved' : STATUS[event.data.status];
    resolvedAt = status === 'resolved' ? (resolvedAt ?? event.occurredAt) : undefined;
  }
  if (!latest) {
    const note = ordered.find((event) => event.kind === 'note')!;
    return fail(note.place, `a note on incident ${incidentId}, but no event in the file describes that incident (its title, service and times)`);
  }
  return toIncident(latest, status, resolvedAt, findRootCause(notes));
}

function fromWebhooks(items: readonly Item[]): ImportedIncident[] {
  // A Map keeps the incidents in the order the file first mentions them.
  const trails = new Map<string, Event[]>();
  for (const item of items) {
    const read = eventOf(item);
    if (!read) continue;
    const trail = trails.get(read.incidentId) ?? [];
    trail.push(read.event);
    trails.set(read.incidentId, trail);
  }
  return [...trails].map(([incidentId, events]) => fold(incidentId, events));
}

export function importPagerduty(text: string, file: string): ImportResult {
  const document = readDocument(text, file);
  const root: Place = { file, path: [] };
  if (document.form === 'json' && isObject(document.value)) {
    const { incidents, incident } = document.value;
    if (Array.isArray(incidents)) {
      return { deployments: [], incidents: incidents.map((value: unknown, index) => fromRest({ value, place: at(root, 'incidents', index) })) };
    }
    if (incident !== undefined) return { deployments: [], incidents: [fromRest({ value: incident, place: at(root, 'incident') })] };
    if (!('event' in document.value)) {
      fail(root, 'expected a PagerDuty v3 webhook payload ({ "event": ... }), an array or NDJSON of them, or a REST export ({ "incidents": [...] })');
    }
  }
  return { deployments: [], incidents: fromWebhooks(itemsOf(document, file)) };
}
