import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../types.js';
import { goIndex, goModulePath, resolveGo } from './go.js';
import { javaIndex, resolveJava } from './java.js';
import { pythonIndex, resolvePython } from './python.js';

const python = (specifier: string, names?: string[]): ImportRecord => ({ specifier, kind: 'python', typeOnly: false, line: 1, ...(names ? { names } : {}) });
const go = (specifier: string): ImportRecord => ({ specifier, kind: 'go', typeOnly: false, line: 1 });
const java = (specifier: string, isStatic = false): ImportRecord => ({ specifier, kind: 'java', typeOnly: false, line: 1, ...(isStatic ? { isStatic } : {}) });

describe('resolvePython', () => {
  const index = pythonIndex([
    'pyproject.toml',
    'README.md',
    'src/shop/__init__.py',
    'src/shop/utils.py',
    'src/shop/models/__init__.py',
    'src/shop/models/user.py',
    'src/shop/api/__init__.py',
    'src/shop/api/v1/__init__.py',
    'src/shop/api/v1/views.py',
    'src/shop/typed.pyi',
    'tests/helpers.py',
    'tests/test_views.py',
    'packages/billing/pyproject.toml',
    'packages/billing/src/billing/__init__.py',
    'packages/billing/src/billing/invoice.py',
    'services/a/setup.py',
    'services/a/app/__init__.py',
    'services/a/app/core.py',
    'services/b/setup.cfg',
    'services/b/app/__init__.py',
    'services/b/app/core.py',
    'services/b/app/main.py',
    'services/b/tests/test_core.py',
  ]);
  const resolve = (record: ImportRecord, from: string) => resolvePython(record, from, index);

  it('finds source roots: the repository, project folders and src layouts', () => {
    expect([...index.roots].sort()).toEqual(['', 'packages/billing/', 'packages/billing/src/', 'services/a/', 'services/b/', 'src/']);
  });

  it('resolves absolute imports of a src-layout package, submodules and __init__.py packages', () => {
    const from = 'tests/test_views.py';
    expect(resolve(python('shop.models.user'), from)).toEqual(['src/shop/models/user.py']);
    expect(resolve(python('shop'), from)).toEqual(['src/shop/__init__.py']);
    expect(resolve(python('shop.models', ['user']), from)).toEqual(['src/shop/models/user.py']);
    expect(resolve(python('shop.models', ['User']), from)).toEqual(['src/shop/models/__init__.py']);
    expect(resolve(python('shop.models', ['user', 'User']), from)).toEqual(['src/shop/models/__init__.py', 'src/shop/models/user.py']);
    expect(resolve(python('shop.models', ['*']), from)).toEqual(['src/shop/models/__init__.py']);
    expect(resolve(python('shop.typed'), from)).toEqual(['src/shop/typed.pyi']);
  });

  it('resolves relative imports from the file package, up to two levels above it', () => {
    const from = 'src/shop/api/v1/views.py';
    expect(resolve(python('.', ['views']), 'src/shop/api/v1/__init__.py')).toEqual(['src/shop/api/v1/views.py']);
    expect(resolve(python('..', ['helper']), from)).toEqual(['src/shop/api/__init__.py']);
    expect(resolve(python('...models', ['user']), from)).toEqual(['src/shop/models/user.py']);
    expect(resolve(python('...models.user', ['User']), from)).toEqual(['src/shop/models/user.py']);
    expect(resolve(python('...', ['utils']), from)).toEqual(['src/shop/utils.py']);
    expect(resolve(python('.....', ['x']), from)).toEqual([]);
  });

  it('sees the folder of a script or test first, then the roots around the file, then the others', () => {
    expect(resolve(python('helpers'), 'tests/test_views.py')).toEqual(['tests/helpers.py']);
    expect(resolve(python('app.core'), 'services/b/app/main.py')).toEqual(['services/b/app/core.py']);
    expect(resolve(python('app.core'), 'services/b/tests/test_core.py')).toEqual(['services/b/app/core.py']);
    expect(resolve(python('billing.invoice', ['Invoice']), 'src/shop/utils.py')).toEqual(['packages/billing/src/billing/invoice.py']);
    // Ambiguous from outside both projects: every candidate.
    expect(resolve(python('app.core'), 'src/shop/utils.py')).toEqual(['services/a/app/core.py', 'services/b/app/core.py']);
  });

  it('resolves the standard library and third-party packages to nothing', () => {
    expect(resolve(python('os.path'), 'src/shop/utils.py')).toEqual([]);
    expect(resolve(python('requests'), 'src/shop/utils.py')).toEqual([]);
    expect(resolve(python('typing', ['TYPE_CHECKING']), 'src/shop/utils.py')).toEqual([]);
  });

  it('takes extra source roots', () => {
    const extra = pythonIndex(['lib/python/tool.py', 'bin/run.py'], ['lib/python']);
    expect(resolvePython(python('tool'), 'bin/run.py', extra)).toEqual(['lib/python/tool.py']);
  });
});

