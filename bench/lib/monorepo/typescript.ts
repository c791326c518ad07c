import type { Random } from '../random.js';
import { EXTERNALS } from './externals.js';
import { VERBS, camel, freshName, pascal, uniqueSymbol } from './names.js';
import { relativeSpecifier, type Module, type PackageApi } from './typescript-model.js';
import type { Unit } from './types.js';

/** Core packages that also get a tsconfig path alias (`@utils/*` → `packages/utils/src/*`) for deep imports. */
export const ALIASED = ['utils', 'logger', 'config'];

const DIRS: Readonly<Record<string, readonly string[]>> = {
  core: ['', 'lib', 'internal', 'utils', 'types', 'adapters', 'errors'],
  lib: ['', 'lib', 'internal', 'models', 'utils', 'adapters', 'mappers', 'types'],
  ui: ['components', 'components/forms', 'components/layout', 'hooks', 'utils', 'theme', ''],
  api: ['', 'routes', 'handlers', 'middleware', 'db', 'db/repositories', 'jobs', 'clients', 'domain', 'config', 'lib'],
  web: ['pages', 'pages/account', 'pages/admin', 'components', 'components/forms', 'components/layout', 'hooks', 'state', 'api', 'utils', 'lib'],
  legacy: ['', 'util', 'models', 'reports'],
};
/** Folders whose files sit low in the import order: everything else may import them. */
const LOW = /^(types|utils|errors|config|domain|models|lib|theme|util)(\/|$)/;
const IMPORTS_PER_FILE: readonly (readonly [number, number])[] = [[1, 14], [2, 18], [3, 18], [4, 14], [5, 10], [6, 8], [7, 6], [8, 4], [9, 3], [10, 2], [11, 1.5], [12, 1.5]];

export interface UnitModules {
  readonly modules: Module[];
  readonly api: PackageApi;
  /** Import cycles made on purpose inside the package. */
  readonly cycles: number;
}

/**
 * Plans one package's modules and their imports. `apis` holds the packages planned before it,
 * which are the only ones it may depend on.
 */
export function planTypescriptUnit(rng: Random, unit: Unit, apis: ReadonlyMap<string, PackageApi>): UnitModules {
  return new UnitPlanner(rng, unit, apis).plan();
}

class UnitPlanner {
  private readonly symbols = new Set<string>();
  private readonly sources: Module[] = [];
  private readonly byDir = new Map<string, Module[]>();
  private readonly tests = new Set<string>();
  private readonly isService: boolean;
  private readonly isLegacy: boolean;
  private readonly srcRoot: string;
  /** Packages built with NodeNext write `./x.js` for `./x.ts`. */
  private readonly style: 'bare' | 'js';

  constructor(
    private readonly rng: Random,
    private readonly unit: Unit,
    private readonly apis: ReadonlyMap<string, PackageApi>,
  ) {
    this.isService = unit.kind === 'api' || unit.kind === 'web';
    this.isLegacy = unit.kind === 'legacy';
    this.srcRoot = `${unit.dir}/${this.isLegacy ? 'lib' : 'src'}`;
    this.style = !this.isLegacy && !this.isService && rng.chance(0.15) ? 'js' : 'bare';
  }

  plan(): UnitModules {
    const { rng, unit } = this;
    const total = unit.files;
    const tests = total >= 12 && !this.isLegacy ? Math.round(total * 0.1) : 0;
    const scripts = total >= 20 && !this.isLegacy && rng.chance(0.15) ? rng.int(1, 3) : 0;
    const dirs = this.folders(total);
    const tops = [...new Set(dirs.map((dir) => dir.split('/')[0]!).filter((top) => top !== ''))];
    const subs = !this.isService && !this.isLegacy && total >= 40 && rng.chance(0.5) ? tops.filter(() => rng.chance(0.3)).slice(0, 2) : [];
    const sourceCount = Math.max(1, total - 1 - tests - scripts - subs.length);

    this.makeSources(sourceCount, dirs, subs);
    this.sources.forEach((module, at) => this.planImports(module, at));
    const scriptModules = this.makeScripts(scripts);
    const subpaths = subs.map((sub) => this.subBarrel(sub));
    const entry = this.isService ? this.serviceEntry() : this.barrel();
    const cycles = this.isService || this.sources.length < 10 || !rng.chance(0.3) ? 0 : this.addCycle(entry);
    const testModules = Array.from({ length: tests }, () => this.test());
    const modules = [...this.sources, ...scriptModules, ...subpaths.map((sub) => sub.module), entry, ...testModules];
    const api: PackageApi = {
      name: unit.name,
      entry: entry.path,
      values: entry.values,
      types: entry.types,
      subpaths: subpaths.map(({ sub, module }) => ({ sub, entry: module.path, values: module.values, types: module.types })),
      sources: this.sources,
    };
    return { modules, api, cycles };
  }

