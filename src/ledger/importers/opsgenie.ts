import { z } from 'zod';
import { isObject, itemsOf, readDocument, type Item } from './documents.js';
import { array, dictionary, flag, isoTime, ISO_TIME_EXPECTED, name, object, oneOf, text } from './fields.js';
import { at, fail, validate, type Place } from './problems.js';
import { compact, type ImportedIncident, type ImportResult, type IncidentStatus } from './records.js';
import { findRootCause, severityOfPriority } from './severity.js';

/**
 * Opsgenie and Jira Service Management alerts: the alert API's lists (`{ "data": [...] }` from
 * Opsgenie, `{ "values": [...] }` from JSM Operations, or a bare array; `{ "data": {...} }` for one
 * alert), or webhook payloads (`{ "action": "Create", "alert": {...} }`: one, an array, or NDJSON;
 * the actions on one alert are folded into one record). Undocumented fields are ignored.
 */

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
// Opsgenie gives an alert P3 when its creator names no priority.
const DEFAULT_PRIORITY = 'P3';

const properties = () => dictionary(z.unknown()).optional();

const restAlert = object({
  id: name(),
  message: text(),
  status: oneOf(['open', 'closed']),
  acknowledged: flag().optional(),
  priority: oneOf(PRIORITIES).optional(),
  createdAt: isoTime(),
  updatedAt: isoTime().optional(),
  closedAt: isoTime().optional(),
  tags: array(text()).optional(),
  description: text().optional(),
  // Opsgenie calls them details; Jira Service Management calls them extraProperties.
  details: properties(),
  extraProperties: properties(),
  // Milliseconds from creation to closing.
  report: object({ closeTime: z.number().nonnegative().optional() }).optional(),
});

/**
 * Webhooks give times as numbers since the epoch: `createdAt` in milliseconds, `updatedAt` in
 * nanoseconds. The magnitude tells which (a time in milliseconds passes 1e14 only in 5138).
 */
const epochTime = () =>
  z.union([z.number(), z.string()], { error: (issue) => (issue.input === undefined ? 'required' : ISO_TIME_EXPECTED) }).pipe(
    z.transform((value, context) => {
      if (typeof value === 'string') {
        const parsed = isoTime().safeParse(value);
        if (parsed.success) return parsed.data;
        context.addIssue({ code: 'custom', message: parsed.error.issues[0]!.message, input: value });
        return z.NEVER;
      }
      const milliseconds = value >= 1e17 ? value / 1e6 : value >= 1e14 ? value / 1e3 : value >= 1e11 ? value : value * 1e3;
      const time = new Date(Math.floor(milliseconds));
      if (!Number.isNaN(time.getTime())) return time.toISOString();
      context.addIssue({ code: 'custom', message: 'expected a time since the epoch', input: value });
      return z.NEVER;
    }),
  );

const webhook = object({
  action: name(),
  alert: object({
    alertId: name(),
    message: text().optional(),
    createdAt: epochTime(),
    updatedAt: epochTime(),
    priority: oneOf(PRIORITIES).optional(),
    tags: array(text()).optional(),
    description: text().optional(),
    note: text().optional(),
    details: properties(),
    extraProperties: properties(),
  }),
});
type Webhook = z.output<typeof webhook>;

type Properties = Readonly<Record<string, unknown>>;

/** Services from `service:<name>` tags and a `service` property, in that order. */
function servicesOf(tags: readonly string[], properties: Properties): string[] {
  const tagged = tags.flatMap((tag) => /^service:(.+)$/i.exec(tag.trim())?.[1]?.trim() || []);
  const property = typeof properties.service === 'string' && properties.service.trim() !== '' ? [properties.service.trim()] : [];
  return [...new Set([...tagged, ...property])];
}

// Properties are searched as `key: value` lines, so that a `root_cause` property reads like a note.
const propertyLines = (properties: Properties): string[] => Object.entries(properties).map(([key, value]) => `${key}: ${String(value)}`);

function toIncident(fields: {
  id: string;
  message: string;
  priority: string | undefined;
  tags: readonly string[];
  properties: Properties;
  createdAt: string;
  status: IncidentStatus;
  resolvedAt: string | undefined;
  notes: readonly (string | undefined)[];
}): ImportedIncident {
  const priority = fields.priority ?? DEFAULT_PRIORITY;
  return compact({
    source: 'opsgenie',
    key: fields.id,
    title: fields.message,
    severity: severityOfPriority(priority)!,
    originalSeverity: priority,
    services: servicesOf(fields.tags, fields.properties),
    // The alert is created when monitoring notices; when the impact began is not in the payload.
    startedAt: fields.createdAt,
    detectedAt: fields.createdAt,
    resolvedAt: fields.resolvedAt,
    rootCause: findRootCause([...fields.notes, ...propertyLines(fields.properties)]),
    status: fields.status,
  });
}

