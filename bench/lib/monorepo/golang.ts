import type { Random } from '../random.js';
import { WORDS, cap, freshName, uniqueSymbol } from './names.js';
import type { LanguageOutput, Unit } from './types.js';

export const goModule = (unit: Unit): string => `github.com/acme/${unit.name}`;

const SERVICE_PACKAGES = ['internal/domain', 'internal/settings', 'internal/clock', 'internal/store', 'internal/events', 'internal/cache', 'internal/authz', 'internal/queue', 'internal/billing', 'internal/audit', 'internal/ratelimit', 'internal/webhook', 'internal/httpapi', 'internal/worker', 'pkg/client', 'pkg/types'];
const KIT_PACKAGES = ['xerrors', 'kitlog', 'kitconfig', 'retry', 'metrics', 'tracing', 'dbx', 'authn', 'httpx', 'testutil'];
/** Standard library packages and one expression that uses each. */
const STD: readonly (readonly [string, string])[] = [
  ['context', 'context.Background()'], ['fmt', 'fmt.Sprintf("%v", 1)'], ['net/http', 'http.StatusOK'], ['time', 'time.Now()'],
  ['strings', 'strings.TrimSpace(" x ")'], ['errors', 'errors.New("failed")'], ['encoding/json', 'json.Valid(nil)'], ['sync', 'new(sync.Mutex)'],
  ['database/sql', 'sql.ErrNoRows'], ['log/slog', 'slog.Default()'],
];
/** Packages outside the repository: import path, module and version for go.mod, an expression that uses it. */
export const GO_EXTERNALS: readonly { readonly path: string; readonly module: string; readonly version: string; readonly use: string }[] = [
  { path: 'github.com/google/uuid', module: 'github.com/google/uuid', version: 'v1.6.0', use: 'uuid.NewString()' },
  { path: 'go.uber.org/zap', module: 'go.uber.org/zap', version: 'v1.27.0', use: 'zap.NewNop()' },
  { path: 'github.com/jackc/pgx/v5', module: 'github.com/jackc/pgx/v5', version: 'v5.6.0', use: 'pgx.ErrNoRows' },
  { path: 'github.com/prometheus/client_golang/prometheus', module: 'github.com/prometheus/client_golang', version: 'v1.19.1', use: 'prometheus.NewRegistry()' },
];

interface GoPackage {
  /** Folder relative to the module root: `internal/store`, `cmd/ledger`. */
  readonly rel: string;
  readonly name: string;
  readonly importPath: string;
  readonly dir: string;
  readonly funcs: string[];
}

export interface GoOutput extends LanguageOutput {
  /** External modules each Go module requires, for its go.mod. */
  readonly requires: Map<string, Set<string>>;
}

/** Go modules with `go.mod`: services whose packages import each other and the shared `gokit` module. */
export function generateGo(rng: Random, units: readonly Unit[]): GoOutput {
  const output: GoOutput = { files: [], edges: [], externalImports: 0, requires: new Map() };
  let kit: GoPackage[] = [];
  for (const unit of units) {
    const packages = generateUnit(rng, unit, unit.kind === 'go-lib' ? [] : kit, output);
    if (unit.kind === 'go-lib') kit = packages;
  }
  return output;
}