  /** The kind's folders, plus nested ones as the package grows: about one folder per 40 files. */
  private folders(total: number): string[] {
    const base = [...DIRS[this.unit.kind === 'core' ? 'core' : this.unit.kind]!];
    const taken = new Set(base);
    const roots = base.filter((dir) => dir !== '');
    for (let extra = Math.floor(total / 40); extra > 0 && roots.length > 0; extra--) {
      const dir = `${this.rng.pick(roots)}/${freshName(this.rng, taken, '-')}`;
      base.push(dir);
    }
    return base;
  }

  private makeSources(count: number, dirs: readonly string[], subs: readonly string[]): void {
    const { rng } = this;
    const weights = dirs.map((dir, at) => [at, (dir === '' ? 0.6 : 0.2 + rng.next())] as const);
    const names = new Map<string, Set<string>>();
    const placed: { dir: string; low: boolean; order: number }[] = [];
    // Each subpath export gets three files first, so that its entry has something to re-export.
    for (const sub of subs) for (let i = 0; i < 3 && placed.length < count; i++) placed.push({ dir: sub, low: false, order: rng.next() });
    while (placed.length < count) {
      const dir = dirs[rng.weighted(weights)]!;
      placed.push({ dir, low: LOW.test(dir), order: rng.next() });
    }
    placed.sort((a, b) => Number(a.low === false) - Number(b.low === false) || a.order - b.order);
    for (const { dir } of placed) {
      const folder = dir === '' ? this.srcRoot : `${this.srcRoot}/${dir}`;
      let taken = names.get(folder);
      if (!taken) names.set(folder, (taken = new Set(['index'])));
      const module = this.isLegacy ? this.legacySource(folder, taken) : this.source(folder, dir, taken);
      this.sources.push(module);
      let siblings = this.byDir.get(folder);
      if (!siblings) this.byDir.set(folder, (siblings = []));
      siblings.push(module);
    }
  }

  private source(folder: string, dir: string, taken: Set<string>): Module {
    const { rng } = this;
    const ui = this.unit.kind === 'ui' || this.unit.kind === 'web';
    if (ui && /^(components|pages)/.test(dir) && rng.chance(0.85)) {
      const name = freshName(rng, taken, '', 'pascal');
      const values = [uniqueSymbol(name, this.symbols)];
      return { path: `${folder}/${name}.tsx`, ext: 'tsx', role: 'source', values, types: [uniqueSymbol(`${name}Props`, this.symbols)], imports: [], topic: `The ${name} component` };
    }
    const hook = dir.startsWith('hooks');
    const base = hook ? `use-${freshName(rng, taken, '-')}` : freshName(rng, taken, '-');
    const values = hook ? [uniqueSymbol(camel(base), this.symbols)] : Array.from({ length: rng.int(1, 3) }, () => uniqueSymbol(camel(`${rng.pick(VERBS)}-${base}`), this.symbols));
    const types = rng.chance(0.6) ? [uniqueSymbol(pascal(`${base}-${rng.pick(['options', 'record', 'input', 'result', 'state'])}`), this.symbols)] : [];
    return { path: `${folder}/${base}.ts`, ext: 'ts', role: 'source', values, types, imports: [], topic: `${base.replace(/-/g, ' ')} helpers` };
  }

