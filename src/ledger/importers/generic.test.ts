import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { importGeneric } from './generic.js';

const read = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return 'no error';
};

const SHA1 = '4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
const SHA2 = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const SHA3 = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

const INCIDENTS_HEADER = 'kind,key,title,severity,services,started_at,detected_at,resolved_at,root_cause';
const DEPLOYMENTS_HEADER = 'kind,environment,services,sha,previous_sha,status,started_at,finished_at';
const incidentsCsv = (...rows: string[]): string => [INCIDENTS_HEADER, ...rows].join('\n') + '\n';
const deploymentsCsv = (...rows: string[]): string => [DEPLOYMENTS_HEADER, ...rows].join('\n') + '\n';
const OK_INCIDENT = 'incident,INC-1,Checkout down,SEV2,checkout-api,2026-11-30T10:00:00Z,,,';

describe('importGeneric: CSV', () => {
  it('reads a file of both kinds: services split on ";", empty cells absent, times in UTC', () => {
    expect(importGeneric(read('generic.csv'), 'generic.csv')).toEqual({
      deployments: [
        {
          source: 'generic',
          externalId: `production/checkout-api/${SHA1}/2026-11-30T10:00:00.000Z`,
          environment: 'production',
          services: ['checkout-api'],
          sha: SHA1,
          previousSha: SHA2,
          status: 'success',
          startedAt: '2026-11-30T10:00:00.000Z',
          finishedAt: '2026-11-30T10:06:30.000Z',
        },
        {
          source: 'generic',
          externalId: `production/payments-api;ledger-worker/${SHA3}/2026-11-30T10:00:00.000Z`,
          environment: 'production',
          services: ['payments-api', 'ledger-worker'],
          sha: SHA3,
          status: 'failure',
          startedAt: '2026-11-30T10:00:00.000Z',
          finishedAt: '2026-11-30T10:09:15.000Z',
        },
      ],
      incidents: [
        {
          source: 'generic',
          key: 'INC-101',
          title: 'Checkout errors, then timeouts',
          severity: 'SEV1',
          originalSeverity: 'SEV1',
          services: ['checkout-api'],
          startedAt: '2026-11-30T10:15:00.000Z',
          detectedAt: '2026-11-30T10:20:00.000Z',
          resolvedAt: '2026-11-30T11:05:09.000Z',
          rootCause: '4f3c2a1',
          status: 'resolved',
        },
        {
          source: 'generic',
          key: 'INC-102',
          title: 'Webhooks delayed\n(second line of the title)',
          severity: 'SEV3',
          originalSeverity: 'p3',
          services: ['payments-api'],
          startedAt: '2026-11-30T12:00:00.250Z',
          status: 'open',
        },
      ],
    });
  });

  it('reads files of one kind with the documented headers; a deployment is a success unless it says otherwise', () => {
    expect(importGeneric(incidentsCsv(OK_INCIDENT), 'incidents.csv').incidents).toEqual([
      {
        source: 'generic',
        key: 'INC-1',
        title: 'Checkout down',
        severity: 'SEV2',
        originalSeverity: 'SEV2',
        services: ['checkout-api'],
        startedAt: '2026-11-30T10:00:00.000Z',
        status: 'open',
      },
    ]);
    expect(importGeneric(deploymentsCsv(`deployment,prod,api,${SHA1},,,2026-11-30T10:00:00Z,`), 'deploys.csv').deployments).toEqual([
      {
        source: 'generic',
        externalId: `prod/api/${SHA1}/2026-11-30T10:00:00.000Z`,
        environment: 'prod',
        services: ['api'],
        sha: SHA1,
        status: 'success',
        startedAt: '2026-11-30T10:00:00.000Z',
      },
    ]);
  });

  it('names the line and column of a bad value, counting blank lines and quoted line breaks', () => {
    const text = incidentsCsv(
      OK_INCIDENT,
      '',
      'incident,INC-2,"Two',
      'lines",SEV3,api,2026-11-30T10:00:00Z,,,',
      'incident,INC-3,Three,SEV3,api,2026-11-30T10:00:00Z,,,',
      'incident,INC-4,Four,SEV3,api,yesterday,,,',
    );
    expect(errorOf(() => importGeneric(text, 'incidents.csv'))).toBe('incidents.csv:7: started_at: expected an ISO 8601 time, got "yesterday"');
  });

  it('reports the first mistake of a row with the value as written', () => {
    const row = (cells: string) => errorOf(() => importGeneric(incidentsCsv(cells), 'incidents.csv'));
    expect(row('incident,INC-1,Down,critical,api,2026-11-30T10:00:00Z,,,')).toBe(
      'incidents.csv:2: severity: expected SEV1, SEV2, SEV3, SEV4 or a priority P1 to P5, got "critical"',
    );
    expect(row('incident,,Down,SEV1,api,2026-11-30T10:00:00Z,,,')).toBe('incidents.csv:2: key: required');
    expect(row('incident,INC-1,Down,SEV1,api,2026-11-30T10:00,,,')).toBe(
      'incidents.csv:2: started_at: expected an ISO 8601 time with a zone (Z or +hh:mm), got "2026-11-30T10:00"',
    );
    expect(row('incident,INC-1,Down,SEV1,api,2026-02-30T10:00:00Z,,,')).toBe('incidents.csv:2: started_at: expected an ISO 8601 time, got "2026-02-30T10:00:00Z"');
    expect(row('incident,INC-1,Down,SEV1,api,2026-11-30T10:00:00Z,,,HEAD~1')).toBe(
      'incidents.csv:2: root_cause: expected a commit id (7 to 64 hexadecimal digits), got "HEAD~1"',
    );
    expect(row('incident,INC-1,Down,SEV1,api,2026-11-30T10:00:00Z,,2026-11-30T09:00:00Z,')).toBe(
      'incidents.csv:2: resolved_at: 2026-11-30T09:00:00.000Z is before started_at 2026-11-30T10:00:00.000Z',
    );
    expect(row('incidents,INC-1,Down,SEV1,api,2026-11-30T10:00:00Z,,,')).toBe('incidents.csv:2: kind: expected incident or deployment, got "incidents"');
  });

  it('rejects a deployment row without a sha, or with a short one', () => {
    expect(errorOf(() => importGeneric(deploymentsCsv('deployment,prod,api,,,success,2026-11-30T10:00:00Z,'), 'deploys.csv'))).toBe('deploys.csv:2: sha: required');
    expect(errorOf(() => importGeneric(deploymentsCsv('deployment,prod,api,4f3c2a1,,success,2026-11-30T10:00:00Z,'), 'deploys.csv'))).toBe(
      'deploys.csv:2: sha: expected a full commit id (40 hexadecimal digits), got "4f3c2a1"',
    );
    expect(errorOf(() => importGeneric(deploymentsCsv(`deployment,prod,api,${SHA1},,shipped,2026-11-30T10:00:00Z,`), 'deploys.csv'))).toBe(
      'deploys.csv:2: status: expected one of success, failure, error, pending, in_progress, inactive, got "shipped"',
    );
    expect(errorOf(() => importGeneric(deploymentsCsv(`deployment,prod, ; ,${SHA1},,,2026-11-30T10:00:00Z,`), 'deploys.csv'))).toBe(
      'deploys.csv:2: services: expected at least one service, got ";"',
    );
  });

  it('rejects a row whose field count differs from the header', () => {
    expect(errorOf(() => importGeneric(incidentsCsv(OK_INCIDENT, OK_INCIDENT.replace('INC-1', 'INC-2'), 'incident,INC-3,Down,SEV1,api,2026-11-30T10:00:00Z,,'), 'incidents.csv'))).toBe(
      'incidents.csv:4: expected 9 fields as in the header, got 8',
    );
  });

  it('rejects a header with an unknown, repeated or missing column', () => {
    expect(errorOf(() => importGeneric('kind,key,title,sev\n', 'i.csv'))).toBe(
      'i.csv:1: unknown column "sev"; the columns are kind, key, title, severity, services, started_at, detected_at, resolved_at, root_cause, environment, sha, previous_sha, status, finished_at',
    );
    expect(errorOf(() => importGeneric('kind,key,key\n', 'i.csv'))).toBe('i.csv:1: column "key" appears twice');
    expect(errorOf(() => importGeneric('key,title\n', 'i.csv'))).toBe('i.csv:1: no "kind" column: each row says whether it is an incident or a deployment');
  });

  it('rejects a value in a column of the other kind', () => {
    const text = `kind,key,title,severity,started_at,sha\nincident,INC-1,Down,SEV1,2026-11-30T10:00:00Z,${SHA1}\n`;
    expect(errorOf(() => importGeneric(text, 'mixed.csv'))).toBe('mixed.csv:2: sha: not a column of incident rows; leave it empty');
  });

  it('rejects a key given twice', () => {
    expect(errorOf(() => importGeneric(incidentsCsv(OK_INCIDENT, 'incident,INC-1,Again,SEV3,api,2026-11-30T11:00:00Z,,,'), 'incidents.csv'))).toBe(
      'incidents.csv:3: the same incident key as line 2',
    );
  });

  it('rejects broken CSV and an empty file', () => {
    expect(errorOf(() => importGeneric(incidentsCsv('incident,INC-1,"Down,SEV1,api,2026-11-30T10:00:00Z,,,'), 'incidents.csv'))).toBe(
      'incidents.csv:2: not valid CSV: a quoted field is not closed before the end of the file',
    );
    // The row where the quote opens, not the last line of the file.
    expect(errorOf(() => importGeneric(incidentsCsv(OK_INCIDENT, 'incident,INC-2,"Down,SEV1,api,2026-11-30T10:00:00Z,,,', OK_INCIDENT.replace('INC-1', 'INC-3')), 'incidents.csv'))).toBe(
      'incidents.csv:3: not valid CSV: a quoted field is not closed before the end of the file',
    );
    expect(errorOf(() => importGeneric(incidentsCsv('incident,INC-1,Down "bad",SEV1,api,2026-11-30T10:00:00Z,,,'), 'incidents.csv'))).toBe(
      'incidents.csv:2: not valid CSV: a quote inside an unquoted field: quote the whole field and double the quotes inside it',
    );
    expect(errorOf(() => importGeneric('\n\n', 'empty.csv'))).toBe(
      'empty.csv: the file is empty; its first line names the columns: kind,key,title,severity,services,started_at,detected_at,resolved_at,root_cause,environment,sha,previous_sha,status,finished_at',
    );
  });

  it('reads a file saved with a byte order mark and CRLF line ends', () => {
    const text = `\uFEFF${incidentsCsv(OK_INCIDENT).replaceAll('\n', '\r\n')}`;
    expect(importGeneric(text, 'excel.csv').incidents.map((incident) => [incident.key, incident.title])).toEqual([['INC-1', 'Checkout down']]);
  });
});

