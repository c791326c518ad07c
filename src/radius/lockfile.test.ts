import { describe, expect, it } from 'vitest';
import { changedImporters, isLockfile } from './lockfile.js';

const pnpm = (lodash: string, debugOfMs: string) => `lockfileVersion: '9.0'
importers:
  .:
    devDependencies:
      typescript:
        specifier: ^5.9.0
        version: 5.9.3
  packages/api:
    dependencies:
      lodash:
        specifier: ^4.17.0
        version: ${lodash}
      '@acme/util':
        specifier: workspace:*
        version: link:../util
  packages/util:
    dependencies:
      ms:
        specifier: ^2.1.0
        version: 2.1.3
  packages/web:
    dependencies:
      react:
        specifier: ^19.0.0
        version: 19.0.0
packages:
  lodash@4.17.20: {}
  lodash@4.17.21: {}
  ms@2.1.3: {}
  react@19.0.0: {}
  typescript@5.9.3: {}
  debug@4.3.4: {}
  debug@4.3.5: {}
snapshots:
  lodash@4.17.20: {}
  lodash@4.17.21: {}
  ms@2.1.3:
    dependencies:
      debug: ${debugOfMs}
  debug@4.3.4: {}
  debug@4.3.5: {}
  react@19.0.0: {}
  typescript@5.9.3: {}
`;

describe('changedImporters', () => {
  it('finds exactly the pnpm importers whose direct dependency changed', () => {
    expect(changedImporters('pnpm-lock.yaml', pnpm('4.17.20', '4.3.4'), pnpm('4.17.21', '4.3.4'))).toEqual(['packages/api']);
  });

  it('follows transitive changes through snapshots', () => {
    expect(changedImporters('pnpm-lock.yaml', pnpm('4.17.21', '4.3.4'), pnpm('4.17.21', '4.3.5'))).toEqual(['packages/util']);
  });

  it('finds nothing when nothing resolved changed', () => {
    expect(changedImporters('pnpm-lock.yaml', pnpm('4.17.21', '4.3.4'), pnpm('4.17.21', '4.3.4'))).toEqual([]);
  });

  it('reads package-lock.json workspaces, with nested node_modules', () => {
    const lock = (chalk: string, nested: string) =>
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'root', workspaces: ['packages/*'] },
          'packages/a': { name: '@acme/a', dependencies: { chalk: '^5' } },
          'packages/b': { name: '@acme/b', dependencies: { semver: '^7' } },
          'node_modules/chalk': { version: chalk },
          'node_modules/semver': { version: '7.6.0', dependencies: { 'lru-cache': '^6' } },
          'node_modules/semver/node_modules/lru-cache': { version: nested },
          'node_modules/lru-cache': { version: '10.0.0' },
        },
      });
    expect(changedImporters('package-lock.json', lock('5.3.0', '6.0.0'), lock('5.4.0', '6.0.0'))).toEqual(['packages/a']);
    expect(changedImporters('package-lock.json', lock('5.3.0', '6.0.0'), lock('5.3.0', '6.0.1'))).toEqual(['packages/b']);
  });

  it('treats an added lockfile as a change of every importer with dependencies', () => {
    expect(changedImporters('pnpm-lock.yaml', undefined, pnpm('4.17.21', '4.3.4'))).toEqual(['', 'packages/api', 'packages/util', 'packages/web']);
  });

  it('knows lockfile names', () => {
    expect(['pnpm-lock.yaml', 'apps/x/package-lock.json', 'yarn.lock', 'package.json'].map(isLockfile)).toEqual([true, true, false, false]);
  });
});
