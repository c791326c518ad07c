import { isMap, isSeq, type LineCounter, type Node } from 'yaml';

/**
 * Where a value sits in a YAML document, so that an error can name its line and column. Walks a
 * data path (`['services', 'pay', 'paths', 0]`) down the document; when the path ends at a
 * missing key, the deepest node on the way is returned. With `keyOfLast`, the last step returns
 * the key instead of its value (an unknown key is shown where it is written).
 */
export function nodeAt(root: Node | null | undefined, path: readonly PropertyKey[], keyOfLast = false): Node | undefined {
  let node: Node | null | undefined = root;
  let found: Node | undefined = root ?? undefined;
  path.forEach((key, index) => {
    if (!node) return;
    if (isMap(node)) {
      const pair: { key: unknown; value: unknown } | undefined = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      const last = index === path.length - 1;
      node = keyOfLast && last ? (pair?.key as Node | undefined) : ((pair?.value as Node | null | undefined) ?? (pair?.key as Node | undefined));
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined;
    } else {
      node = undefined;
      return;
    }
    if (node) found = node;
  });
  return found;
}

/** Line and column (1-based) of the node at a data path. */
export function positionAt(root: Node | null | undefined, path: readonly PropertyKey[], lineCounter: LineCounter, keyOfLast = false): { line: number; col: number } | undefined {
  const node = nodeAt(root, path, keyOfLast);
  return node?.range ? lineCounter.linePos(node.range[0]) : undefined;
}

/** `spec.dependsOn[2]`: the path of a data item as one reads it in the file. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
