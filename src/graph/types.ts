/**
 * What an extractor finds in one source file: its imports as written, before resolution.
 * Extractors are pure functions of the file's text, so their results are cached by git blob id.
 */
export type Language = 'typescript' | 'javascript' | 'python' | 'go' | 'java';

export type ImportKind =
  /** `import x from 'a'`, `import 'a'`, `import type { T } from 'a'` */
  | 'static'
  /** `export { x } from 'a'` */
  | 'export-from'
  /** `export * from 'a'` */
  | 'export-star'
  /** `import('a')` with a string literal */
  | 'dynamic'
  /** `require('a')` with a string literal */
  | 'require'
  /** `import x = require('a')` */
  | 'import-equals'
  /** Python `import a.b` or `from a.b import c` (and relative forms) */
  | 'python'
  /** Go `import "example.com/m/pkg"` */
  | 'go'
  /** Java `import com.acme.Foo;`, `import com.acme.*;`, `import static com.acme.Foo.bar;` */
  | 'java';

export interface ImportRecord {
  /**
   * The module as written: `./a`, `@scope/pkg/sub`, `a.b.c`, `..models` (Python: leading dots are
   * the relative level), `example.com/m/pkg`, `com.acme.Foo`, `com.acme.*`.
   */
  readonly specifier: string;
  readonly kind: ImportKind;
  /** TypeScript `import type` / `export type` (every binding type-only); kept as an edge, marked. */
  readonly typeOnly: boolean;
  /** 1-based line of the import. */
  readonly line: number;
  /** Python `from x import a, b`: the imported names, which may be submodules of x. */
  readonly names?: readonly string[];
  /** Java `import static`. */
  readonly isStatic?: boolean;
}

export interface Extraction {
  readonly imports: readonly ImportRecord[];
  /** Set when the file did not parse (`line:column: message`); imports found before the error may be listed. */
  readonly error?: string;
}
