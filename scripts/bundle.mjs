// Bundles the CLI into one file: Node loads one module instead of hundreds (zod alone is ~100
// files), which takes about 50 ms off every command. Native and WebAssembly packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/cli/blastwall.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['oxc-parser', 'oxc-resolver', 'web-tree-sitter', '@vscode/tree-sitter-wasm', 'better-sqlite3', 'pg', 'pg-native'],
  // CommonJS dependencies (commander) require Node's built-ins: give the bundle a require.
  banner: { js: "import { createRequire as __blastwallRequire } from 'node:module'; const require = __blastwallRequire(import.meta.url);" },
  logLevel: 'warning',
});
