import type * as OxcParser from 'oxc-parser';
import type { Expression, Node, ParserOptions, Program } from 'oxc-parser';
import { importPackage } from '../../shared/import-package.js';
import type { Extraction, ImportKind, ImportRecord } from '../types.js';

type Oxc = typeof OxcParser;

/**
 * oxc's native parse, as its package wraps it: the AST comes as JSON text, which `jsonParseAst`
 * turns into the tree. `oxc-parser`'s own `parseSync` wraps every result in an object whose
 * `program` is a getter that keeps the text alive. Calling the binding, and dropping the text of
 * files that need no tree (those without a `require(`), made a cold build of 30,000 files 17%
 * faster and 150 MB smaller. `bindings` is in the package's exports; the version is pinned to 0.159.
 */
interface Binding {
  parseSync(filename: string, source: string, options: ParserOptions): { readonly module: OxcParser.EcmaScriptModule; readonly errors: OxcParser.OxcError[]; readonly comments: unknown; readonly program: string };
}

// Loaded when some file needs parsing (shard.ts asks), not with the module: a static import would
// load the native parser on every start of the bundled CLI, warm runs included. Not a top-level
// await either: the CLI's bundle is CommonJS (bin/code-cache.js says why), which has none.
let oxc: { binding: Binding; jsonParseAst: (json: string) => Program; visitorKeys: Oxc['visitorKeys'] } | undefined;

const parser = (): NonNullable<typeof oxc> => {
  if (oxc === undefined) throw new Error('oxc-parser is not loaded: call loadTypeScriptExtractor() first');
  return oxc;
};
const parseSync = (path: string, source: string, options: ParserOptions = {}): { module: OxcParser.EcmaScriptModule; errors: OxcParser.OxcError[]; program: () => Program } => {
  const { binding, jsonParseAst } = parser();
  const result = binding.parseSync(path, source, options);
  // Every field is taken out: each read frees its native memory, which V8 does not see.
  const { module, errors, comments: _comments } = result;
  const json = result.program;
  return { module, errors, program: () => jsonParseAst(json) };
};

/** Loads the native parser (once) and gives the extractor that uses it. */
export async function loadTypeScriptExtractor(): Promise<typeof extractTypeScript> {
  if (oxc === undefined) {
    const [{ visitorKeys }, binding, { jsonParseAst }] = await Promise.all([
      importPackage<Oxc>('oxc-parser'),
      importPackage<Binding>('oxc-parser/src-js/bindings'),
      importPackage<{ jsonParseAst: (json: string) => Program }>('oxc-parser/src-js/wrap.js'),
    ]);
    oxc = { binding, jsonParseAst, visitorKeys };
  }
  return extractTypeScript;
}

/** An import before its line is known: `start` is a UTF-16 offset, as oxc's JS API reports them. */
interface Found {
  readonly specifier: string;
  readonly kind: ImportKind;
  readonly typeOnly: boolean;
  readonly start: number;
}

/**
 * JavaScript files are parsed with JSX on: JSX in `.js` is common (Create React App, React Native) and the
 * JSX grammar accepts all plain JavaScript, whereas TypeScript's `<T>x` casts are why `.ts` is not `tsx`.
 * Plain `.js` may be ESM or CommonJS; `unambiguous` lets the file's own syntax decide.
 */
const optionsByExtension: Record<string, ParserOptions> = {
  ts: { lang: 'ts', sourceType: 'module' },
  mts: { lang: 'ts', sourceType: 'module' },
  cts: { lang: 'ts', sourceType: 'commonjs' },
  tsx: { lang: 'tsx', sourceType: 'module' },
  js: { lang: 'jsx', sourceType: 'unambiguous' },
  jsx: { lang: 'jsx', sourceType: 'unambiguous' },
  mjs: { lang: 'jsx', sourceType: 'module' },
  cjs: { lang: 'jsx', sourceType: 'commonjs' },
};

const mayRequire = /\brequire\s*\(/;

function extractTypeScript(source: string, path: string): Extraction {
  const parsed = parseSync(path, source, parserOptions(path));
  const { module, errors } = parsed;
  const found: Found[] = [];
  for (const statement of module.staticImports) {
    const { entries } = statement;
    const typeOnly = entries.length > 0 && entries.every((entry) => entry.isType);
    found.push({ specifier: statement.moduleRequest.value, kind: 'static', typeOnly, start: statement.start });
  }
  for (const statement of module.staticExports) {
    const first = statement.entries[0];
    if (!first?.moduleRequest) continue; // a local export, not a re-export
    const star = first.importName.kind === 'All' || first.importName.kind === 'AllButDefault';
    const typeOnly = statement.entries.every((entry) => entry.isType);
    found.push({ specifier: first.moduleRequest.value, kind: star ? 'export-star' : 'export-from', typeOnly, start: statement.start });
  }
  for (const dynamic of module.dynamicImports) {
    const specifier = literalValue(source.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end));
    if (specifier !== undefined) found.push({ specifier, kind: 'dynamic', typeOnly: false, start: dynamic.start });
  }
  // oxc's module record has no CommonJS. Reading `program` deserializes the AST (JSON.parse), which costs
  // twice the parse itself, so it is read only when the text has a `require(`, as `import x = require()` does.
  if (mayRequire.test(source)) findRequires(parsed.program(), found);

  const imports = toRecords(found, source);
  const error = errors[0];
  if (error === undefined) return { imports };
  // The column counts UTF-16 code units, as editors do; oxc's own code frame counts UTF-8 bytes.
  const at = error.labels[0]?.start ?? 0;
  return { imports, error: `${lineCounter(source)(at)}:${at - source.lastIndexOf('\n', at - 1)}: ${error.message}` };
}

