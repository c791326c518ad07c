import { readNotes } from '../git/notes.js';
import { readFileAt } from '../git/objects.js';
import type { Repository } from '../git/repository.js';
import { decodeGitText } from '../shared/text.js';
import { readAgentTrace } from './agent-trace.js';
import type { Catalog } from './catalog.js';
import { detectNote } from './detect.js';
import { isGitAiNote, readGitAiNotes } from './git-ai.js';
import { addEvidence, emptyReading, mergeReadings, type RecordReading } from './line-claims.js';

export const DEFAULT_NOTES_REF = 'refs/notes/ai';
export const AGENT_TRACE_PATH = '.agent-trace/traces.jsonl';

export interface RecordOptions {
  readonly notesRefs: readonly string[];
  /** The revision whose `.agent-trace/traces.jsonl` is read (the end of the range). */
  readonly revision: string | undefined;
  /** Commit ids in view, to resolve the (maybe abbreviated) revisions of trace records. */
  readonly commits: ReadonlySet<string>;
}

/** Reads git-ai notes and Agent Trace records: line claims and commit-level evidence. */
export async function readRecords(repo: Repository, catalog: Catalog, options: RecordOptions): Promise<RecordReading> {
  const readings: RecordReading[] = [];
  for (const ref of options.notesRefs) {
    const notes = await readNotes(repo.root, ref);
    if (notes.size === 0) continue;
    readings.push(readGitAiNotes(catalog, notes));
    // Notes in other forms (`Assisted-by: copilot`, a copied footer) are read for markers.
    const other = emptyReading();
    for (const [commit, text] of notes) {
      if (isGitAiNote(text)) continue;
      for (const evidence of detectNote(catalog, text, ref)) addEvidence(other, commit, evidence);
    }
    readings.push(other);
  }
  if (options.revision !== undefined) {
    const trace = await readFileAt(repo.root, options.revision, AGENT_TRACE_PATH);
    if (trace) readings.push(readAgentTrace(catalog, decodeGitText(trace), resolver(options.commits)));
  }
  return readings.length === 0 ? emptyReading() : mergeReadings(...readings);
}

/** Resolves full or abbreviated (at least 7 characters) commit ids among the commits in view. */
function resolver(commits: ReadonlySet<string>): (revision: string) => string | undefined {
  return (revision) => {
    const wanted = revision.toLowerCase();
    if (commits.has(wanted)) return wanted;
    if (wanted.length < 7) return undefined;
    for (const sha of commits) if (sha.startsWith(wanted)) return sha;
    return undefined;
  };
}
