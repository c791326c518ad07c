import { z } from 'zod';
import { findTool, toToolId, type Catalog } from './catalog.js';
import { addClaim, addEvidence, emptyReading, type RecordReading } from './line-claims.js';
import type { Confidence } from './markers.js';

/**
 * Agent Trace records (one JSON object per line of `.agent-trace/traces.jsonl`). Only the fields
 * blastwall uses are checked; others are allowed, since the format is young and vendors extend it.
 * Line numbers refer to the file at `vcs.revision`.
 */
const contributorSchema = z.object({
  type: z.enum(['human', 'ai', 'mixed', 'unknown']),
  model_id: z.string().optional(),
});
const rangeSchema = z.object({
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  contributor: contributorSchema.optional(),
});
const recordSchema = z.object({
  vcs: z.object({ type: z.string(), revision: z.string().min(4) }).optional(),
  tool: z.object({ name: z.string().min(1) }).passthrough().optional(),
  files: z.array(
    z.object({
      path: z.string().min(1),
      conversations: z.array(
        z.object({ contributor: contributorSchema.optional(), ranges: z.array(rangeSchema) }).passthrough(),
      ),
    }),
  ),
});

const confidenceOf: Record<string, Confidence | undefined> = { ai: 'high', mixed: 'medium' };

/**
 * Reads the records whose revision is a commit id. `resolve` maps the revision written in a record
 * (maybe abbreviated) to a full commit id, or undefined when the commit is not in view.
 */
export function readAgentTrace(
  catalog: Catalog,
  text: string,
  resolve: (revision: string) => string | undefined,
  source = '.agent-trace/traces.jsonl',
): RecordReading {
  const reading = emptyReading();
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      reading.warnings.push(`${source}:${index + 1}: not JSON; record skipped`);
      continue;
    }
    const parsed = recordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      reading.warnings.push(`${source}:${index + 1}: ${issue.path.join('.') || 'record'}: ${issue.message}; record skipped`);
      continue;
    }
    const record = parsed.data;
    if (record.vcs === undefined || record.vcs.type !== 'git') continue;
    const commit = resolve(record.vcs.revision);
    if (commit === undefined) continue;
    const toolName = record.tool?.name;
    const tool = toolName === undefined ? 'unknown-agent' : (findTool(catalog, toolName)?.id ?? toToolId(toolName));
    for (const file of record.files) {
      for (const conversation of file.conversations) {
        for (const range of conversation.ranges) {
          const contributor = range.contributor ?? conversation.contributor;
          const type = contributor?.type ?? 'unknown';
          if (type === 'unknown' || range.end_line < range.start_line) continue;
          const confidence = confidenceOf[type] ?? 'high';
          const claimTool = type === 'human' ? undefined : tool;
          addClaim(reading, commit, file.path, { start: range.start_line, end: range.end_line, tool: claimTool, confidence, source: 'agent-trace' });
          if (claimTool !== undefined) {
            const model = contributor?.model_id === undefined ? '' : ` (${contributor.model_id})`;
            addEvidence(reading, commit, { tool: claimTool, kind: 'agent-trace', text: `${source}: ${file.path}${model}`, confidence });
          }
        }
      }
    }
  }
  return reading;
}
