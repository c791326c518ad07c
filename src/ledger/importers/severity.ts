import type { Severity } from './records.js';

/**
 * One severity scale for every source, SEV1 (worst) to SEV4, so that insights can weight incidents
 * alike. docs/import.md has the same tables.
 *
 * Priorities P1 to P5 (PagerDuty, Opsgenie, Jira Service Management): P1 to P3 keep their number,
 * and P4 and P5 are both SEV4, since a four-level scale has no lower level for P5.
 */
export function severityOfPriority(priority: string): Severity | undefined {
  const match = /^P([1-5])$/i.exec(priority.trim());
  return match ? (`SEV${Math.min(Number(match[1]), 4)}` as Severity) : undefined;
}

/** `SEV1`..`SEV4`, also written `sev-2` or `Sev 2`. */
export function severityOfLabel(label: string): Severity | undefined {
  const match = /^SEV[- ]?([1-4])$/i.exec(label.trim());
  return match ? (`SEV${match[1]}` as Severity) : undefined;
}

/**
 * PagerDuty incidents without a priority have only an urgency. A high-urgency incident pages
 * someone at once, which is at least a SEV2; SEV1 is kept for what a person prioritised as P1.
 */
export const SEVERITY_OF_URGENCY = { high: 'SEV2', low: 'SEV3' } as const satisfies Record<string, Severity>;

// `root cause: 1a2b3c4`, `Root-Cause = <sha>`, `root_cause: <sha>`: how responders name the culprit in a note.
const ROOT_CAUSE = /\broot[\s_-]?cause\s*[:=]\s*([0-9a-f]{7,64})\b/gi;

/** The last commit named as a root cause in some texts (notes in time order: the latest word wins). */
export function findRootCause(texts: Iterable<string | undefined>): string | undefined {
  let found: string | undefined;
  for (const text of texts) {
    for (const match of text?.matchAll(ROOT_CAUSE) ?? []) found = match[1]!.toLowerCase();
  }
  return found;
}