describe('importGeneric: JSON', () => {
  it('reads deployments and incidents with the normalized fields, defaults filled in', () => {
    expect(importGeneric(read('generic.json'), 'generic.json')).toEqual({
      deployments: [
        {
          source: 'generic',
          externalId: `production/checkout-api/${SHA1}/2026-11-30T10:00:00.000Z`,
          environment: 'production',
          services: ['checkout-api'],
          sha: SHA1,
          previousSha: SHA2,
          status: 'success',
          startedAt: '2026-11-30T10:00:00.000Z',
          finishedAt: '2026-11-30T10:06:30.000Z',
        },
        {
          source: 'spinnaker',
          externalId: 'pipeline-88412',
          environment: 'production',
          services: ['payments-api', 'ledger-worker'],
          sha: SHA3,
          status: 'failure',
          startedAt: '2026-11-30T10:00:00.000Z',
          url: 'https://spinnaker.example.com/pipelines/88412',
        },
      ],
      incidents: [
        {
          source: 'generic',
          key: 'INC-101',
          title: 'Checkout errors, then timeouts',
          severity: 'SEV1',
          originalSeverity: 'SEV-1',
          services: ['checkout-api'],
          startedAt: '2026-11-30T10:15:00.000Z',
          detectedAt: '2026-11-30T10:20:00.000Z',
          resolvedAt: '2026-11-30T11:05:09.000Z',
          url: 'https://status.example.com/incidents/101',
          rootCause: '4f3c2a1',
          status: 'resolved',
        },
        {
          source: 'incident.io',
          key: 'INC-102',
          title: 'Webhooks delayed',
          severity: 'SEV4',
          originalSeverity: 'minor',
          services: [],
          startedAt: '2026-11-30T12:00:00.000Z',
          status: 'acknowledged',
        },
      ],
    });
  });

  it('is strict: an unknown field is an error', () => {
    expect(errorOf(() => importGeneric('{"incident": []}', 'g.json'))).toBe('g.json: unknown field "incident"');
    const file = JSON.parse(read('generic.json')) as { incidents: Record<string, unknown>[] };
    file.incidents[1]!.started_at = '2026-11-30T12:00:00Z';
    expect(errorOf(() => importGeneric(JSON.stringify(file), 'g.json'))).toBe('g.json: incidents[1]: unknown field "started_at"');
  });

  it('names the element and field of a bad value', () => {
    const broken = (change: (file: { deployments: Record<string, unknown>[]; incidents: Record<string, unknown>[] }) => void): string => {
      const file = JSON.parse(read('generic.json')) as { deployments: Record<string, unknown>[]; incidents: Record<string, unknown>[] };
      change(file);
      return errorOf(() => importGeneric(JSON.stringify(file), 'g.json'));
    };
    expect(broken((file) => (file.incidents[0]!.severity = 'high'))).toBe('g.json: incidents[0].severity: expected SEV1, SEV2, SEV3, SEV4 or a priority P1 to P5');
    expect(broken((file) => delete file.deployments[1]!.sha)).toBe('g.json: deployments[1].sha: required');
    expect(broken((file) => (file.deployments[0]!.services = []))).toBe('g.json: deployments[0].services: expected at least one service');
    expect(broken((file) => (file.incidents[1]!.status = 'resolved'))).toBe('g.json: incidents[1].resolvedAt: required when status is "resolved"');
    expect(broken((file) => (file.incidents[0]!.status = 'open'))).toBe('g.json: incidents[0].resolvedAt: set, but status is "open"');
    expect(broken((file) => (file.deployments[1] = { ...file.deployments[0] }))).toBe(
      'g.json: deployments[1]: the same deployment (source and externalId) as deployments[0]',
    );
  });

  it('names the line and column of a JSON syntax error', () => {
    const text = read('generic.json').replace('"environment": "production",\n      "services": ["checkout-api"]', '"environment": "production"\n      "services": ["checkout-api"]');
    expect(errorOf(() => importGeneric(text, 'g.json'))).toBe(`g.json:5:7: not valid JSON: expected ',' or '}' after a property value, got "\\""`);
  });
});
