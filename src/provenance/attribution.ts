import type { Catalog } from './catalog.js';
import type { Evidence } from './evidence.js';
import { atLeast, strongest, type Confidence } from './markers.js';

export interface ToolAttribution {
  readonly tool: string;
  readonly name: string;
  readonly confidence: Confidence;
  readonly evidence: readonly Evidence[];
}

/** Who wrote a commit: `ai` when some tool reaches the minimum confidence, else human. */
export interface Attribution {
  readonly ai: boolean;
  /** Tools at or above the minimum confidence, strongest first. */
  readonly tools: readonly ToolAttribution[];
  /** The strongest confidence among `tools`; undefined for a human commit. */
  readonly confidence: Confidence | undefined;
  /** All evidence found, including hints below the minimum (e.g. an author merely named Devin). */
  readonly evidence: readonly Evidence[];
}

const rank: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

export const HUMAN: Attribution = { ai: false, tools: [], confidence: undefined, evidence: [] };

/** Turns a commit's evidence into an attribution. Duplicate evidence keeps its strongest confidence. */
export function attribute(catalog: Catalog, evidence: readonly Evidence[], minimum: Confidence = 'medium'): Attribution {
  if (evidence.length === 0) return HUMAN;
  const unique = new Map<string, Evidence>();
  for (const item of evidence) {
    const key = `${item.tool}\u0000${item.kind}\u0000${item.text}`;
    const seen = unique.get(key);
    if (!seen || rank[item.confidence] < rank[seen.confidence]) unique.set(key, item);
  }
  const byTool = new Map<string, Evidence[]>();
  for (const item of unique.values()) {
    const list = byTool.get(item.tool);
    if (list) list.push(item);
    else byTool.set(item.tool, [item]);
  }
  const tools: ToolAttribution[] = [];
  for (const [tool, items] of byTool) {
    items.sort((a, b) => rank[a.confidence] - rank[b.confidence]);
    const confidence = items.reduce<Confidence>((best, item) => strongest(best, item.confidence), 'low');
    if (!atLeast(confidence, minimum)) continue;
    tools.push({ tool, name: catalog.tools.get(tool)?.name ?? tool, confidence, evidence: items });
  }
  tools.sort((a, b) => rank[a.confidence] - rank[b.confidence] || a.tool.localeCompare(b.tool));
  const all = [...unique.values()].sort((a, b) => rank[a.confidence] - rank[b.confidence]);
  return {
    ai: tools.length > 0,
    tools,
    confidence: tools[0]?.confidence,
    evidence: all,
  };
}
