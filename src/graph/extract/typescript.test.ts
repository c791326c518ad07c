import { describe, expect, it } from 'vitest';
import { loadTypeScriptExtractor } from './typescript.js';

const extractTypeScript = await loadTypeScriptExtractor();

const lines = (...text: string[]): string => text.join('\n') + '\n';

describe('extractTypeScript', () => {
  it('finds static imports and marks an import type-only only when every binding is a type', () => {
    const source = lines(
      "import x from 'a';",
      "import 'side-effect';",
      "import type { T } from './types';",
      "import { type U, y } from './mixed';",
      "import { type V } from './all-types';",
      "import * as ns from '@scope/pkg/sub';",
    );
    expect(extractTypeScript(source, 'src/a.ts')).toEqual({
      imports: [
        { specifier: 'a', kind: 'static', typeOnly: false, line: 1 },
        { specifier: 'side-effect', kind: 'static', typeOnly: false, line: 2 },
        { specifier: './types', kind: 'static', typeOnly: true, line: 3 },
        { specifier: './mixed', kind: 'static', typeOnly: false, line: 4 },
        { specifier: './all-types', kind: 'static', typeOnly: true, line: 5 },
        { specifier: '@scope/pkg/sub', kind: 'static', typeOnly: false, line: 6 },
      ],
    });
  });

  it('finds re-exports but not local exports', () => {
    const source = lines(
      "export { x, y as z } from './a';",
      "export type { T } from './b';",
      "export * from './c';",
      "export * as ns from './d';",
      "export type * from './e';",
      'export const local = 1;',
      'export { local as other };',
    );
    expect(extractTypeScript(source, 'index.ts').imports).toEqual([
      { specifier: './a', kind: 'export-from', typeOnly: false, line: 1 },
      { specifier: './b', kind: 'export-from', typeOnly: true, line: 2 },
      { specifier: './c', kind: 'export-star', typeOnly: false, line: 3 },
      { specifier: './d', kind: 'export-star', typeOnly: false, line: 4 },
      { specifier: './e', kind: 'export-star', typeOnly: true, line: 5 },
    ]);
  });

  it('finds dynamic imports of literals only', () => {
    const source = lines(
      "const a = import('./a');",
      'const b = import(`./b`);',
      "const c = import(\"./c\", { with: { type: 'json' } });",
      'const d = import("./caf\\u00e9");',
      'const e = import(name);',
      "const f = import('./f' + name);",
      'const g = import(`./g/${name}`);',
      "const h = import('./h' + './i');",
    );
    expect(extractTypeScript(source, 'lazy.js').imports).toEqual([
      { specifier: './a', kind: 'dynamic', typeOnly: false, line: 1 },
      { specifier: './b', kind: 'dynamic', typeOnly: false, line: 2 },
      { specifier: './c', kind: 'dynamic', typeOnly: false, line: 3 },
      { specifier: './café', kind: 'dynamic', typeOnly: false, line: 4 },
    ]);
  });

  it('finds calls to the CommonJS require with one literal argument', () => {
    const source = lines(
      "const a = require('a');",
      'const b = require(`./b`).member;',
      "const c = foo.require('not-c');",
      "const d = require.resolve('not-d');",
      'const e = require(name);',
      "const f = require('f', 'extra');",
      "if (x) require('./g');",
    );
    expect(extractTypeScript(source, 'index.cjs').imports).toEqual([
      { specifier: 'a', kind: 'require', typeOnly: false, line: 1 },
      { specifier: './b', kind: 'require', typeOnly: false, line: 2 },
      { specifier: './g', kind: 'require', typeOnly: false, line: 7 },
    ]);
  });

  it('ignores a require that is a local binding, but not an ambient or createRequire one', () => {
    const source = lines(
      'function load(require) { return require("param"); }',
      'const f = (x, { require }) => require("destructured");',
      '{ const require = () => 0; require("block"); }',
      'function g() { function require() {} return require("hoisted"); }',
      'declare const require: (id: string) => unknown;',
      'const h = require("ambient");',
      'function i() { const require = createRequire(import.meta.url); return require("created"); }',
    );
    expect(extractTypeScript(source, 'scope.ts').imports).toEqual([
      { specifier: 'ambient', kind: 'require', typeOnly: false, line: 6 },
      { specifier: 'created', kind: 'require', typeOnly: false, line: 7 },
    ]);
  });

  it('finds import-equals declarations, type-only ones marked', () => {
    const source = lines("import fs = require('fs');", "import type T = require('./t');", "export import u = require('./u');", 'import alias = Name.Space;');
    expect(extractTypeScript(source, 'legacy.cts').imports).toEqual([
      { specifier: 'fs', kind: 'import-equals', typeOnly: false, line: 1 },
      { specifier: './t', kind: 'import-equals', typeOnly: true, line: 2 },
      { specifier: './u', kind: 'import-equals', typeOnly: false, line: 3 },
    ]);
  });

  it('never counts imports inside comments or strings', () => {
    const source = lines(
      "// require('x')",
      "/* import('y') */",
      "const s = \"import('y')\";",
      "const t = `require('z')`;",
      "const u = 'import w from \"w\"';",
    );
    expect(extractTypeScript(source, 'quiet.js')).toEqual({ imports: [] });
  });

  it('counts lines correctly after non-ASCII text', () => {
    const source = lines("const é = '日本語 😀';", "import a from './a';", "const b = require('./b'); const c = import('./c');");
    expect(extractTypeScript(source, 'unicode.ts').imports).toEqual([
      { specifier: './a', kind: 'static', typeOnly: false, line: 2 },
      { specifier: './b', kind: 'require', typeOnly: false, line: 3 },
      { specifier: './c', kind: 'dynamic', typeOnly: false, line: 3 },
    ]);
  });

  it('keeps source order across kinds and drops only repeats on the same line', () => {
    const source = lines(
      "const a = require('./x'); import './x';",
      "require('./y'); require('./y'); require('./z'); require('./y');",
      "require('./y');",
    );
    expect(extractTypeScript(source, 'order.js').imports).toEqual([
      { specifier: './x', kind: 'require', typeOnly: false, line: 1 },
      { specifier: './x', kind: 'static', typeOnly: false, line: 1 },
      { specifier: './y', kind: 'require', typeOnly: false, line: 2 },
      { specifier: './z', kind: 'require', typeOnly: false, line: 2 },
      { specifier: './y', kind: 'require', typeOnly: false, line: 3 },
    ]);
  });

  it('returns the imports found before a syntax error and the first error', () => {
    const source = lines("import a from './a';", "const x = import('./b');", "const é = ;", "import c from './c';");
    expect(extractTypeScript(source, 'broken.ts')).toEqual({
      imports: [
        { specifier: './a', kind: 'static', typeOnly: false, line: 1 },
        { specifier: './b', kind: 'dynamic', typeOnly: false, line: 2 },
      ],
      error: '3:11: Unexpected token',
    });
  });

  it('loses require calls in a file that does not parse, since oxc then returns an empty AST', () => {
    const source = lines("const a = require('./a');", "import b from './b';", 'const y = ;');
    expect(extractTypeScript(source, 'broken.js')).toEqual({
      imports: [{ specifier: './b', kind: 'static', typeOnly: false, line: 2 }],
      error: '3:11: Unexpected token',
    });
  });

  it('picks the grammar from the extension', () => {
    const jsx = "import React from 'react';\nexport const A = () => <div />;\n";
    expect(extractTypeScript(jsx, 'a.js')).toEqual({ imports: [{ specifier: 'react', kind: 'static', typeOnly: false, line: 1 }] });
    expect(extractTypeScript(jsx, 'a.tsx')).toEqual({ imports: [{ specifier: 'react', kind: 'static', typeOnly: false, line: 1 }] });
    // `<T>x` is a cast in .ts and an unclosed element in .tsx.
    const cast = "import type { T } from './t';\nconst y = <T>x;\n";
    expect(extractTypeScript(cast, 'a.ts')).toEqual({ imports: [{ specifier: './t', kind: 'static', typeOnly: true, line: 1 }] });
    expect(extractTypeScript(cast, 'a.tsx').error).toBe('2:14: Unexpected token');
    // CommonJS may return from the top level; an ES module may not.
    const script = "const a = require('./a');\nif (!a) return;\n";
    expect(extractTypeScript(script, 'a.cjs')).toEqual({ imports: [{ specifier: './a', kind: 'require', typeOnly: false, line: 1 }] });
    expect(extractTypeScript(script, 'a.mjs').error).toBe("2:9: A 'return' statement can only be used within a function body.");
  });
});
