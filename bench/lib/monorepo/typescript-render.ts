import type { Random } from '../random.js';
import { WORDS, cap, uniqueSymbol } from './names.js';
import type { Import, Module } from './typescript-model.js';

/** Turns a planned module into source text that parses: imports first, then code that uses them. */
export function renderModule(rng: Random, module: Module, packageName: string): string {
  // A barrel's exports are its imports: they are not names the file already holds.
  const scope = new Set(module.role === 'barrel' ? [] : [...module.values, ...module.types]);
  const bindings = { values: [] as string[], types: [] as string[] };
  const cjs = module.ext === 'js' || module.ext === 'cjs';
  const head: string[] = [];
  const exports: string[] = [];
  const lazy: Import[] = [];
  // Packages first, then the monorepo's own, then relative: the order people and formatters keep.
  const rank = (i: Import): number => (i.to === undefined ? 0 : i.specifier.startsWith('.') ? 2 : 1);
  for (const item of [...module.imports].sort((a, b) => rank(a) - rank(b))) {
    if (item.form === 'dynamic') lazy.push(item);
    else if (item.form === 'export-star') exports.push(`export * from '${item.specifier}';`);
    else if (item.form === 'export-named') exports.push(`export { ${item.names.join(', ')} } from '${item.specifier}';`);
    else head.push(cjs ? requireLine(item, scope, bindings) : importLine(item, scope, bindings));
  }

  const lines = cjs ? ["'use strict';", '', `/** ${cap(module.topic)} (${packageName}). */`] : ['/**', ` * ${cap(module.topic)}.`, ` * @packageDocumentation ${packageName}`, ' */'];
  if (head.length > 0) lines.push(...(cjs ? [] : ['']), ...head);
  if (exports.length > 0) lines.push('', ...exports);
  if (module.role === 'barrel' && !cjs) return lines.join('\n') + '\n';

  const body = new Body(rng, bindings.values, bindings.types, cjs);
  if (module.role === 'test') body.test(bindings.values);
  else if (module.role === 'entry') body.entry(module.ext === 'tsx');
  else if (module.role === 'barrel') body.commonjsExports(module.values);
  else {
    for (const type of module.types) body.type(type, module.ext === 'tsx' && type.endsWith('Props'));
    const componentProps = module.types.find((type) => type.endsWith('Props'));
    for (const value of module.values) {
      if (module.ext === 'tsx' && /^[A-Z]/.test(value)) body.component(value, componentProps);
      else body.func(value, cjs ? undefined : (module.types[0] ?? body.someType()), !cjs);
    }
    for (const item of lazy) body.lazy(item, scope);
    body.pad(12 + Math.floor(170 * rng.next() ** 2), cjs, module.values[0] ?? 'module');
    if (cjs) body.commonjsExports(module.values);
  }
  lines.push(...body.lines);
  return lines.join('\n') + '\n';
}

function importLine(item: Import, scope: Set<string>, bindings: { values: string[]; types: string[] }): string {
  const typeOnly = item.form === 'import-type';
  const names = item.names.map((name) => bind(name, scope, typeOnly ? bindings.types : bindings.values));
  const parts: string[] = [];
  if (item.defaultName !== undefined) parts.push(bind(item.defaultName, scope, bindings.values));
  if (names.length > 0) parts.push(`{ ${names.join(', ')} }`);
  if (parts.length === 0) return `import '${item.specifier}';`;
  return `import ${typeOnly ? 'type ' : ''}${parts.join(', ')} from '${item.specifier}';`;
}

function requireLine(item: Import, scope: Set<string>, bindings: { values: string[]; types: string[] }): string {
  if (item.defaultName !== undefined) return `const ${bind(item.defaultName, scope, bindings.values).split(' as ').pop()} = require('${item.specifier}');`;
  const names = item.names.map((name) => bind(name, scope, bindings.values).replace(' as ', ': '));
  return names.length === 0 ? `require('${item.specifier}');` : `const { ${names.join(', ')} } = require('${item.specifier}');`;
}

/** Adds an imported name to the file's scope, renaming it (`a as a2`) when the file already has one. */
function bind(name: string, scope: Set<string>, into: string[]): string {
  const local = uniqueSymbol(name, scope);
  into.push(local);
  return local === name ? name : `${name} as ${local}`;
}

/** The code after the imports: every imported binding is used once, then filler up to a length. */
class Body {
  readonly lines: string[] = [];
  private next = 0;
  private readonly locals = new Set<string>();
  private readonly helpers: string[] = [];

  constructor(
    private readonly rng: Random,
    private readonly values: readonly string[],
    private readonly types: readonly string[],
    private readonly js: boolean,
  ) {}

  someType(): string {
    return this.types.length > 0 ? this.rng.pick(this.types) : 'Record<string, unknown>';
  }

  type(name: string, props: boolean): void {
    const fields = new Map([['id', 'string']]);
    for (let n = this.rng.int(2, 7); n > 0; n--) fields.set(`${this.word()}${this.rng.chance(0.3) ? '?' : ''}`.replace(/^id\??$/, 'key'), this.rng.pick(['string', 'number', 'boolean', 'string[]', 'Date', 'Record<string, number>']));
    if (props) fields.set('children?', 'unknown');
    const names = new Set<string>();
    const members = [...fields].filter(([field]) => !names.has(field.replace('?', '')) && names.add(field.replace('?', '')));
    this.lines.push('', `export interface ${name} {`, ...members.map(([field, type]) => `  ${field}: ${type};`), '}');
  }

