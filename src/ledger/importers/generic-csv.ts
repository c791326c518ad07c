import type { z } from 'zod';
import { readCsv, type CsvRow } from './csv.js';
import { deploymentSchema, incidentSchema, rejectDuplicates, toDeployment, toIncident, type FieldErrors } from './generic-records.js';
import { describeIssue, fail, type Place } from './problems.js';
import type { ImportedDeployment, ImportedIncident, ImportResult } from './records.js';

/**
 * The CSV form of the generic format. A `kind` column says what each row is, `incident` or
 * `deployment`; a file may hold one kind or both (the union of their columns). Services are
 * separated by `;`. An empty cell is an absent value. Errors name the line and the column:
 * `incidents.csv:7: started_at: expected an ISO 8601 time, got "yesterday"`.
 */

// Each column and the record field it fills.
const INCIDENT_COLUMNS = {
  key: 'key',
  title: 'title',
  severity: 'severity',
  services: 'services',
  started_at: 'startedAt',
  detected_at: 'detectedAt',
  resolved_at: 'resolvedAt',
  root_cause: 'rootCause',
} as const;
const DEPLOYMENT_COLUMNS = {
  environment: 'environment',
  services: 'services',
  sha: 'sha',
  previous_sha: 'previousSha',
  status: 'status',
  started_at: 'startedAt',
  finished_at: 'finishedAt',
} as const;
const KINDS = { incident: INCIDENT_COLUMNS, deployment: DEPLOYMENT_COLUMNS } as const;
type Kind = keyof typeof KINDS;

export const CSV_COLUMNS = ['kind', ...new Set([...Object.keys(INCIDENT_COLUMNS), ...Object.keys(DEPLOYMENT_COLUMNS)])];

function checkHeader(header: CsvRow, file: string): string[] {
  const place: Place = { file, line: header.line, path: [] };
  const names = header.cells.map((cell) => cell.trim());
  names.forEach((column, index) => {
    if (column === '') fail(place, `column ${index + 1} of the header has no name`);
    if (!CSV_COLUMNS.includes(column)) fail(place, `unknown column "${column}"; the columns are ${CSV_COLUMNS.join(', ')}`);
    if (names.indexOf(column) !== index) fail(place, `column "${column}" appears twice`);
  });
  if (!names.includes('kind')) fail(place, 'no "kind" column: each row says whether it is an incident or a deployment');
  return names;
}

/** A row's cells as record fields, after checking that it fills only its kind's columns. */
function fieldsOf(row: CsvRow, header: readonly string[], kind: Kind, place: Place): Record<string, unknown> {
  const columns: Readonly<Record<string, string>> = KINDS[kind];
  const fields: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const cell = row.cells[index]!.trim();
    if (column === 'kind' || cell === '') return;
    const field = columns[column];
    if (field === undefined) fail({ ...place, path: [column] }, `not a column of ${kind} rows; leave it empty`);
    fields[field] = field === 'services' ? cell.split(';').flatMap((service) => service.trim() || []) : cell;
  });
  return fields;
}

function readRow<Schema extends z.ZodType, Record>(
  schema: Schema,
  build: (parsed: z.output<Schema>, errors: FieldErrors) => Record,
  fields: Readonly<globalThis.Record<string, unknown>>,
  columnOf: (field: string) => string,
  cellOf: (column: string) => string,
  place: Place,
): Record {
  const errors: FieldErrors = {
    label: columnOf,
    fail: (field, message) => fail({ ...place, path: [columnOf(field)] }, message),
  };
  const result = schema.safeParse(fields);
  if (result.success) return build(result.data, errors);
  const issue = result.error.issues[0]!;
  const column = columnOf(String(issue.path[0]));
  const message = describeIssue(issue);
  // Every cell is text, so the text as written is what the user needs to find the mistake.
  const written = cellOf(column).trim();
  return errors.fail(String(issue.path[0]), written === '' || message === 'required' ? message : `${message}, got ${JSON.stringify(written)}`);
}

export function importGenericCsv(text: string, file: string): ImportResult {
  const [headerRow, ...rows] = readCsv(text, file);
  if (!headerRow) return fail({ file, path: [] }, `the file is empty; its first line names the columns: ${CSV_COLUMNS.join(',')}`);
  const header = checkHeader(headerRow, file);
  const deployments: { line: number; record: ImportedDeployment }[] = [];
  const incidents: { line: number; record: ImportedIncident }[] = [];
  for (const row of rows) {
    const place: Place = { file, line: row.line, path: [] };
    if (row.cells.length !== header.length) fail(place, `expected ${header.length} fields as in the header, got ${row.cells.length}`);
    const cellOf = (column: string): string => row.cells[header.indexOf(column)] ?? '';
    const kind = cellOf('kind').trim();
    if (kind !== 'incident' && kind !== 'deployment') {
      fail({ ...place, path: ['kind'] }, kind === '' ? 'required' : `expected incident or deployment, got ${JSON.stringify(kind)}`);
    }
    const columns: Readonly<Record<string, string>> = KINDS[kind];
    const columnOf = (field: string): string => Object.keys(columns).find((column) => columns[column] === field) ?? field;
    const fields = fieldsOf(row, header, kind, place);
    if (kind === 'incident') incidents.push({ line: row.line, record: readRow(incidentSchema, toIncident, fields, columnOf, cellOf, place) });
    else deployments.push({ line: row.line, record: readRow(deploymentSchema, toDeployment, fields, columnOf, cellOf, place) });
  }
  const again = (what: string) => (entry: { line: number }, first: { line: number }): never => fail({ file, line: entry.line, path: [] }, `the same ${what} as line ${first.line}`);
  rejectDuplicates(deployments, ({ record }) => record.externalId, again('deployment (environment, services, sha and started_at)'));
  rejectDuplicates(incidents, ({ record }) => record.key, again('incident key'));
  return { deployments: deployments.map(({ record }) => record), incidents: incidents.map(({ record }) => record) };
}