/**
 * When a listed alert closed. The list API has no closing time, but its report has the time from
 * creation to closing; failing that, the last change of a closed alert is its closing.
 */
function closingOf(alert: z.output<typeof restAlert>): string | undefined {
  if (alert.closedAt !== undefined) return alert.closedAt;
  const duration = alert.report?.closeTime;
  return duration === undefined ? alert.updatedAt : new Date(Date.parse(alert.createdAt) + duration).toISOString();
}

function fromAlert(item: Item): ImportedIncident {
  const alert = validate(restAlert, item.value, item.place);
  const closed = alert.status === 'closed';
  const resolvedAt = closed ? closingOf(alert) : undefined;
  if (closed && resolvedAt === undefined) fail(item.place, 'a closed alert needs closedAt, report.closeTime or updatedAt to tell when it closed');
  return toIncident({
    id: alert.id,
    message: alert.message,
    priority: alert.priority,
    tags: alert.tags ?? [],
    properties: { ...alert.details, ...alert.extraProperties },
    createdAt: alert.createdAt,
    status: closed ? 'resolved' : alert.acknowledged ? 'acknowledged' : 'open',
    resolvedAt,
    notes: [alert.description],
  });
}

// The actions that change an alert's status; the others (AddNote, AddTags, Escalate...) keep it.
const STATUS_AFTER: ReadonlyMap<string, IncidentStatus> = new Map([
  ['Create', 'open'],
  ['Acknowledge', 'acknowledged'],
  ['UnAcknowledge', 'open'],
  ['Close', 'resolved'],
]);

/** The actions on one alert in time order make one record; each payload carries the alert as it then was. */
function fold(events: readonly { webhook: Webhook; place: Place }[]): ImportedIncident {
  const ordered = [...events].sort((a, b) => a.webhook.alert.updatedAt.localeCompare(b.webhook.alert.updatedAt));
  let message: string | undefined;
  let priority: string | undefined;
  let tags: readonly string[] = [];
  let properties: Properties = {};
  let status: IncidentStatus = 'open';
  let resolvedAt: string | undefined;
  const notes: (string | undefined)[] = [];
  for (const { webhook: event } of ordered) {
    const { alert } = event;
    message = alert.message ?? message;
    priority = alert.priority ?? priority;
    tags = alert.tags ?? tags;
    properties = { ...properties, ...alert.details, ...alert.extraProperties };
    notes.push(alert.description, alert.note);
    status = STATUS_AFTER.get(event.action) ?? status;
    resolvedAt = status === 'resolved' ? (resolvedAt ?? alert.updatedAt) : undefined;
  }
  const first = ordered[0]!;
  if (message === undefined) fail(at(first.place, 'alert', 'message'), `required in at least one action on alert ${first.webhook.alert.alertId}`);
  return toIncident({ id: first.webhook.alert.alertId, message, priority, tags, properties, createdAt: first.webhook.alert.createdAt, status, resolvedAt, notes });
}

function fromWebhooks(items: readonly Item[]): ImportedIncident[] {
  const trails = new Map<string, { webhook: Webhook; place: Place }[]>();
  for (const item of items) {
    const event = validate(webhook, item.value, item.place);
    const trail = trails.get(event.alert.alertId) ?? [];
    trail.push({ webhook: event, place: item.place });
    trails.set(event.alert.alertId, trail);
  }
  return [...trails.values()].map(fold);
}

export function importOpsgenie(text: string, file: string): ImportResult {
  const document = readDocument(text, file);
  const root: Place = { file, path: [] };
  let items = itemsOf(document, file);
  if (document.form === 'json' && isObject(document.value) && !('alert' in document.value)) {
    const list = 'data' in document.value ? 'data' : 'values' in document.value ? 'values' : undefined;
    if (list === undefined) fail(root, 'expected an alert list ({ "data": [...] } or { "values": [...] }), a webhook payload ({ "action": ..., "alert": ... }), or an array or NDJSON of either');
    const value = document.value[list];
    items = Array.isArray(value) ? value.map((element: unknown, index) => ({ value: element, place: at(root, list, index) })) : [{ value, place: at(root, list) }];
  }
  // The first item tells the form; the others must have it too.
  const first = items[0]?.value;
  const incidents = isObject(first) && 'alert' in first ? fromWebhooks(items) : items.map(fromAlert);
  return { deployments: [], incidents };
}
