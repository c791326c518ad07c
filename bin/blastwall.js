#!/usr/bin/env node
import { run } from '../dist/cli/blastwall.js';

// A reader that stops early (`blastwall scan | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2));
