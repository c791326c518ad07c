#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

const argv = process.argv.slice(2);
const file = fileURLToPath(new URL('../dist/cli/blastwall.cjs', import.meta.url));
if (!existsSync(file)) {
  process.stderr.write('blastwall: error: the CLI is not built (dist/cli/blastwall.cjs is missing)\nhint: run `npm run build` in the blastwall folder\n');
  process.exit(2);
}
const bundle = loadBundle(file, argv[0]);

// A reader that stops early (`blastwall scan | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await bundle.exports.run(argv);
// Exit codes 0 and 1 are runs that did their work; a run stopped by bad input ran little of the code.
if (code === 0 || code === 1) bundle.save();
process.exitCode = code;
