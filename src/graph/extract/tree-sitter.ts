/**
 * Import extraction for Python, Go and Java from tree-sitter syntax trees.
 *
 * The runtime is `web-tree-sitter` 0.27; the grammars are the wasm builds of `@vscode/tree-sitter-wasm`
 * (ABI 14 and 15, which this runtime loads; the `tree-sitter-wasms` builds do not). Loading is async
 * and happens once; the extractors are then synchronous, so a caller can run thousands of files
 * without awaiting each one. Queries find the import nodes (Python imports in functions and `if`
 * blocks too, and imports that a syntax error wrapped in an ERROR node), and names are read from the
 * identifier and string-content nodes, so a string or a comment that looks like an import never counts.
 * The first ERROR or MISSING node becomes `error`; the imports found are returned all the same.
 */
import { createRequire } from 'node:module';
import type * as WebTreeSitter from 'web-tree-sitter';
import { importPackage } from '../../shared/import-package.js';
import type { Language, Node, Parser, Point, Query } from 'web-tree-sitter';
import type { Extraction, ImportRecord } from '../types.js';

type GrammarName = 'python' | 'go' | 'java';

interface Grammar {
  readonly parser: Parser;
  readonly query: Query;
}

const QUERIES: Record<GrammarName, string> = {
  // `from __future__ import x` is a compiler directive (its own node type), not a module edge.
  python: '[(import_statement) (import_from_statement)] @import',
  go: '(import_declaration) @import',
  java: '(import_declaration) @import',
};

/**
 * Go and Java imports are top-level declarations: the query need not enter function bodies, which
 * saves most of its time. Depth 2 still finds a declaration that a syntax error wrapped in an ERROR
 * node. Python imports may sit in any block, so its query searches the whole tree.
 */
const MAX_START_DEPTH: Record<GrammarName, number | undefined> = { python: undefined, go: 2, java: 2 };

let loading: Promise<void> | undefined;
let grammars: Record<GrammarName, Grammar> | undefined;

async function load(): Promise<void> {
  const { Parser, Language, Query } = await importPackage<typeof WebTreeSitter>('web-tree-sitter');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const grammar = async (name: GrammarName): Promise<Grammar> => {
    const language: Language = await Language.load(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, query: new Query(language, QUERIES[name]) };
  };
  const [python, go, java] = await Promise.all([grammar('python'), grammar('go'), grammar('java')]);
  grammars = { python, go, java };
}

/** Loads the tree-sitter runtime and the Python, Go and Java grammars, once; later calls share the work. */
export function loadGrammars(): Promise<void> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function grammar(name: GrammarName): Grammar {
  if (!grammars) throw new Error(`tree-sitter grammars are not loaded: await loadGrammars() before extracting ${name} imports`);
  return grammars[name];
}

const syntaxError = (point: Point): string => `${point.row + 1}:${point.column + 1}: syntax error`;

/**
 * Where the parser inserted a token that has no visible node (Go's statement terminator): only the
 * S-expression of the parent shows it, among its visible children; it sits where the child before it
 * ends. Only named nodes and MISSING ones are printed, and only a MISSING token name is quoted.
 */
function invisibleMissing(parent: Node): Point {
  const text = parent.toString();
  let depth = 0;
  let visible = 0;
  for (let at = 0; at < text.length; at++) {
    if (text[at] === ')') depth--;
    if (text[at] !== '(') continue;
    if (depth === 1 && (text.startsWith('(MISSING', at) || text.startsWith('(ERROR', at))) {
      return parent.child(visible - 1)?.endPosition ?? parent.startPosition;
    }
    if (text.startsWith('(MISSING "', at)) {
      // The quoted name may itself be `(` or `)`: skip past its closing `")`.
      at = text.indexOf('")', at + '(MISSING "'.length + 1) + 1;
      continue;
    }
    if (depth === 1) visible++;
    depth++;
  }
  return parent.startPosition;
}

/** `line:column: syntax error` (both 1-based; the column counts UTF-16 code units) of the first ERROR or MISSING node. */
function firstSyntaxError(root: Node): string | undefined {
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return syntaxError(node.startPosition);
      let found = cursor.gotoFirstChild();
      while (found && !cursor.currentNode.hasError) found = cursor.gotoNextSibling();
      if (!found) return syntaxError(invisibleMissing(node));
    }
  } finally {
    cursor.delete();
  }
}

