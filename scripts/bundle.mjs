// Bundles the CLI: Node loads a few modules instead of hundreds (zod alone is ~100 files), which
// takes about 50 ms off every command. Split into chunks so that a command compiles only its own
// code (run.ts imports each command lazily). Native and WebAssembly packages stay external.
import { rmSync } from 'node:fs';
import process from 'node:process';
import { build } from 'esbuild';

// Chunks are named by content hash: drop the previous build's.
rmSync('dist/cli/chunks', { recursive: true, force: true });

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

const result = await build({
  // The graph's worker thread (src/graph/pool.ts) is a second entry, put among the chunks: the pool
  // code is in one of them and finds it next to itself.
  entryPoints: { blastwall: 'dist/cli/run.js', 'chunks/graph-worker': 'dist/graph/graph-worker.js' },
  outdir: 'dist/cli',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['oxc-parser', 'oxc-resolver', 'web-tree-sitter', '@vscode/tree-sitter-wasm', 'better-sqlite3', 'pg', 'pg-native'],
  // CommonJS dependencies (commander) require Node's built-ins: give the bundle a require.
  banner: { js: "import { createRequire as __blastwallRequire } from 'node:module'; const require = __blastwallRequire(import.meta.url);" },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
  metafile: true,
});

const poolIn = Object.entries(result.metafile.outputs).find(([, output]) => 'dist/graph/pool.js' in output.inputs)?.[0];
if (poolIn !== undefined && !poolIn.startsWith('dist/cli/chunks/')) throw new Error(`dist/graph/pool.js was bundled into ${poolIn}, not next to chunks/graph-worker.js, where it looks for it`);
