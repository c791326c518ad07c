import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { importPagerduty } from './pagerduty.js';

const read = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
// v3 webhook payloads of two incidents as a receiver logged them, one per line: the first
// incident is triggered, acknowledged, raised to P1, annotated with its root cause and resolved
// (the priority change arrived late); the second is resolved and reopened. A responder event
// is in between.
const webhooks = read('pagerduty-webhooks.ndjson');
const events = (): { event: Record<string, unknown> & { data: Record<string, unknown> } }[] =>
  webhooks
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: Record<string, unknown> & { data: Record<string, unknown> } });
// GET /incidents
const restExport = read('pagerduty-incidents.json');

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return 'no error';
};

const checkout = {
  source: 'pagerduty',
  key: 'Q1ZR0VU2',
  title: 'Checkout error rate above 5%',
  severity: 'SEV1',
  originalSeverity: 'P1',
  services: ['checkout-api'],
  startedAt: '2026-11-30T10:20:00.000Z',
  detectedAt: '2026-11-30T10:20:00.000Z',
  resolvedAt: '2026-11-30T11:05:09.000Z',
  url: 'https://acme.pagerduty.com/incidents/Q1ZR0VU2',
  rootCause: '4f3c2a1b0e9d',
  status: 'resolved',
};
const webhooksDelayed = {
  source: 'pagerduty',
  key: 'Q3LK9ABC',
  title: 'Payment webhooks delayed',
  // No priority: a low urgency.
  severity: 'SEV3',
  originalSeverity: 'low',
  services: ['payments-api'],
  startedAt: '2026-11-30T12:00:00.000Z',
  detectedAt: '2026-11-30T12:00:00.000Z',
  url: 'https://acme.pagerduty.com/incidents/Q3LK9ABC',
  status: 'open',
};

describe('importPagerduty: v3 webhooks', () => {
  it('folds the events of each incident into one record, in the order the file first names them', () => {
    expect(importPagerduty(webhooks, 'pagerduty.ndjson')).toEqual({ deployments: [], incidents: [checkout, webhooksDelayed] });
  });

  it('reads the same events as a JSON array, and as one payload per file', () => {
    expect(importPagerduty(JSON.stringify(events(), null, 2), 'pagerduty.json').incidents).toEqual([checkout, webhooksDelayed]);
    const [triggered] = events();
    expect(importPagerduty(JSON.stringify(triggered), 'one.json').incidents).toEqual([
      { ...checkout, severity: 'SEV2', originalSeverity: 'P2', resolvedAt: undefined, rootCause: undefined, status: 'open' },
    ]);
  });

  it('keeps the time of the first resolution after the last reopening', () => {
    const [triggered, , , , , , resolved] = events();
    const resolvedAgain = { event: { ...resolved!.event, id: 'later', occurred_at: '2026-11-30T11:30:00Z' } };
    const reopened = { event: { ...triggered!.event, event_type: 'incident.reopened', occurred_at: '2026-11-30T11:10:00Z' } };
    const text = JSON.stringify([triggered, resolved, resolvedAgain, reopened]);
    // Resolved at 11:05, reopened at 11:10, resolved again at 11:30.
    expect(importPagerduty(text, 'p.json').incidents[0]!.resolvedAt).toBe('2026-11-30T11:30:00.000Z');
  });

  it('maps priorities P1..P5 and renamed SEV priorities, else the urgency', () => {
    const [triggered] = events();
    const severityWith = (priority: string | null, urgency = 'high'): [string, string] => {
      const data = { ...triggered!.event.data, priority: priority === null ? null : { summary: priority }, urgency };
      const [incident] = importPagerduty(JSON.stringify({ event: { ...triggered!.event, data } }), 'p.json').incidents;
      return [incident!.severity, incident!.originalSeverity];
    };
    expect([severityWith('P1'), severityWith('P3'), severityWith('P4'), severityWith('P5'), severityWith('SEV-2')]).toEqual([
      ['SEV1', 'P1'],
      ['SEV3', 'P3'],
      ['SEV4', 'P4'],
      ['SEV4', 'P5'],
      ['SEV2', 'SEV-2'],
    ]);
    expect([severityWith(null, 'high'), severityWith(null, 'low'), severityWith('Major', 'high')]).toEqual([
      ['SEV2', 'high'],
      ['SEV3', 'low'],
      ['SEV2', 'high'],
    ]);
  });

  it('names the element, with its path, of a broken payload in a JSON array', () => {
    const list = events();
    list[3]!.event.data.created_at = 'last tuesday';
    expect(errorOf(() => importPagerduty(JSON.stringify(list), 'pagerduty.json'))).toBe('pagerduty.json: [3].event.data.created_at: expected an ISO 8601 time');
    const missing = events();
    delete missing[0]!.event.occurred_at;
    expect(errorOf(() => importPagerduty(JSON.stringify(missing), 'pagerduty.json'))).toBe('pagerduty.json: [0].event.occurred_at: required');
  });

  it('names the line of a broken NDJSON payload', () => {
    const lines = webhooks.split('\n');
    lines[6] = lines[6]!.replace('"status":"resolved"', '"status":"closed"');
    expect(errorOf(() => importPagerduty(lines.join('\n'), 'pagerduty.ndjson'))).toBe(
      'pagerduty.ndjson:7: event.data.status: expected one of triggered, acknowledged, resolved',
    );
    lines[6] = '{"event": {"event_type": "incident.resolved",';
    expect(errorOf(() => importPagerduty(lines.join('\n'), 'pagerduty.ndjson'))).toBe(
      `pagerduty.ndjson:7:46: not valid JSON: expected a property name in double quotes, got the end of the text`,
    );
  });

  it('rejects a note on an incident that no event of the file describes', () => {
    const [, , , , , annotated] = events();
    expect(errorOf(() => importPagerduty(JSON.stringify([annotated]), 'notes.json'))).toBe(
      'notes.json: [0]: a note on incident Q1ZR0VU2, but no event in the file describes that incident (its title, service and times)',
    );
  });

  it('rejects other JSON with what it expected', () => {
    expect(errorOf(() => importPagerduty('{"messages": []}', 'v2.json'))).toBe(
      'v2.json: expected a PagerDuty v3 webhook payload ({ "event": ... }), an array or NDJSON of them, or a REST export ({ "incidents": [...] })',
    );
  });
});