describe('resolveGo', () => {
  const index = goIndex(
    [
      'go.mod',
      'main.go',
      'internal/db/db.go',
      'internal/db/conn.go',
      'internal/db/db_test.go',
      'internal/db/testdata/fixture.go',
      'api/handlers/users.go',
      'api/handlers/README.md',
      'tools/go.mod',
      'tools/gen/gen.go',
      'plugins/go.mod',
      'plugins/auth/auth.go',
    ],
    [
      { path: 'go.mod', content: 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n' },
      { path: 'tools/go.mod', content: '// Code generators.\nmodule example.com/shop/tools // nested\n' },
      { path: 'plugins/go.mod', content: 'module "example.com/plugins"\n' },
    ],
  );
  const resolve = (specifier: string) => resolveGo(go(specifier), 'api/handlers/users.go', index);

  it('reads the module path of go.mod files', () => {
    expect(goModulePath('// Deprecated: use v2.\nmodule example.com/m // the module\n')).toEqual('example.com/m');
    expect(goModulePath('module `example.com/q`\n')).toEqual('example.com/q');
    expect(goModulePath('modules x\ngo 1.22\n')).toEqual(undefined);
  });

  it('resolves a package to its non-test files, in nested packages and nested modules', () => {
    expect(resolve('example.com/shop/internal/db')).toEqual(['internal/db/conn.go', 'internal/db/db.go']);
    expect(resolve('example.com/shop')).toEqual(['main.go']);
    expect(resolve('example.com/shop/tools/gen')).toEqual(['tools/gen/gen.go']);
    expect(resolve('example.com/plugins/auth')).toEqual(['plugins/auth/auth.go']);
  });

  it('resolves the standard library, third-party modules and missing folders to nothing', () => {
    expect(resolve('fmt')).toEqual([]);
    expect(resolve('net/http')).toEqual([]);
    expect(resolve('github.com/lib/pq')).toEqual([]);
    expect(resolve('example.com/shop/missing')).toEqual([]);
    expect(resolve('example.com/shopping/x')).toEqual([]);
    // The folder belongs to the nested module example.com/plugins, not to example.com/shop.
    expect(resolve('example.com/shop/plugins/auth')).toEqual([]);
  });
});

describe('resolveJava', () => {
  const index = javaIndex([
    'pom.xml',
    'core/src/main/java/com/acme/Foo.java',
    'core/src/main/java/com/acme/Config.java',
    'core/src/main/java/com/acme/util/Strings.java',
    'core/src/main/java/com/acme/util/Numbers.java',
    'core/src/test/java/com/acme/FooTest.java',
    'app/src/main/java/com/acme/Config.java',
    'app/src/main/java/com/acme/app/App.java',
    'generated/com/acme/gen/Model.java',
  ]);
  const from = 'app/src/main/java/com/acme/app/App.java';
  const resolve = (record: ImportRecord, fromPath = from) => resolveJava(record, fromPath, index);

  it('resolves a class import to its file under any source root', () => {
    expect(resolve(java('com.acme.Foo'))).toEqual(['core/src/main/java/com/acme/Foo.java']);
    expect(resolve(java('com.acme.gen.Model'))).toEqual(['generated/com/acme/gen/Model.java']);
    expect(resolve(java('com.acme.Foo.Inner'))).toEqual(['core/src/main/java/com/acme/Foo.java']);
  });

  it('resolves a wildcard import to every file of the package, over all source roots', () => {
    expect(resolve(java('com.acme.util.*'))).toEqual(['core/src/main/java/com/acme/util/Numbers.java', 'core/src/main/java/com/acme/util/Strings.java']);
    expect(resolve(java('com.acme.*'))).toEqual([
      'app/src/main/java/com/acme/Config.java',
      'core/src/main/java/com/acme/Config.java',
      'core/src/main/java/com/acme/Foo.java',
      'core/src/test/java/com/acme/FooTest.java',
    ]);
    // Nested classes of Foo: no package com.acme.Foo, so the class.
    expect(resolve(java('com.acme.Foo.*'))).toEqual(['core/src/main/java/com/acme/Foo.java']);
  });

  it('resolves a static import to the class file', () => {
    expect(resolve(java('com.acme.Foo.bar', true))).toEqual(['core/src/main/java/com/acme/Foo.java']);
    expect(resolve(java('com.acme.Foo.*', true))).toEqual(['core/src/main/java/com/acme/Foo.java']);
    expect(resolve(java('com.acme.util.Strings.join', true))).toEqual(['core/src/main/java/com/acme/util/Strings.java']);
  });

  it("prefers the importing project's copy of a class defined twice", () => {
    expect(resolve(java('com.acme.Config'))).toEqual(['app/src/main/java/com/acme/Config.java']);
    expect(resolve(java('com.acme.Config'), 'core/src/test/java/com/acme/FooTest.java')).toEqual(['core/src/main/java/com/acme/Config.java']);
    expect(resolve(java('com.acme.Config'), 'generated/com/acme/gen/Model.java')).toEqual([
      'app/src/main/java/com/acme/Config.java',
      'core/src/main/java/com/acme/Config.java',
    ]);
  });

  it('resolves the JDK and libraries to nothing', () => {
    expect(resolve(java('java.util.List'))).toEqual([]);
    expect(resolve(java('java.util.*'))).toEqual([]);
    expect(resolve(java('org.junit.Assert.assertEquals', true))).toEqual([]);
  });
});
