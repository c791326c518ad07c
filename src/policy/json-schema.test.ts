import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';

describe('schema/blastwall.schema.json', () => {
  it('is the JSON Schema of the config schema (run `npm run schema` after changing it)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/blastwall.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(configJsonSchema());
  });
});
