import { z } from 'zod';
import { configSchema } from './config.js';

/** The JSON Schema of blastwall.yml for editors, derived from the one zod schema so they never disagree. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    title: 'blastwall.yml',
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
