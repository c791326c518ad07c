/**
 * The npm packages the generated monorepo depends on, with the versions and dependencies a pnpm
 * lockfile would record for them. Small on purpose: the lockfile must be self-consistent, not complete.
 */
export interface External {
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly engines?: string;
  /** How files import it: the default binding, the named bindings. */
  readonly binding?: string;
  readonly named?: readonly string[];
}

export const EXTERNALS: Readonly<Record<string, External>> = {
  react: { version: '18.3.1', dependencies: { 'loose-envify': '1.4.0' }, engines: '>=0.10.0', named: ['useState', 'useEffect', 'useMemo', 'useCallback'] },
  'react-dom': { version: '18.3.1', dependencies: { 'loose-envify': '1.4.0', scheduler: '0.23.2' }, peerDependencies: { react: '^18.3.1' }, named: ['createPortal'] },
  'loose-envify': { version: '1.4.0', dependencies: { 'js-tokens': '4.0.0' } },
  'js-tokens': { version: '4.0.0' },
  scheduler: { version: '0.23.2', dependencies: { 'loose-envify': '1.4.0' } },
  clsx: { version: '2.1.1', engines: '>=6', binding: 'clsx' },
  zustand: { version: '4.5.2', dependencies: { 'use-sync-external-store': '1.2.0' }, engines: '>=12.7.0', named: ['create'] },
  'use-sync-external-store': { version: '1.2.0' },
  lodash: { version: '4.17.21', binding: '_' },
  zod: { version: '3.23.8', named: ['z'] },
  'date-fns': { version: '3.6.0', named: ['format', 'addDays', 'parseISO'] },
  axios: { version: '1.7.2', dependencies: { 'follow-redirects': '1.15.6', 'form-data': '4.0.0', 'proxy-from-env': '1.1.0' }, binding: 'axios' },
  'follow-redirects': { version: '1.15.6', engines: '>=4.0' },
  'form-data': { version: '4.0.0', dependencies: { asynckit: '0.4.0', 'combined-stream': '1.0.8', 'mime-types': '2.1.35' }, engines: '>= 6' },
  asynckit: { version: '0.4.0' },
  'combined-stream': { version: '1.0.8', dependencies: { 'delayed-stream': '1.0.0' }, engines: '>= 0.8' },
  'delayed-stream': { version: '1.0.0', engines: '>=0.4.0' },
  'mime-types': { version: '2.1.35', dependencies: { 'mime-db': '1.52.0' }, engines: '>= 0.6' },
  'mime-db': { version: '1.52.0', engines: '>= 0.6' },
  'proxy-from-env': { version: '1.1.0' },
  uuid: { version: '9.0.1', named: ['v4'] },
  nanoid: { version: '5.0.7', named: ['nanoid'] },
  immer: { version: '10.1.1', named: ['produce'] },
  tslib: { version: '2.6.3', named: ['__awaiter'] },
  express: { version: '4.19.2', dependencies: { debug: '2.6.9', 'cookie-signature': '1.0.6' }, engines: '>= 0.10.0', binding: 'express' },
  debug: { version: '2.6.9', dependencies: { ms: '2.0.0' } },
  ms: { version: '2.0.0' },
  'cookie-signature': { version: '1.0.6' },
  pino: { version: '9.1.0', dependencies: { 'fast-redact': '3.5.0' }, binding: 'pino' },
  'fast-redact': { version: '3.5.0', engines: '>=6' },
  pg: { version: '8.12.0', dependencies: { 'pg-connection-string': '2.6.4' }, engines: '>= 8.0.0', named: ['Pool'] },
  'pg-connection-string': { version: '2.6.4' },
  moment: { version: '2.30.1', binding: 'moment' },
  typescript: { version: '5.4.5', engines: '>=14.17' },
  vitest: { version: '1.6.0', engines: '^18.0.0 || >=20.0.0', named: ['describe', 'it', 'expect'] },
  '@types/node': { version: '20.14.2', dependencies: { 'undici-types': '5.26.5' } },
  'undici-types': { version: '5.26.5' },
  '@types/react': { version: '18.3.3', dependencies: { '@types/prop-types': '15.7.12', csstype: '3.1.3' } },
  '@types/prop-types': { version: '15.7.12' },
  csstype: { version: '3.1.3' },
  '@types/lodash': { version: '4.17.5' },
};

/** Runtime dependencies each kind of unit draws from; the first `always` are always taken. */
export const RUNTIME_CHOICES: Readonly<Record<string, { always: readonly string[]; some: readonly string[] }>> = {
  core: { always: [], some: ['lodash', 'zod', 'date-fns', 'uuid', 'nanoid', 'tslib'] },
  lib: { always: [], some: ['lodash', 'zod', 'date-fns', 'axios', 'immer', 'nanoid'] },
  ui: { always: ['react'], some: ['clsx', 'zustand', 'react-dom', 'date-fns'] },
  web: { always: ['react', 'react-dom'], some: ['clsx', 'zustand', 'axios', 'zod'] },
  api: { always: ['express'], some: ['zod', 'pino', 'pg', 'uuid', 'lodash'] },
  legacy: { always: ['lodash'], some: ['moment', 'debug'] },
};

/** `18.3.1(react@18.3.1)`: pnpm's resolved version, with the peers it was resolved against. */
export function resolvedVersion(name: string): string {
  const external = EXTERNALS[name];
  if (external === undefined) throw new Error(`unknown external package ${name}`);
  const peers = Object.keys(external.peerDependencies ?? {}).map((peer) => `(${peer}@${EXTERNALS[peer]!.version})`);
  return external.version + peers.join('');
}
