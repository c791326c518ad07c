import { z } from 'zod';
import { formatPath } from '../../shared/yaml-location.js';
import { readJson } from './documents.js';
import { array, object } from './fields.js';
import { deploymentSchema, incidentSchema, rejectDuplicates, toDeployment, toIncident, type FieldErrors } from './generic-records.js';
import { at, fail, validate, type Place } from './problems.js';
import type { ImportResult } from './records.js';

/** The JSON form of the generic format: `{ "deployments": [...], "incidents": [...] }`, camelCase fields. */

const fileSchema = object({ deployments: array(z.unknown()).optional(), incidents: array(z.unknown()).optional() }).strict();

const jsonErrors = (place: Place): FieldErrors => ({
  label: (field) => field,
  fail: (field, message) => fail(at(place, field), message),
});

export function importGenericJson(text: string, file: string): ImportResult {
  const root: Place = { file, path: [] };
  const content = validate(fileSchema, readJson(text, file), root);
  const placed = (list: readonly unknown[] | undefined, field: string) => (list ?? []).map((value, index) => ({ value, place: at(root, field, index) }));
  const deployments = placed(content.deployments, 'deployments').map(({ value, place }) => ({
    place,
    record: toDeployment(validate(deploymentSchema, value, place), jsonErrors(place)),
  }));
  const incidents = placed(content.incidents, 'incidents').map(({ value, place }) => ({
    place,
    record: toIncident(validate(incidentSchema, value, place), jsonErrors(place)),
  }));
  const again =
    (what: string) =>
    (entry: { place: Place }, first: { place: Place }): never =>
      fail(entry.place, `the same ${what} as ${formatPath(first.place.path)}`);
  rejectDuplicates(deployments, ({ record }) => `${record.source}\n${record.externalId}`, again('deployment (source and externalId)'));
  rejectDuplicates(incidents, ({ record }) => `${record.source}\n${record.key}`, again('incident (source and key)'));
  return { deployments: deployments.map(({ record }) => record), incidents: incidents.map(({ record }) => record) };
}

