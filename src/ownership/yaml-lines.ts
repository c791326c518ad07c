import type { LineCounter, Node } from 'yaml';
import { formatPath, positionAt } from '../shared/yaml-location.js';

/**
 * The line of the node at a data path in a YAML document, or of the deepest node on the way
 * when the path ends at a missing key (so `metadata.name` missing points at `metadata`).
 */
export const lineAt = (root: Node | null | undefined, path: readonly PropertyKey[], lineCounter: LineCounter): number | undefined =>
  positionAt(root, path, lineCounter)?.line;

/** `spec.dependsOn[2]`: the path of a data item as one reads it in the file. */
export const formatDataPath = formatPath;