  private legacySource(folder: string, taken: Set<string>): Module {
    const base = freshName(this.rng, taken, '-');
    const values = Array.from({ length: this.rng.int(1, 3) }, () => uniqueSymbol(camel(`${this.rng.pick(VERBS)}-${base}`), this.symbols));
    return { path: `${folder}/${base}.js`, ext: 'js', role: 'source', values, types: [], imports: [], topic: `legacy ${base.replace(/-/g, ' ')} code` };
  }

  /** 1-12 imports: mostly files of the same package, then workspace packages, npm packages, a few aliases. */
  private planImports(module: Module, at: number): void {
    const { rng, unit } = this;
    const wanted = rng.weighted(IMPORTS_PER_FILE);
    const aliasable = unit.deps.filter((dep) => ALIASED.includes(dep.name) && this.apis.get(dep.name)!.sources.length > 0);
    const workspace = unit.deps.filter((dep) => !this.isLegacy && this.apis.has(dep.name));
    for (let slot = 0; slot < wanted; slot++) {
      const kind = rng.weighted<'relative' | 'workspace' | 'external' | 'alias'>([
        ['relative', at > 0 ? 60 : 0],
        ['workspace', workspace.length > 0 ? 22 : 0],
        ['external', unit.external.length > 0 ? 12 : 0],
        ['alias', aliasable.length > 0 && module.ext !== 'js' ? 1.5 : 0],
      ]);
      if (kind === 'relative' && at > 0) this.importRelative(module, at);
      else if (kind === 'workspace' && workspace.length > 0) this.importWorkspace(module, rng.weighted(workspace.map((dep) => [dep.name, dep.popularity + 0.05] as const)));
      else if (kind === 'external' && unit.external.length > 0) this.importExternal(module, rng.pick(unit.external));
      else if (kind === 'alias' && aliasable.length > 0) this.importAlias(module, rng.pick(aliasable).name);
    }
  }

  private importRelative(module: Module, at: number): void {
    const { rng } = this;
    const folder = module.path.slice(0, module.path.lastIndexOf('/'));
    const siblings = (this.byDir.get(folder) ?? []).filter((other) => this.sources.indexOf(other) < at);
    let target: Module | undefined;
    for (let attempt = 0; attempt < 4 && target === undefined; attempt++) {
      const candidate = siblings.length > 0 && rng.chance(0.45) ? rng.pick(siblings) : this.sources[Math.floor(at * rng.next() ** 2)]!;
      // Plain .ts modules rarely import components.
      if (!(candidate.ext === 'tsx' && module.ext === 'ts' && attempt < 3)) target = candidate;
    }
    if (target === undefined || target === module || module.imports.some((i) => i.to === target.path)) return;
    const specifier = relativeSpecifier(module.path, target.path, false, this.style);
    if (this.isLegacy) {
      module.imports.push({ specifier, form: 'require', names: [rng.pick(target.values)], to: target.path, how: 'relative' });
      return;
    }
    const roll = rng.next();
    const form = roll < 0.03 ? 'dynamic' : roll < 0.05 ? 'export-star' : roll < 0.07 ? 'export-named' : roll < 0.2 && target.types.length > 0 ? 'import-type' : 'import';
    const names = form === 'export-star' ? [] : form === 'import-type' ? [rng.pick(target.types)] : pickSome(rng, target.values, 2);
    module.imports.push({ specifier, form, names, to: target.path, how: 'relative' });
  }

  private importWorkspace(module: Module, name: string): void {
    const { rng } = this;
    const api = this.apis.get(name)!;
    const sub = api.subpaths.length > 0 && rng.chance(0.3) ? rng.pick(api.subpaths) : undefined;
    const specifier = sub === undefined ? `@acme/${name}` : `@acme/${name}/${sub.sub}`;
    if (module.imports.some((i) => i.specifier === specifier)) return;
    const values = sub?.values ?? api.values;
    const types = sub?.types ?? api.types;
    const typeOnly = types.length > 0 && (values.length === 0 || rng.chance(0.12));
    if (values.length === 0 && !typeOnly) return;
    const names = typeOnly ? [rng.pick(types)] : pickSome(rng, values, 3);
    module.imports.push({ specifier, form: typeOnly ? 'import-type' : 'import', names, to: sub?.entry ?? api.entry, how: sub === undefined ? 'workspace' : 'subpath' });
  }

