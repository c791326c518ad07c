// Regenerates schema/blastwall.schema.json from the zod schema: `npm run schema`.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/policy/json-schema.js';

writeFileSync(new URL('../schema/blastwall.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
