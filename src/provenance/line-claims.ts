import type { Confidence } from './markers.js';
import type { Evidence } from './evidence.js';

/**
 * Lines that a record (a git-ai note, an Agent Trace record) says were written by a tool or a
 * person in one commit. These take precedence over the commit-level attribution for those lines.
 */
export interface LineClaim {
  /** 1-based, inclusive, in the file as of the commit. */
  readonly start: number;
  readonly end: number;
  /** Undefined when the record says a person wrote the lines. */
  readonly tool: string | undefined;
  readonly confidence: Confidence;
  readonly source: 'note' | 'agent-trace';
}

/** Claims and commit-level evidence read from one kind of record, plus problems found in it. */
export interface RecordReading {
  /** commit id -> path -> claims */
  readonly claims: Map<string, Map<string, LineClaim[]>>;
  readonly evidence: Map<string, Evidence[]>;
  readonly warnings: string[];
}

export const emptyReading = (): RecordReading => ({ claims: new Map(), evidence: new Map(), warnings: [] });

export function addClaim(reading: RecordReading, commit: string, path: string, claim: LineClaim): void {
  let byPath = reading.claims.get(commit);
  if (!byPath) reading.claims.set(commit, (byPath = new Map()));
  const list = byPath.get(path);
  if (list) list.push(claim);
  else byPath.set(path, [claim]);
}

export function addEvidence(reading: RecordReading, commit: string, evidence: Evidence): void {
  const list = reading.evidence.get(commit);
  if (!list) reading.evidence.set(commit, [evidence]);
  else if (!list.some((e) => e.tool === evidence.tool && e.text === evidence.text)) list.push(evidence);
}

/** Merges readings; later readings add to earlier ones. */
export function mergeReadings(...readings: RecordReading[]): RecordReading {
  const merged = emptyReading();
  for (const reading of readings) {
    for (const [commit, byPath] of reading.claims) {
      for (const [path, claims] of byPath) for (const claim of claims) addClaim(merged, commit, path, claim);
    }
    for (const [commit, list] of reading.evidence) for (const e of list) addEvidence(merged, commit, e);
    merged.warnings.push(...reading.warnings);
  }
  return merged;
}

/** Parses `1-5,8,10-12` into inclusive ranges; undefined when malformed. */
export function parseLineRanges(text: string): { start: number; end: number }[] | undefined {
  const ranges: { start: number; end: number }[] = [];
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return undefined;
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (start < 1 || end < start) return undefined;
    ranges.push({ start, end });
  }
  return ranges;
}
