import type { Confidence } from './markers.js';

/** Where a marker was found. */
export type EvidenceKind =
  | 'author'
  | 'committer'
  | 'co-author'
  | 'trailer'
  | 'footer'
  | 'subject'
  | 'bot'
  | 'branch'
  | 'note'
  | 'agent-trace';

export interface Evidence {
  /** Canonical tool id, e.g. `claude-code`; for tools outside the catalog, made from the name found. */
  readonly tool: string;
  readonly kind: EvidenceKind;
  /** The text that matched, as it appears in the commit. */
  readonly text: string;
  readonly confidence: Confidence;
  /** True when no catalog marker matched and a generic form (`Assisted-by:`, `Generated with [X](...)`) did. */
  readonly generic?: boolean;
}