  func(name: string, type: string | undefined, typed: boolean): void {
    const param = typed ? `input: ${type ?? 'unknown'}` : 'input';
    this.lines.push('', `${typed ? 'export ' : ''}function ${name}(${param})${typed ? ': Record<string, unknown>' : ''} {`);
    const used: string[] = [];
    for (let n = this.rng.int(1, 4); n > 0; n--) used.push(this.statement());
    this.lines.push(`  return { ...${this.js ? 'input' : '(input as object)'}, ${[...new Set(used)].join(', ')} };`, '}');
  }

  component(name: string, props: string | undefined): void {
    const used = this.pending(this.rng.int(1, 3));
    const elements = used.filter((binding) => /^[A-Z]/.test(binding));
    const calls = used.filter((binding) => !/^[A-Z]/.test(binding));
    this.lines.push('', `export function ${name}(props: ${props ?? 'Record<string, unknown>'}) {`);
    for (const call of calls) this.lines.push(`  const ${this.local()} = ${call}(props as never);`);
    this.lines.push('  return (', `    <section className="${name.replace(/[A-Z]/g, (c, at: number) => (at > 0 ? '-' : '') + c.toLowerCase())}">`);
    this.lines.push(`      <h2>{String(props.id)}</h2>`);
    for (const element of elements) this.lines.push(`      <${element} id={props.id} />`);
    this.lines.push('    </section>', '  );', '}');
  }

  lazy(item: Import, scope: Set<string>): void {
    const name = uniqueSymbol(`load${cap(this.word())}`, scope);
    const member = item.names[0];
    this.lines.push('', `export async function ${name}(): Promise<unknown> {`, `  const module = await import('${item.specifier}');`, `  return ${member === undefined ? 'module' : `module.${member}`};`, '}');
  }

  test(subjects: readonly string[]): void {
    const subject = subjects.find((name) => !['describe', 'it', 'expect'].includes(name)) ?? 'Object';
    this.lines.push('', `describe('${subject}', () => {`);
    for (let n = this.rng.int(1, 5); n > 0; n--) {
      this.lines.push(`  it('handles ${this.word()} ${this.word()}', () => {`, `    expect(${subject}({ id: '${this.word()}' } as never)).toBeDefined();`, '  });');
    }
    this.lines.push('});');
  }

  entry(web: boolean): void {
    this.lines.push('', 'export async function start(): Promise<void> {');
    for (const value of this.values) this.lines.push(`  ${value}({ id: 'boot' } as never);`);
    this.lines.push('}', '');
    this.lines.push(web ? "void start();" : "start().catch((error: unknown) => {\n  console.error(error);\n  process.exitCode = 1;\n});");
  }

  commonjsExports(values: readonly string[]): void {
    this.lines.push('', `module.exports = { ${values.join(', ')} };`);
  }

  /** Private helpers until the file has about `target` lines, as real files vary in length. */
  pad(target: number, untyped: boolean, owner: string): void {
    while (this.lines.length < target) {
      const name = this.local();
      this.helpers.push(name);
      this.lines.push('', untyped ? `function ${name}(value) {` : `function ${name}(value: ${this.someType()}): string {`);
      for (let n = this.rng.int(2, 8); n > 0; n--) this.statement('value');
      this.lines.push(`  return JSON.stringify(value);`, '}');
    }
    // Helpers would otherwise be unused; a real file would call them.
    if (!untyped && this.helpers.length > 0) this.lines.push('', `export const ${uniqueSymbol(`${owner}Helpers`, this.locals)} = [${this.helpers.join(', ')}];`);
  }

  /** One statement, using the next imported binding that has not been used yet. */
  private statement(param = 'input'): string {
    const name = this.local('value');
    const call = this.pending(1)[0];
    const roll = this.rng.next();
    if (call !== undefined) this.lines.push(`  const ${name} = ${call}(${this.rng.chance(0.5) ? param : `{ id: '${this.word()}' }`}${this.js ? '' : ' as never'});`);
    else if (roll < 0.3) this.lines.push(`  const ${name} = \`${this.word()}:\${String(Date.now())}\`;`);
    else if (roll < 0.6) this.lines.push(`  const ${name} = [${this.rng.int(1, 9)}, ${this.rng.int(10, 99)}].map((n) => n * ${this.rng.int(2, 7)});`);
    else if (roll < 0.8) this.lines.push(`  const ${name} = { ${this.word()}: ${this.rng.int(0, 500)}, label: '${this.word()}' };`, `  if (Object.keys(${name}).length === 0) {`, `    throw new Error('${this.word()} is empty');`, '  }');
    else this.lines.push(`  let ${name} = 0;`, `  for (let i = 0; i < ${this.rng.int(2, 20)}; i++) {`, `    ${name} += i % ${this.rng.int(2, 5)};`, '  }');
    return name;
  }

  private pending(count: number): string[] {
    const out: string[] = [];
    while (out.length < count && this.next < this.values.length) out.push(this.values[this.next++]!);
    return out;
  }

  private local(prefix = 'helper'): string {
    return uniqueSymbol(`${prefix}${cap(this.word())}`, this.locals);
  }

  private word(): string {
    return this.rng.pick(WORDS);
  }
}
