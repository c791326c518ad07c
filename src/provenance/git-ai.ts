import { findTool, toToolId, type Catalog } from './catalog.js';
import { addClaim, addEvidence, emptyReading, parseLineRanges, type RecordReading } from './line-claims.js';

/**
 * git-ai authorship notes ("authorship/3.0.0", kept in `refs/notes/ai`):
 *
 *     src/main.rs
 *       s_c9883b05a2487d::t_9f8e7d6c5b4a32 1-10,15-20
 *       h_31dce776f88375 42-50
 *     ---
 *     {"schema_version":"authorship/3.0.0","sessions":{"s_c9883b05a2487d":{"agent_id":{"tool":"cursor","model":"..."}}},...}
 *
 * A path line starts at column 0 (quoted when it holds spaces); entries are indented by two spaces.
 * Keys are sessions (`s_…::t_…`, looked up in `sessions`), humans (`h_…`, in `humans`) or legacy
 * prompt hashes (in `prompts`). Line numbers are those of the file in the annotated commit.
 */
interface AgentRecord {
  readonly agent_id?: { readonly tool?: unknown; readonly model?: unknown };
}
interface NoteMetadata {
  readonly schema_version?: unknown;
  readonly sessions?: Record<string, AgentRecord>;
  readonly prompts?: Record<string, AgentRecord>;
  readonly humans?: Record<string, unknown>;
}

export const isGitAiNote = (text: string): boolean => /"schema_version"\s*:\s*"authorship\//.test(text);

function unquote(path: string): string {
  if (!(path.startsWith('"') && path.endsWith('"'))) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}

export function readGitAiNotes(catalog: Catalog, notes: ReadonlyMap<string, string>): RecordReading {
  const reading = emptyReading();
  for (const [commit, text] of notes) {
    if (!isGitAiNote(text)) continue;
    const divider = text.search(/^---\s*$/m);
    if (divider === -1) {
      reading.warnings.push(`git-ai note on ${commit.slice(0, 12)}: no "---" line between attestations and metadata; note ignored`);
      continue;
    }
    let metadata: NoteMetadata;
    try {
      metadata = JSON.parse(text.slice(text.indexOf('\n', divider) + 1)) as NoteMetadata;
    } catch (error) {
      reading.warnings.push(`git-ai note on ${commit.slice(0, 12)}: metadata is not JSON (${(error as Error).message}); note ignored`);
      continue;
    }
    const toolOf = (key: string): { tool: string | undefined; known: boolean } => {
      if (key.startsWith('h_') || metadata.humans?.[key] !== undefined) return { tool: undefined, known: true };
      const session = key.split('::')[0]!;
      const agent = metadata.sessions?.[session]?.agent_id ?? metadata.prompts?.[key]?.agent_id;
      const name = typeof agent?.tool === 'string' ? agent.tool : undefined;
      if (name === undefined) return { tool: undefined, known: false };
      return { tool: findTool(catalog, name)?.id ?? toToolId(name), known: true };
    };

    let path: string | undefined;
    const lines = text.slice(0, divider).split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      if (!line.startsWith(' ')) {
        path = unquote(line.trimEnd());
        continue;
      }
      const [key = '', rangesText = ''] = line.trim().split(/\s+/);
      const ranges = parseLineRanges(rangesText);
      if (path === undefined || ranges === undefined) {
        reading.warnings.push(`git-ai note on ${commit.slice(0, 12)}, line ${index + 1}: cannot read "${line.trim()}"; skipped`);
        continue;
      }
      const { tool, known } = toolOf(key);
      if (!known) {
        reading.warnings.push(`git-ai note on ${commit.slice(0, 12)}: no session "${key}" in its metadata; lines skipped`);
        continue;
      }
      for (const range of ranges) addClaim(reading, commit, path, { ...range, tool, confidence: 'high', source: 'note' });
      if (tool !== undefined) {
        addEvidence(reading, commit, { tool, kind: 'note', text: `git-ai note: ${path} ${rangesText}`, confidence: 'high' });
      }
    }
  }
  return reading;
}