function generateUnit(rng: Random, unit: Unit, kit: readonly GoPackage[], output: GoOutput): GoPackage[] {
  const module = goModule(unit);
  const requires = new Set<string>();
  output.requires.set(unit.name, requires);
  const rels = unit.kind === 'go-lib'
    ? KIT_PACKAGES.slice(0, Math.max(3, Math.min(KIT_PACKAGES.length, Math.round(unit.files / 8))))
    : [...SERVICE_PACKAGES.filter((_, at) => at < 2 || rng.chance(Math.min(0.9, unit.files / 200))), `cmd/${unit.name}`];
  const packages: GoPackage[] = rels.map((rel) => ({ rel, name: rel.startsWith('cmd/') ? 'main' : rel.split('/').pop()!, importPath: `${module}/${rel}`, dir: `${unit.dir}/${rel}`, funcs: [] }));
  // Every package gets one file; the rest go mostly to the bigger, lower ones.
  const counts = packages.map(() => 1);
  for (let left = unit.files - packages.length; left > 0; left--) counts[Math.min(packages.length - 1, Math.floor(packages.length * rng.next() ** 1.3))]!++;

  packages.forEach((pkg, at) => {
    const names = new Set<string>();
    const symbols = new Set<string>();
    const lower = packages.slice(0, at).filter((other) => other.name !== 'main');
    for (let file = 0; file < counts[at]!; file++) {
      const test = file > 0 && rng.chance(0.1);
      const base = pkg.name === 'main' && file === 0 ? 'main' : freshName(rng, names, '_');
      const path = `${pkg.dir}/${base}${test ? '_test' : ''}.go`;
      const imports: string[] = test ? ['testing'] : base === 'main' ? ['context'] : [];
      const uses: string[] = [];
      for (let n = rng.int(1, 3); n > 0; n--) {
        const [std, use] = rng.pick(STD);
        if (imports.includes(std)) continue;
        imports.push(std);
        uses.push(use);
        output.externalImports++;
      }
      for (let n = rng.int(0, Math.min(4, lower.length)); n > 0; n--) {
        const target = lower[Math.floor(lower.length * rng.next() ** 0.7)]!;
        if (imports.includes(target.importPath) || target.funcs.length === 0) continue;
        imports.push(target.importPath);
        uses.push(`${target.name}.${rng.pick(target.funcs)}`);
        output.edges.push({ from: path, to: target.dir, specifier: target.importPath, how: 'go', form: 'import' });
      }
      for (let n = kit.length > 0 ? rng.int(0, 2) : 0; n > 0; n--) {
        const target = rng.pick(kit);
        if (imports.includes(target.importPath) || target.funcs.length === 0) continue;
        imports.push(target.importPath);
        uses.push(`${target.name}.${rng.pick(target.funcs)}`);
        output.edges.push({ from: path, to: target.dir, specifier: target.importPath, how: 'go', form: 'import' });
        requires.add(kit[0]!.importPath.split('/').slice(0, 3).join('/'));
      }
      if (rng.chance(0.25)) {
        const external = rng.pick(GO_EXTERNALS);
        if (!imports.includes(external.path)) {
          imports.push(external.path);
          uses.push(external.use);
          requires.add(external.module);
          output.externalImports++;
        }
      }
      const funcs = test ? [] : Array.from({ length: rng.int(1, 3) }, () => uniqueSymbol(`${cap(rng.pick(['new', 'load', 'handle', 'sync', 'parse', 'build']))}${cap(rng.pick(WORDS))}`, symbols));
      output.files.push({ path, lang: 'go', text: render(rng, pkg, file === 0, base, imports, uses, funcs, test) });
      pkg.funcs.push(...funcs);
    }
  });
  return packages;
}

function render(rng: Random, pkg: GoPackage, first: boolean, base: string, imports: readonly string[], uses: readonly string[], funcs: readonly string[], test: boolean): string {
  const std = imports.filter((path) => !path.includes('.')).sort();
  const other = imports.filter((path) => path.includes('.')).sort();
  const lines: string[] = [];
  if (first && pkg.name !== 'main') lines.push(`// Package ${pkg.name} holds the ${pkg.name} logic of the service.`);
  lines.push(`package ${pkg.name}`, '', 'import (');
  lines.push(...std.map((path) => `\t"${path}"`));
  if (std.length > 0 && other.length > 0) lines.push('');
  lines.push(...other.map((path) => `\t"${path}"`), ')');
  const type = cap(base.split('_').map(cap).join(''));
  if (!test) lines.push('', `// ${type} is one ${base.replace(/_/g, ' ')}.`, `type ${type} struct {`, '\tID   string', '\tName string', `\tAt   int64`, '}');
  const pending = [...uses];
  const bodies = test ? [`Test${type}`] : funcs;
  for (const name of bodies) {
    lines.push('', test ? `func ${name}(t *testing.T) {` : `// ${name} works on a ${type}.`);
    if (!test) lines.push(`func ${name}(id string) (*${type}, error) {`);
    for (let n = rng.int(1, 3); n > 0; n--) {
      const use = pending.shift();
      const filler = test ? `\tif testing.Short() {\n\t\tt.Skip("${rng.pick(WORDS)}")\n\t}` : `\tif id == "${rng.pick(WORDS)}" {\n\t\treturn nil, nil\n\t}`;
      lines.push(use === undefined ? filler : `\t_ = ${use}`);
    }
    lines.push(test ? '}' : `\treturn &${type}{ID: id, Name: "${base}"}, nil\n}`);
  }
  // Uses left over go into an init, so that every import is used.
  if (pending.length > 0) lines.push('', 'func init() {', ...pending.map((use) => `\t_ = ${use}`), '}');
  if (pkg.name === 'main' && base === 'main') lines.push('', 'func main() {', '\t_ = context.Background', '}');
  return lines.join('\n') + '\n';
}
