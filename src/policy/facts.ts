import type { ChangeStatus } from '../git/diff.js';
import type { Criticality } from '../ownership/schema.js';
import type { Confidence } from '../provenance/markers.js';

/**
 * Everything the gate knows about a change when it judges it. Gathered from git, provenance and
 * the blast radius by `gatherFacts`; tests build it by hand, so evaluation needs no repository.
 */
export interface ChangeFacts {
  /** `base..head`, or `pr:<number>` when a pull request is judged. */
  readonly change: string;
  readonly base: string | undefined;
  readonly head: string;
  readonly commits: readonly FactCommit[];
  readonly files: readonly FactFile[];
  readonly radius: FactRadius;
  /** Pull request labels. */
  readonly labels: readonly string[];
  /** The pull request's author (a GitHub login), when there is one. */
  readonly author: string | undefined;
  /** When the check runs (ISO 8601): freeze windows are judged against it. */
  readonly now: string;
}

export interface FactCommit {
  readonly sha: string;
  readonly author: { readonly name: string; readonly email: string };
  readonly subject: string;
  readonly ai: boolean;
  readonly tools: readonly { readonly tool: string; readonly name: string; readonly confidence: Confidence }[];
  readonly added: number;
  readonly deleted: number;
}

export interface FactFile {
  readonly path: string;
  readonly status: ChangeStatus;
  /** Lines added and deleted in the change's net diff (0 for binary files). */
  readonly added: number;
  readonly deleted: number;
  /** Line ranges of the new version that the change added or modified (for annotations). */
  readonly hunks: readonly { readonly start: number; readonly end: number }[];
  /** Zones whose paths hold the file. */
  readonly zones: readonly string[];
}

export interface FactRadius {
  readonly files: number;
  readonly packages: number;
  readonly services: readonly { readonly name: string; readonly criticality: Criticality; readonly distance: number; readonly why: readonly string[] }[];
  /** Zones in reach; distance 0 means the change touches the zone itself. */
  readonly zones: readonly { readonly name: string; readonly criticality: Criticality; readonly distance: number; readonly why: readonly string[] }[];
  readonly owners: readonly string[];
  readonly score: number;
  readonly summary: string;
}