describe('importPagerduty: REST export', () => {
  it('reads GET /incidents: resolved_at, or the last status change of a resolved incident', () => {
    expect(importPagerduty(restExport, 'incidents.json')).toEqual({
      deployments: [],
      incidents: [
        { ...checkout, rootCause: undefined },
        { ...webhooksDelayed, status: 'acknowledged' },
        {
          source: 'pagerduty',
          key: 'Q7TT2XYZ',
          title: 'Search latency p99 over 2s',
          severity: 'SEV4',
          originalSeverity: 'P5',
          services: ['search-api'],
          startedAt: '2026-11-29T13:00:00.000Z',
          detectedAt: '2026-11-29T13:00:00.000Z',
          resolvedAt: '2026-11-29T14:30:00.000Z',
          url: 'https://acme.pagerduty.com/incidents/Q7TT2XYZ',
          status: 'resolved',
        },
      ],
    });
  });

  it('reads GET /incidents/{id}', () => {
    const { incidents } = JSON.parse(restExport) as { incidents: unknown[] };
    expect(importPagerduty(JSON.stringify({ incident: incidents[1] }), 'one.json').incidents).toEqual([{ ...webhooksDelayed, status: 'acknowledged' }]);
  });

  it('names the incident of a broken export', () => {
    const exported = JSON.parse(restExport) as { incidents: Record<string, unknown>[] };
    exported.incidents[2]!.urgency = 'urgent';
    expect(errorOf(() => importPagerduty(JSON.stringify(exported), 'incidents.json'))).toBe('incidents.json: incidents[2].urgency: expected one of high, low');
    exported.incidents[2]!.urgency = 'low';
    delete exported.incidents[2]!.last_status_change_at;
    expect(errorOf(() => importPagerduty(JSON.stringify(exported), 'incidents.json'))).toBe('incidents.json: incidents[2].resolved_at: required when status is "resolved"');
  });
});
