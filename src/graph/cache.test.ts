import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_VERSION, valueByKey } from './cache.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isString = (value: unknown): value is string => typeof value === 'string';

describe('valueByKey', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const newRoot = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'blastwall-value-'));
    roots.push(root);
    return root;
  };
  const file = (root: string): string => join(root, '.blastwall', 'cache', `history-v${CACHE_VERSION}.bin`);

  it('computes once per key, keeps the last key only, and computes every time without the cache', async () => {
    const root = newRoot();
    const computed: string[] = [];
    const value = (key: string) => valueByKey(root, 'history', key, async () => (computed.push(key), [[`for ${key}`]]), Array.isArray);
    expect(await value('a')).toEqual([['for a']]);
    expect(await value('a')).toEqual([['for a']]);
    expect(computed).toEqual(['a']);
    expect(await value('b')).toEqual([['for b']]);
    expect(await value('a')).toEqual([['for a']]);
    expect(computed).toEqual(['a', 'b', 'a']);

    const uncached = await valueByKey(root, 'history', 'a', async () => (computed.push('off'), 'fresh'), isString, false);
    expect(uncached).toBe('fresh');
    expect(computed).toEqual(['a', 'b', 'a', 'off']);
  });

  it('computes again when the file is not one it wrote or holds a value of another shape, and replaces it', async () => {
    const root = newRoot();
    await valueByKey(root, 'history', 'a', async () => 1, isNumber);
    writeFileSync(file(root), 'torn');
    let calls = 0;
    expect(await valueByKey(root, 'history', 'a', async () => ++calls, isNumber)).toBe(1);
    expect(await valueByKey(root, 'history', 'a', async () => ++calls, isNumber)).toBe(1);
    expect(calls).toBe(1);
    writeFileSync(file(root), serialize({ key: 'a', value: 'not a number' }));
    expect(await valueByKey(root, 'history', 'a', async () => ++calls, isNumber)).toBe(2);
    expect(deserialize(readFileSync(file(root)))).toEqual({ key: 'a', value: 2 });
  });
});