function extract(name: GrammarName, source: string, read: (node: Node) => ImportRecord[]): Extraction {
  const { parser, query } = grammar(name);
  const tree = parser.parse(source);
  if (!tree) return { imports: [], error: '1:1: parse failed' };
  try {
    const depth = MAX_START_DEPTH[name];
    const captures = query.captures(tree.rootNode, depth === undefined ? {} : { maxStartDepth: depth });
    const imports = captures.flatMap((capture) => read(capture.node));
    const error = firstSyntaxError(tree.rootNode);
    return error === undefined ? { imports } : { imports, error };
  } finally {
    tree.delete();
  }
}

const lineOf = (node: Node): number => node.startPosition.row + 1;

/** `a . b` and `a.\<newline>b` are the module `a.b`: join the identifiers, never the raw text. */
const dotted = (node: Node): string => node.descendantsOfType('identifier').map((id) => id.text).join('.');

const isTypeCheckingFlag = (condition: Node | null): boolean =>
  (condition?.type === 'identifier' && condition.text === 'TYPE_CHECKING') ||
  (condition?.type === 'attribute' && condition.childForFieldName('attribute')?.text === 'TYPE_CHECKING');

/** Inside the body of `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`, or such an `elif`), not its `else`. */
function underTypeChecking(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' && parent.type !== 'elif_clause') continue;
    if (parent.childForFieldName('consequence')?.id === child.id && isTypeCheckingFlag(parent.childForFieldName('condition'))) return true;
  }
  return false;
}

/** The module of `from <module> import ...`: `a.b`, or the relative forms `.`, `..models`. */
function pythonModule(node: Node): string {
  if (node.type !== 'relative_import') return dotted(node);
  const prefix = node.namedChildren.find((child) => child.type === 'import_prefix')?.text ?? '';
  const rest = node.namedChildren.find((child) => child.type === 'dotted_name');
  return prefix + (rest ? dotted(rest) : '');
}

/** The module part of an `import` name: `a.b` of `a.b as c`. */
const importedName = (node: Node): string => dotted(node.type === 'aliased_import' ? (node.childForFieldName('name') ?? node) : node);

/**
 * Python imports: `import a.b.c, d as e` (one record each, specifier `a.b.c`), `from a.b import c, d`
 * (specifier `a.b`, names `c`, `d`), relative `from ..models import User` (specifier `..models`) and
 * `from x import *` (names `*`). Imports in functions, `try` and `if` blocks count; those under
 * `if TYPE_CHECKING:` and all imports of a `.pyi` stub are type-only.
 */
export function extractPython(source: string, path: string): Extraction {
  const stub = path.endsWith('.pyi');
  const mayGuard = source.includes('TYPE_CHECKING');
  return extract('python', source, (node) => {
    const typeOnly = stub || (mayGuard && underTypeChecking(node));
    const line = lineOf(node);
    const names = node.childrenForFieldName('name');
    if (node.type === 'import_statement') return names.map((name) => ({ specifier: importedName(name), kind: 'python', typeOnly, line }));
    const module = node.childForFieldName('module_name');
    if (!module) return [];
    const wildcard = node.namedChildren.some((child) => child.type === 'wildcard_import');
    return [{ specifier: pythonModule(module), kind: 'python', typeOnly, line, names: wildcard ? ['*'] : names.map(importedName) }];
  });
}

/** Go imports: every spec of single and grouped declarations (aliases `_`, `.` and names do not matter), one record each. */
export function extractGo(source: string, _path: string): Extraction {
  return extract('go', source, (declaration) =>
    declaration.descendantsOfType('import_spec').flatMap((spec) => {
      // Interpreted ("...") and raw (`...`) literals: their content, even when a closing quote is missing.
      const path = spec.childForFieldName('path');
      const specifier = path?.namedChildren.map((part) => part.text).join('') ?? '';
      return specifier === '' ? [] : [{ specifier, kind: 'go', typeOnly: false, line: lineOf(spec) }];
    }),
  );
}

/** Java imports: `com.acme.Foo`, `com.acme.*`, and `import static com.acme.Foo.bar;` (`isStatic`). */
export function extractJava(source: string, _path: string): Extraction {
  return extract('java', source, (declaration) => {
    const name = declaration.namedChildren.find((child) => child.type === 'scoped_identifier' || child.type === 'identifier');
    if (!name) return [];
    const star = declaration.namedChildren.some((child) => child.type === 'asterisk');
    const isStatic = declaration.children.some((child) => child.type === 'static');
    const specifier = (name.type === 'identifier' ? name.text : dotted(name)) + (star ? '.*' : '');
    const record: ImportRecord = { specifier, kind: 'java', typeOnly: false, line: lineOf(declaration) };
    return [isStatic ? { ...record, isStatic: true } : record];
  });
}
