#!/usr/bin/env node
import { URL, fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

const argv = process.argv.slice(2);
const bundle = loadBundle(fileURLToPath(new URL('../dist/cli/blastwall.cjs', import.meta.url)), argv[0]);

// A reader that stops early (`blastwall scan | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await bundle.exports.run(argv);
// Exit codes 0 and 1 are runs that did their work; a run stopped by bad input ran little of the code.
if (code === 0 || code === 1) bundle.save();
process.exitCode = code;
