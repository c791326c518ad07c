import { isMap, isSeq, type LineCounter, type Node } from 'yaml';

/**
 * The line of the node at a data path in a YAML document, or of the deepest node on the way
 * when the path ends at a missing key (so `metadata.name` missing points at `metadata`).
 */
export function lineAt(root: Node | null | undefined, path: readonly PropertyKey[], lineCounter: LineCounter): number | undefined {
  let node: Node | null | undefined = root;
  let found: Node | undefined = root ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      node = (pair?.value as Node | null | undefined) ?? (pair?.key as Node | undefined);
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined;
    } else {
      break;
    }
    if (!node) break;
    found = node;
  }
  return found?.range ? lineCounter.linePos(found.range[0]).line : undefined;
}

/** `spec.dependsOn[2]`: the path of a data item as one reads it in the file. */
export const formatDataPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );
