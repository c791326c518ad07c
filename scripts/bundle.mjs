// Bundles the CLI into one CommonJS file, dist/cli/blastwall.cjs: Node loads one file instead of
// hundreds (zod alone is ~100), and bin/blastwall.js compiles it through V8's code cache, which
// Node 20 offers for scripts but not for ES modules (see bin/code-cache.js). Commands stay lazy:
// each command's modules are evaluated only when it runs (run.ts imports them dynamically, which
// esbuild turns into lazy initialisers). Native and WebAssembly packages stay external.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { build } from 'esbuild';

// Outputs of earlier bundle layouts (an ES module bundle split into chunks).
for (const stale of ['dist/cli/chunks', 'dist/cli/blastwall.js', 'dist/cli/blastwall.js.map']) rmSync(stale, { recursive: true, force: true });

/**
 * zod's `z` namespace re-exports all of its ~60 locales, which the bundle cannot shake off once
 * `z.object` is used through the namespace: a third of a megabyte that every command compiled
 * (~40 ms). blastwall speaks English only (its messages are its own), so `z.locales` keeps `en`.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['oxc-parser', 'oxc-resolver', 'web-tree-sitter', '@vscode/tree-sitter-wasm', 'better-sqlite3', 'pg', 'pg-native'],
  plugins: [englishOnlyZod],
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/cli/blastwall.cjs',
  format: 'cjs',
  // The code that finds files next to itself (the graph worker, the grammars) asks import.meta.url.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The graph's worker thread (src/graph/pool.ts) is an entry of its own, next to the bundle, where
// the pool (in the bundle) looks for it. An ES module: a worker gains nothing from the code cache.
await build({
  ...common,
  entryPoints: ['dist/graph/graph-worker.js'],
  outfile: 'dist/cli/graph-worker.js',
  format: 'esm',
  banner: { js: "import { createRequire as __blastwallRequire } from 'node:module'; const require = __blastwallRequire(import.meta.url);" },
});

// The bundle is kept to ASCII, which bin/code-cache.js reads as Latin-1: a copy into a one-byte
// string. A text with any other character would be decoded as UTF-8 into a two-byte string twice
// the size, which costs a start about 10 ms (reading, then V8 hashing and copying it). esbuild
// leaves comments and regular expressions as written; each UTF-16 unit past ASCII becomes a
// \uXXXX escape, which means the same in a string, a regular expression (a surrogate pair is one
// character with the u flag, two units without, as written) and a comment (where it is text).
const text = readFileSync('dist/cli/blastwall.cjs', 'utf8').replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
// A code cache must never be used for another text (V8 checks only its length): the bundle names
// its own content on its last line, which the code cache's file names carry, and says it is ASCII.
const bundle = Buffer.from(text, 'latin1');
writeFileSync('dist/cli/blastwall.cjs', Buffer.concat([bundle, Buffer.from(`// bundle ${createHash('sha256').update(bundle).digest('hex').slice(0, 16)} ascii\n`)]));
