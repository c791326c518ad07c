import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { importOpsgenie } from './opsgenie.js';

const read = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
// GET /v2/alerts: a closed P1 with service tags, an acknowledged P4 whose service and root cause
// are extra properties, and an open P5 without a service.
const alertList = read('opsgenie-alerts.json');
// Webhook payloads of one alert (Create, Acknowledge, AddNote naming the root cause,
// UpdatePriority to P1, Close) and the creation of another, with Opsgenie's epoch times.
const webhooks = read('opsgenie-webhooks.json');
type Payload = { action: string; alert: Record<string, unknown> };
const payloads = (): Payload[] => JSON.parse(webhooks) as Payload[];

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return 'no error';
};

const CHECKOUT_ALERT = '70413a06-38d6-4c85-92b8-5ebc900d42e2';

describe('importOpsgenie: alert lists', () => {
  it('reads the alerts: services from tags and properties, close time from the report, P4 and P5 as SEV4', () => {
    expect(importOpsgenie(alertList, 'alerts.json')).toEqual({
      deployments: [],
      incidents: [
        {
          source: 'opsgenie',
          key: CHECKOUT_ALERT,
          title: 'Checkout p99 latency over 1.5s',
          severity: 'SEV1',
          originalSeverity: 'P1',
          services: ['checkout-api', 'cart-api'],
          startedAt: '2026-11-30T10:18:00.000Z',
          detectedAt: '2026-11-30T10:18:00.000Z',
          // createdAt plus report.closeTime (44 minutes).
          resolvedAt: '2026-11-30T11:02:00.000Z',
          status: 'resolved',
        },
        {
          source: 'opsgenie',
          key: 'a93b7d20-5e1f-4c2a-9d77-0c1e2f3a4b5c',
          title: 'Ledger worker queue backlog',
          severity: 'SEV4',
          originalSeverity: 'P4',
          services: ['ledger-worker'],
          startedAt: '2026-11-30T12:05:00.000Z',
          detectedAt: '2026-11-30T12:05:00.000Z',
          rootCause: '9e8d7c6b5a4f',
          status: 'acknowledged',
        },
        {
          source: 'opsgenie',
          key: 'c0ffee00-1111-4222-8333-944455556666',
          title: 'Disk 91% on search-3',
          severity: 'SEV4',
          originalSeverity: 'P5',
          services: [],
          startedAt: '2026-11-30T13:00:00.000Z',
          detectedAt: '2026-11-30T13:00:00.000Z',
          status: 'open',
        },
      ],
    });
  });

  it('reads a bare array, JSM Operations values, and one alert; closedAt wins, else the last update', () => {
    const { data } = JSON.parse(alertList) as { data: Record<string, unknown>[] };
    const closed = { ...data[0], report: {}, updatedAt: '2026-11-30T11:30:00Z' };
    expect(importOpsgenie(JSON.stringify([closed]), 'alerts.json').incidents[0]!.resolvedAt).toBe('2026-11-30T11:30:00.000Z');
    expect(importOpsgenie(JSON.stringify({ values: [{ ...closed, closedAt: '2026-11-30T11:10:00Z' }] }), 'jsm.json').incidents[0]!.resolvedAt).toBe(
      '2026-11-30T11:10:00.000Z',
    );
    expect(importOpsgenie(JSON.stringify({ data: data[2] }), 'one.json').incidents.map((incident) => incident.key)).toEqual(['c0ffee00-1111-4222-8333-944455556666']);
  });

  it('names the alert and field of a broken list', () => {
    const list = JSON.parse(alertList) as { data: Record<string, unknown>[] };
    list.data[1]!.priority = 'P0';
    expect(errorOf(() => importOpsgenie(JSON.stringify(list), 'alerts.json'))).toBe('alerts.json: data[1].priority: expected one of P1, P2, P3, P4, P5');
    list.data[1]!.priority = 'P4';
    list.data[2]!.createdAt = '30/11/2026 13:00';
    expect(errorOf(() => importOpsgenie(JSON.stringify(list), 'alerts.json'))).toBe('alerts.json: data[2].createdAt: expected an ISO 8601 time');
    const { data } = JSON.parse(alertList) as { data: Record<string, unknown>[] };
    const unknowable = { ...data[0], report: {}, updatedAt: undefined };
    expect(errorOf(() => importOpsgenie(JSON.stringify([unknowable]), 'alerts.json'))).toBe(
      'alerts.json: [0]: a closed alert needs closedAt, report.closeTime or updatedAt to tell when it closed',
    );
  });
});