  private importAlias(module: Module, name: string): void {
    const target = this.rng.pick(this.apis.get(name)!.sources);
    const specifier = `@${name}/${target.path.slice(`packages/${name}/src/`.length).replace(/\.tsx?$/, '')}`;
    if (module.imports.some((i) => i.specifier === specifier)) return;
    module.imports.push({ specifier, form: 'import', names: pickSome(this.rng, target.values, 2), to: target.path, how: 'alias' });
  }

  private importExternal(module: Module, name: string): void {
    if (module.imports.some((i) => i.specifier === name)) return;
    const external = EXTERNALS[name]!;
    const form = module.ext === 'js' || module.ext === 'cjs' ? 'require' : 'import';
    if (external.binding !== undefined) module.imports.push({ specifier: name, form, names: [], defaultName: external.binding });
    else module.imports.push({ specifier: name, form, names: pickSome(this.rng, external.named ?? [], 2) });
  }

  /** `scripts/*.cjs`: build and release helpers in CommonJS, requiring each other and Node's modules. */
  private makeScripts(count: number): Module[] {
    const scripts: Module[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < count; i++) {
      const base = freshName(this.rng, taken, '-');
      const script: Module = { path: `${this.unit.dir}/scripts/${base}.cjs`, ext: 'cjs', role: 'script', values: [uniqueSymbol(camel(`run-${base}`), this.symbols)], types: [], imports: [], topic: `build script: ${base.replace(/-/g, ' ')}` };
      script.imports.push({ specifier: this.rng.pick(['node:fs', 'node:path', 'node:child_process']), form: 'require', names: [], defaultName: 'nodeModule' });
      const earlier = scripts[this.rng.int(0, scripts.length - 1)];
      if (earlier !== undefined) script.imports.push({ specifier: relativeSpecifier(script.path, earlier.path), form: 'require', names: [earlier.values[0]!], to: earlier.path, how: 'relative' });
      scripts.push(script);
    }
    return scripts;
  }

  /** `src/index.ts`: re-exports a third of the sources, some whole, some by name. */
  private barrel(): Module {
    const { rng } = this;
    const path = `${this.srcRoot}/index.${this.isLegacy ? 'js' : 'ts'}`;
    const count = Math.min(this.sources.length, 60, Math.max(1, Math.round(this.sources.length * 0.3)));
    const chosen = shuffle(rng, [...this.sources]).slice(0, count);
    const barrel: Module = { path, ext: this.isLegacy ? 'js' : 'ts', role: 'barrel', values: [], types: [], imports: [], topic: `public API of @acme/${this.unit.name}` };
    for (const target of chosen) {
      const specifier = relativeSpecifier(path, target.path, false, this.style);
      if (this.isLegacy) {
        barrel.imports.push({ specifier, form: 'require', names: target.values, to: target.path, how: 'relative' });
        barrel.values.push(...target.values);
      } else if (rng.chance(0.6)) {
        barrel.imports.push({ specifier, form: 'export-star', names: [], to: target.path, how: 'relative' });
        barrel.values.push(...target.values);
        barrel.types.push(...target.types);
      } else {
        const values = pickSome(rng, target.values, 2);
        barrel.imports.push({ specifier, form: 'export-named', names: [...values, ...target.types.map((type) => `type ${type}`)], to: target.path, how: 'relative' });
        barrel.values.push(...values);
        barrel.types.push(...target.types);
      }
    }
    return barrel;
  }

  private subBarrel(sub: string): { sub: string; module: Module } {
    const path = `${this.srcRoot}/${sub}/index.ts`;
    const inside = this.sources.filter((module) => module.path.startsWith(`${this.srcRoot}/${sub}/`)).slice(0, 25);
    const module: Module = { path, ext: 'ts', role: 'barrel', values: [], types: [], imports: [], topic: `the ${sub} entry point of @acme/${this.unit.name}` };
    for (const target of inside) {
      module.imports.push({ specifier: relativeSpecifier(path, target.path, false, this.style), form: 'export-star', names: [], to: target.path, how: 'relative' });
      module.values.push(...target.values);
      module.types.push(...target.types);
    }
    return { sub, module };
  }

