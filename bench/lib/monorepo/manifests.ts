import { EXTERNALS } from './externals.js';
import { GO_EXTERNALS, goModule } from './golang.js';
import { pythonPackage } from './python.js';
import { ALIASED } from './typescript.js';
import type { PackageApi } from './typescript-model.js';
import type { GeneratedFile, Unit } from './types.js';

/** What a package.json declares; the lockfile records the same. */
export interface Manifest {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
const sorted = (entries: [string, string][]): Record<string, string> => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const caret = (name: string): string => `^${EXTERNALS[name]!.version}`;

const ROOT_DEV = ['typescript', 'vitest', '@types/node'];

export function rootManifest(): Manifest {
  return { dependencies: {}, devDependencies: sorted(ROOT_DEV.map((name) => [name, caret(name)])) };
}

export function manifestOf(unit: Unit, hasTests: boolean): Manifest {
  const dependencies = sorted([...unit.deps.map((dep): [string, string] => [`@acme/${dep.name}`, 'workspace:*']), ...unit.external.map((name): [string, string] => [name, caret(name)])]);
  const dev: string[] = unit.kind === 'legacy' ? [] : ['typescript'];
  if (hasTests) dev.push('vitest');
  if (unit.kind === 'ui' || unit.kind === 'web') dev.push('@types/react');
  if (unit.kind === 'api') dev.push('@types/node');
  if (unit.external.includes('lodash') && unit.kind !== 'legacy') dev.push('@types/lodash');
  return { dependencies, devDependencies: sorted(dev.map((name) => [name, caret(name)])) };
}

export function packageJson(unit: Unit, api: PackageApi, manifest: Manifest, version: string): GeneratedFile {
  const strip = (path: string): string => `./${path.slice(unit.dir.length + 1)}`;
  const body: Record<string, unknown> = { name: `@acme/${unit.name}`, version, private: true };
  if (unit.kind === 'legacy') {
    body.main = strip(api.entry);
  } else {
    body.type = 'module';
    if (unit.kind === 'api' || unit.kind === 'web') body.main = strip(api.entry);
    else body.exports = Object.fromEntries([['.', strip(api.entry)], ...api.subpaths.map((sub) => [`./${sub.sub}`, strip(sub.entry)])]);
  }
  body.scripts = unit.kind === 'legacy' ? { test: 'node --test' } : unit.kind === 'api' || unit.kind === 'web' ? { build: 'tsc -p tsconfig.json', start: `node dist/index.js`, test: 'vitest run' } : { build: 'tsc -p tsconfig.json', test: 'vitest run' };
  if (Object.keys(manifest.dependencies).length > 0) body.dependencies = manifest.dependencies;
  if (Object.keys(manifest.devDependencies).length > 0) body.devDependencies = manifest.devDependencies;
  return { path: `${unit.dir}/package.json`, lang: 'other', text: json(body) };
}

export function tsconfig(unit: Unit): GeneratedFile {
  const body = unit.kind === 'legacy'
    ? { extends: '../../tsconfig.base.json', compilerOptions: { allowJs: true, checkJs: false, noEmit: true }, include: ['lib'] }
    : { extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist', ...(unit.kind === 'web' || unit.kind === 'ui' ? { jsx: 'react-jsx' } : {}) }, include: ['src', 'test', 'scripts'] };
  return { path: `${unit.dir}/tsconfig.json`, lang: 'other', text: json(body) };
}

export function readme(unit: Unit, description: string): GeneratedFile {
  return { path: `${unit.dir}/README.md`, lang: 'other', text: `# ${unit.lang === 'ts' ? `@acme/${unit.name}` : unit.name}\n\n${description}\n\nOwned by ${unit.team}.\n` };
}

/** Root files of the workspace: package.json, pnpm-workspace.yaml, tsconfig.base.json, go.work, ... */
export function rootFiles(ts: readonly Unit[], py: readonly Unit[], go: readonly Unit[]): GeneratedFile[] {
  const paths: Record<string, string[]> = { '@acme/*': ['packages/*/src/index.ts'] };
  for (const name of ALIASED) if (ts.some((unit) => unit.name === name)) paths[`@${name}/*`] = [`packages/${name}/src/*`];
  const files: GeneratedFile[] = [
    {
      path: 'package.json',
      lang: 'other',
      text: json({
        name: 'acme-monorepo',
        private: true,
        packageManager: 'pnpm@9.4.0',
        workspaces: ['packages/*', 'services/*'],
        scripts: { build: 'pnpm -r build', test: 'pnpm -r test', typecheck: 'tsc -p tsconfig.base.json --noEmit' },
        devDependencies: rootManifest().devDependencies,
      }),
    },
    { path: 'pnpm-workspace.yaml', lang: 'other', text: "packages:\n  - 'packages/*'\n  - 'services/*'\n" },
    {
      path: 'tsconfig.base.json',
      lang: 'other',
      text: json({
        compilerOptions: {
          target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true, esModuleInterop: true,
          skipLibCheck: true, allowJs: true, resolveJsonModule: true, isolatedModules: true, noEmit: true, baseUrl: '.', paths,
        },
        exclude: ['**/node_modules', '**/dist'],
      }),
    },
    { path: '.gitignore', lang: 'other', text: 'node_modules/\ndist/\n.blastwall/\n__pycache__/\n*.pyc\n.venv/\n' },
    { path: '.npmrc', lang: 'other', text: 'link-workspace-packages=true\nprefer-workspace-packages=true\n' },
    { path: '.nvmrc', lang: 'other', text: '20\n' },
    { path: 'README.md', lang: 'other', text: `# acme monorepo\n\n${ts.length} TypeScript packages and services (pnpm workspaces), ${py.length} Python and ${go.length} Go modules.\n` },
    {
      path: 'pyproject.toml',
      lang: 'other',
      text: `[tool.uv.workspace]\nmembers = [\n${py.map((unit) => `    "${unit.dir}",`).join('\n')}\n]\n\n[tool.ruff]\nline-length = 110\n`,
    },
    { path: 'go.work', lang: 'other', text: `go 1.22\n\nuse (\n${go.map((unit) => `\t./${unit.dir}`).join('\n')}\n)\n` },
    {
      path: '.github/workflows/ci.yml',
      lang: 'other',
      text: 'name: ci\non: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pnpm/action-setup@v4\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm -r test\n',
    },
  ];
  return files;
}

export function pyproject(unit: Unit, shared: Unit | undefined): GeneratedFile {
  const deps = [...(unit.kind === 'py-lib' ? [] : shared === undefined ? [] : [`"${shared.name === 'py-common' ? 'acme-common' : shared.name}"`]), '"requests>=2.31"', '"pydantic>=2.7"'];
  const name = unit.kind === 'py-lib' ? 'acme-common' : unit.name;
  const sources = unit.kind === 'py-lib' ? '' : '\n[tool.uv.sources]\nacme-common = { workspace = true }\n';
  return {
    path: `${unit.dir}/pyproject.toml`,
    lang: 'other',
    text: `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = [${deps.join(', ')}]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[tool.hatch.build.targets.wheel]\npackages = ["src/${pythonPackage(unit)}"]\n${sources}`,
  };
}

export function goMod(unit: Unit, requires: ReadonlySet<string>, kit: Unit | undefined): GeneratedFile {
  const versions = new Map(GO_EXTERNALS.map((external) => [external.module, external.version]));
  const lines = [...requires].sort().map((path) => `\t${path} ${versions.get(path) ?? 'v0.0.0'}`);
  let text = `module ${goModule(unit)}\n\ngo 1.22\n`;
  if (lines.length > 0) text += `\nrequire (\n${lines.join('\n')}\n)\n`;
  if (kit !== undefined && requires.has(goModule(kit))) text += `\nreplace ${goModule(kit)} => ../../${kit.dir}\n`;
  return { path: `${unit.dir}/go.mod`, lang: 'other', text };
}
