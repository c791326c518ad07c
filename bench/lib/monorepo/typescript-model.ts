import { posix } from 'node:path';
import type { EdgeForm, EdgeHow } from './types.js';

/** A TypeScript or JavaScript module being planned: its path, what it exports, what it imports. */
export interface Module {
  readonly path: string;
  readonly ext: 'ts' | 'tsx' | 'js' | 'cjs';
  readonly role: 'source' | 'barrel' | 'entry' | 'test' | 'script';
  /** Exported values: functions, constants, components. */
  readonly values: string[];
  /** Exported interfaces (TypeScript only). */
  readonly types: string[];
  readonly imports: Import[];
  /** One line on what the module is for, for its header comment. */
  readonly topic: string;
}

export interface Import {
  readonly specifier: string;
  readonly form: EdgeForm;
  /** Named bindings; for `export *` and side effects, none. */
  readonly names: string[];
  /** `import React from 'react'`, `const _ = require('lodash')`. */
  readonly defaultName?: string;
  /** Repository path the specifier resolves to; undefined for packages outside the repository. */
  readonly to?: string;
  readonly how?: EdgeHow;
}

/** What other packages can import from a package: its entry, its subpath entries, its files for deep aliases. */
export interface PackageApi {
  readonly name: string;
  readonly entry: string;
  readonly values: readonly string[];
  readonly types: readonly string[];
  readonly subpaths: readonly { readonly sub: string; readonly entry: string; readonly values: readonly string[]; readonly types: readonly string[] }[];
  /** Source files under `src/`, for imports through a tsconfig path alias. */
  readonly sources: readonly Module[];
}

const EXT = /\.(tsx?|jsx?)$/;

/**
 * `./x`, `../y/z`, `..` for a folder's index: a relative specifier from one file to another.
 * Extensions are dropped (bundler style) except for .cjs; in `js` style, as with NodeNext, a
 * TypeScript target is written with `.js`, which resolvers must map back to the `.ts` file.
 */
export function relativeSpecifier(from: string, to: string, folderForm = false, style: 'bare' | 'js' = 'bare'): string {
  let target = posix.relative(posix.dirname(from), to);
  if (style === 'js') target = target.replace(/\.tsx?$/, '.js');
  else if (!to.endsWith('.cjs')) target = target.replace(EXT, '');
  if (style === 'bare' && folderForm && target.endsWith('/index')) target = target.slice(0, -'/index'.length);
  else if (style === 'bare' && folderForm && target === 'index') target = '.';
  return target.startsWith('.') ? target : `./${target}`;
}