  /** A service's `src/index.ts` starts it: imports a few top modules and exports nothing. */
  private serviceEntry(): Module {
    const path = `${this.srcRoot}/index.${this.unit.kind === 'web' ? 'tsx' : 'ts'}`;
    const entry: Module = { path, ext: this.unit.kind === 'web' ? 'tsx' : 'ts', role: 'entry', values: [], types: [], imports: [], topic: `entry point of the ${this.unit.name} service` };
    const top = this.sources.slice(-Math.min(this.sources.length, this.rng.int(3, 8)));
    for (const target of top) entry.imports.push({ specifier: relativeSpecifier(path, target.path, false, this.style), form: 'import', names: [target.values[0]!], to: target.path, how: 'relative' });
    return entry;
  }

  /**
   * A cycle inside the package, as they happen: a module that imports back from one of its own
   * imports, or a re-exported module that imports the package's own entry.
   */
  private addCycle(entry: Module): number {
    const { rng } = this;
    const viaBarrel = entry.role === 'barrel' && !this.isLegacy && rng.chance(0.4);
    if (viaBarrel) {
      const reexported = entry.imports.map((i) => this.sources.find((module) => module.path === i.to)).filter((m): m is Module => m !== undefined);
      const module = reexported.length > 0 ? rng.pick(reexported) : undefined;
      const names = entry.values.filter((value) => !module?.values.includes(value));
      if (module === undefined || names.length === 0) return 0;
      module.imports.push({ specifier: relativeSpecifier(module.path, entry.path, rng.chance(0.5), this.style), form: 'import', names: [rng.pick(names)], to: entry.path, how: 'relative' });
      return 1;
    }
    const withRelative = this.sources.filter((module) => module.imports.some((i) => i.how === 'relative' && i.form !== 'dynamic'));
    if (withRelative.length === 0) return 0;
    const from = rng.pick(withRelative);
    const edge = rng.pick(from.imports.filter((i) => i.how === 'relative' && i.form !== 'dynamic'));
    const back = this.sources.find((module) => module.path === edge.to);
    if (back === undefined || back.imports.some((i) => i.to === from.path)) return 0;
    const typeOnly = from.types.length > 0 && rng.chance(0.5);
    back.imports.push({
      specifier: relativeSpecifier(back.path, from.path, false, this.style),
      form: this.isLegacy ? 'require' : typeOnly ? 'import-type' : 'import',
      names: [typeOnly ? rng.pick(from.types) : rng.pick(from.values)],
      to: from.path,
      how: 'relative',
    });
    return 1;
  }

  private test(): Module {
    const { rng } = this;
    const target = rng.pick(this.sources);
    const base = target.path.slice(target.path.lastIndexOf('/') + 1).replace(/\.tsx?$/, '');
    const beside = rng.chance(0.5);
    const folder = beside ? `${target.path.slice(0, target.path.lastIndexOf('/'))}/__tests__` : `${this.unit.dir}/test`;
    const ext = target.ext === 'tsx' ? 'tsx' : 'ts';
    let path = `${folder}/${base}.test.${ext}`;
    for (let n = 2; this.tests.has(path); n++) path = `${folder}/${base}-${n}.test.${ext}`;
    this.tests.add(path);
    const test: Module = { path, ext, role: 'test', values: [], types: [], imports: [], topic: `tests for ${base}` };
    test.imports.push({ specifier: 'vitest', form: 'import', names: ['describe', 'it', 'expect'] });
    test.imports.push({ specifier: relativeSpecifier(path, target.path, false, this.style), form: 'import', names: pickSome(rng, target.values, 2), to: target.path, how: 'relative' });
    return test;
  }
}

function pickSome(rng: Random, items: readonly string[], max: number): string[] {
  if (items.length === 0) return [];
  return [...new Set(Array.from({ length: rng.int(1, Math.min(max, items.length)) }, () => rng.pick(items)))];
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