function parserOptions(path: string): ParserOptions {
  if (/\.d\.[cm]?ts$/.test(path)) return { lang: 'dts', sourceType: 'module' };
  return optionsByExtension[path.slice(path.lastIndexOf('.') + 1)] ?? { lang: 'jsx', sourceType: 'unambiguous' };
}

/** Sorts into source order, adds lines, and drops a repeat of the same import on the same line. */
function toRecords(found: Found[], source: string): ImportRecord[] {
  found.sort((a, b) => a.start - b.start);
  const lineAt = lineCounter(source);
  const imports: ImportRecord[] = [];
  let seen = new Set<string>();
  let seenLine = 0;
  for (const { specifier, kind, typeOnly, start } of found) {
    const line = lineAt(start);
    if (line !== seenLine) [seen, seenLine] = [new Set(), line];
    const key = `${kind}\0${typeOnly}\0${specifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    imports.push({ specifier, kind, typeOnly, line });
  }
  return imports;
}

/** Returns the 1-based line of an offset; offsets must come in non-decreasing order. */
function lineCounter(source: string): (offset: number) => number {
  let line = 1;
  let nextBreak = source.indexOf('\n');
  return (offset) => {
    while (nextBreak !== -1 && nextBreak < offset) {
      line++;
      nextBreak = source.indexOf('\n', nextBreak + 1);
    }
    return line;
  };
}

/**
 * The value of an `import(...)` argument when it is one string or expression-free template literal.
 * oxc gives only the argument's span, so its text is read; a literal without backslashes is its own value,
 * and the rare escaped one is decoded by the parser rather than by a second, home-made unescaper.
 */
function literalValue(text: string): string | undefined {
  const quote = text[0];
  if ((quote !== "'" && quote !== '"' && quote !== '`') || text.length < 2 || !text.endsWith(quote)) return undefined;
  const inner = text.slice(1, -1);
  if (!inner.includes('\\')) {
    // `'a' + 'b'` also starts and ends with a quote; an unescaped literal cannot contain its own quote.
    return inner.includes(quote) || (quote === '`' && inner.includes('${')) ? undefined : inner;
  }
  const statement = parseSync('literal.js', `(${text})`, { preserveParens: false }).program().body[0];
  return statement?.type === 'ExpressionStatement' ? stringValue(statement.expression) : undefined;
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * Adds `require('x')` calls and `import x = require('x')` declarations, walking the AST without recursion.
 * Each node carries whether `require` is a local binding there (a parameter, or a declaration directly in
 * an enclosing block or function body), in which case its calls are not Node's `require`.
 */
function findRequires(program: Program, found: Found[]): void {
  const { visitorKeys } = parser();
  const nodes: Node[] = [program];
  const shadowed: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    let local = shadowed.pop()!;
    switch (node.type) {
      case 'CallExpression':
        if (!local && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          const specifier = stringValue(node.arguments[0]);
          if (specifier !== undefined) found.push({ specifier, kind: 'require', typeOnly: false, start: node.start });
        }
        break;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          const specifier = node.moduleReference.expression.value;
          found.push({ specifier, kind: 'import-equals', typeOnly: node.importKind === 'type', start: node.start });
        }
        break;
      case 'Program':
      case 'BlockStatement':
      case 'StaticBlock':
        local ||= node.body.some(declaresRequire);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        local ||= node.params.some(bindsRequire);
        break;
      case 'CatchClause':
        local ||= bindsRequire(node.param);
        break;
    }
    const fields = node as unknown as Record<string, unknown>;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = fields[key];
      if (Array.isArray(child)) {
        for (const item of child as (Node | null)[]) if (item !== null) push(item, local);
      } else if (child !== null && typeof child === 'object') push(child as Node, local);
    }
  }

  function push(node: Node, local: boolean): void {
    nodes.push(node);
    shadowed.push(local);
  }
}

/** `declare var require` only describes Node's; `const require = createRequire(...)` makes one for ESM. */
function declaresRequire(statement: Node): boolean {
  switch (statement.type) {
    case 'VariableDeclaration':
      return !statement.declare && statement.declarations.some((d) => bindsRequire(d.id) && !isCreateRequire(d.init));
    case 'FunctionDeclaration':
      return statement.id?.name === 'require';
    case 'ImportDeclaration':
      return statement.specifiers.some((specifier) => specifier.local.name === 'require');
    default:
      return false;
  }
}

function bindsRequire(pattern: Node | null): boolean {
  switch (pattern?.type) {
    case 'Identifier':
      return pattern.name === 'require';
    case 'AssignmentPattern':
      return bindsRequire(pattern.left);
    case 'RestElement':
      return bindsRequire(pattern.argument);
    case 'TSParameterProperty':
      return bindsRequire(pattern.parameter);
    case 'ArrayPattern':
      return pattern.elements.some(bindsRequire);
    case 'ObjectPattern':
      return pattern.properties.some((p) => bindsRequire(p.type === 'RestElement' ? p.argument : p.value));
    default:
      return false;
  }
}

function isCreateRequire(init: Expression | null): boolean {
  if (init?.type !== 'CallExpression') return false;
  const { callee } = init;
  if (callee.type === 'Identifier') return callee.name === 'createRequire';
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'createRequire';
}