describe('importOpsgenie: webhooks', () => {
  const checkout = {
    source: 'opsgenie',
    key: CHECKOUT_ALERT,
    title: 'Checkout p99 latency over 1.5s',
    severity: 'SEV1',
    originalSeverity: 'P1',
    services: ['checkout-api'],
    startedAt: '2026-11-30T10:18:00.000Z',
    detectedAt: '2026-11-30T10:18:00.000Z',
    // The Close action's updatedAt, in nanoseconds.
    resolvedAt: '2026-11-30T11:02:00.000Z',
    rootCause: '4f3c2a1b0e9d8c7b',
    status: 'resolved',
  };
  const cart = {
    source: 'opsgenie',
    key: 'b1c2d3e4-0000-4000-8000-000000000001',
    title: 'Cart service 5xx',
    // No priority in the payload: Opsgenie's default.
    severity: 'SEV3',
    originalSeverity: 'P3',
    services: ['cart-api'],
    startedAt: '2026-11-30T10:28:00.000Z',
    detectedAt: '2026-11-30T10:28:00.000Z',
    status: 'open',
  };

  it('folds the actions on each alert into one record', () => {
    expect(importOpsgenie(webhooks, 'opsgenie.json')).toEqual({ deployments: [], incidents: [checkout, cart] });
  });

  it('reads them as NDJSON and in any order, and one payload alone', () => {
    const ndjson = payloads()
      .reverse()
      .map((payload) => JSON.stringify(payload))
      .join('\n');
    expect(importOpsgenie(ndjson, 'opsgenie.ndjson').incidents).toEqual([cart, checkout]);
    const [created] = payloads();
    expect(importOpsgenie(JSON.stringify(created), 'create.json').incidents).toEqual([
      { ...checkout, severity: 'SEV2', originalSeverity: 'P2', resolvedAt: undefined, rootCause: undefined, status: 'open' },
    ]);
  });

  it('reads acknowledged and unacknowledged alerts', () => {
    const [created, acknowledged] = payloads();
    expect(importOpsgenie(JSON.stringify([created, acknowledged]), 'a.json').incidents[0]!.status).toBe('acknowledged');
    const unacknowledged = { ...acknowledged!, action: 'UnAcknowledge', alert: { ...acknowledged!.alert, updatedAt: 1796035000000000000 } };
    expect(importOpsgenie(JSON.stringify([created, acknowledged, unacknowledged]), 'a.json').incidents[0]!.status).toBe('open');
  });

  it('names the line and field of a broken NDJSON payload', () => {
    const lines = payloads().map((payload) => JSON.stringify(payload));
    const broken = payloads()[2]!;
    delete broken.alert.alertId;
    lines[2] = JSON.stringify(broken);
    expect(errorOf(() => importOpsgenie(lines.join('\n'), 'opsgenie.ndjson'))).toBe('opsgenie.ndjson:3: alert.alertId: required');
    broken.alert.alertId = CHECKOUT_ALERT;
    broken.alert.updatedAt = 'soon';
    lines[2] = JSON.stringify(broken);
    expect(errorOf(() => importOpsgenie(lines.join('\n'), 'opsgenie.ndjson'))).toBe('opsgenie.ndjson:3: alert.updatedAt: expected an ISO 8601 time');
  });

  it('rejects an alert none of whose actions gives its message', () => {
    const [, acknowledged] = payloads();
    delete acknowledged!.alert.message;
    expect(errorOf(() => importOpsgenie(JSON.stringify([acknowledged]), 'a.json'))).toBe(
      `a.json: [0].alert.message: required in at least one action on alert ${CHECKOUT_ALERT}`,
    );
  });

  it('rejects other JSON with what it expected', () => {
    expect(errorOf(() => importOpsgenie('{"alerts": []}', 'x.json'))).toBe(
      'x.json: expected an alert list ({ "data": [...] } or { "values": [...] }), a webhook payload ({ "action": ..., "alert": ... }), or an array or NDJSON of either',
    );
  });
});
