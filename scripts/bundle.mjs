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

await build({
  entryPoints: { blastwall: 'dist/cli/run.js' },
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
});
