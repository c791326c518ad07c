import { importGeneric } from './generic.js';
import { importGithubDeployments } from './github-deployments.js';
import { importOpsgenie } from './opsgenie.js';
import { importPagerduty } from './pagerduty.js';
import type { Importer } from './records.js';

/**
 * `blastwall import <kind> <file>`: one importer per source, each a pure function from the file's
 * text to normalized records. A bad item throws a UserError naming the file and the item, and
 * nothing is returned, so that a file is imported whole or not at all.
 */
export const IMPORT_KINDS = ['github-deployments', 'pagerduty', 'opsgenie', 'generic'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const importers: Record<ImportKind, Importer> = {
  'github-deployments': importGithubDeployments,
  pagerduty: importPagerduty,
  opsgenie: importOpsgenie,
  generic: importGeneric,
};

export const isImportKind = (kind: string): kind is ImportKind => (IMPORT_KINDS as readonly string[]).includes(kind);

export type { ImportedDeployment, ImportedIncident, ImportOptions, ImportResult, Importer } from './records.js';
