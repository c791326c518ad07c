import { beforeAll, describe, expect, it } from 'vitest';
import { extractGo, extractJava, extractPython, loadGrammars } from './tree-sitter.js';

it('refuses to extract before the grammars are loaded, and loads them once', async () => {
  expect(() => extractPython('import os\n', 'a.py')).toThrow('await loadGrammars()');
  const first = loadGrammars();
  expect(loadGrammars()).toBe(first);
  await first;
  expect(extractPython('import os\n', 'a.py')).toEqual({ imports: [{ specifier: 'os', kind: 'python', typeOnly: false, line: 1 }] });
});

describe('after loading', () => {
  beforeAll(() => loadGrammars());

  describe('extractPython', () => {
    it('reads every import form, in functions and TYPE_CHECKING blocks, and never strings or comments', () => {
      const source = [
        '"""Module docstring: import fake_in_docstring"""', // 1
        'from __future__ import annotations', // 2
        'import a.b.c, d as e', // 3
        'import x.y as z', // 4
        'from a.b import (c,', // 5
        '    d as dd)', // 6
        'from . import sibling, other as o', // 7
        'from ..models import User', // 8
        'from .pkg.mod import *', // 9
        'import typing', // 10
        "s = 'import os'", // 11
        '# import sys', // 12
        'if TYPE_CHECKING:', // 13
        '    from app.types import Model', // 14
        'else:', // 15
        '    import fallback', // 16
        'if typing.TYPE_CHECKING:', // 17
        '    import also_types', // 18
        'def handler():', // 19
        '    import json', // 20
        '    return "from nowhere import thing"', // 21
        'try:', // 22
        '    import ujson', // 23
        'except ImportError:', // 24
        '    pass', // 25
        '',
      ].join('\n');
      expect(extractPython(source, 'app/service.py')).toEqual({
        imports: [
          { specifier: 'a.b.c', kind: 'python', typeOnly: false, line: 3 },
          { specifier: 'd', kind: 'python', typeOnly: false, line: 3 },
          { specifier: 'x.y', kind: 'python', typeOnly: false, line: 4 },
          { specifier: 'a.b', kind: 'python', typeOnly: false, line: 5, names: ['c', 'd'] },
          { specifier: '.', kind: 'python', typeOnly: false, line: 7, names: ['sibling', 'other'] },
          { specifier: '..models', kind: 'python', typeOnly: false, line: 8, names: ['User'] },
          { specifier: '.pkg.mod', kind: 'python', typeOnly: false, line: 9, names: ['*'] },
          { specifier: 'typing', kind: 'python', typeOnly: false, line: 10 },
          { specifier: 'app.types', kind: 'python', typeOnly: true, line: 14, names: ['Model'] },
          { specifier: 'fallback', kind: 'python', typeOnly: false, line: 16 },
          { specifier: 'also_types', kind: 'python', typeOnly: true, line: 18 },
          { specifier: 'json', kind: 'python', typeOnly: false, line: 20 },
          { specifier: 'ujson', kind: 'python', typeOnly: false, line: 23 },
        ],
      });
    });

    it('joins the identifiers of a dotted name written with spaces or a line continuation', () => {
      expect(extractPython('import a . b\nfrom c \\\n  .d import e\n', 'x.py').imports.map((i) => i.specifier)).toEqual(['a.b', 'c.d']);
    });

    it('marks every import of a .pyi stub as type-only', () => {
      expect(extractPython('from .base import Base\n', 'pkg/api.pyi')).toEqual({
        imports: [{ specifier: '.base', kind: 'python', typeOnly: true, line: 1, names: ['Base'] }],
      });
    });

    it('keeps the imports of a file with a syntax error and names the first error', () => {
      const source = 'import os\n\ndef broken(:\n    pass\n\nfrom app import models\n';
      expect(extractPython(source, 'bad.py')).toEqual({
        imports: [
          { specifier: 'os', kind: 'python', typeOnly: false, line: 1 },
          { specifier: 'app', kind: 'python', typeOnly: false, line: 6, names: ['models'] },
        ],
        error: '3:12: syntax error',
      });
    });
  });

  describe('extractGo', () => {
    it('reads single and grouped imports with aliases, and never strings or comments', () => {
      const source = [
        'package main', // 1
        '', // 2
        'import "fmt"', // 3
        '', // 4
        '// import "commented/out"', // 5
        'import (', // 6
        '\t_ "github.com/lib/pq"', // 7
        '\t. "example.com/m/dsl"', // 8
        '\tdb "example.com/m/internal/db"', // 9
        '\t`example.com/m/raw`', // 10
        '\t/* "example.com/m/block" */', // 11
        ')', // 12
        '', // 13
        'var s = "import \\"os\\""', // 14
        '',
      ].join('\n');
      expect(extractGo(source, 'cmd/main.go')).toEqual({
        imports: [
          { specifier: 'fmt', kind: 'go', typeOnly: false, line: 3 },
          { specifier: 'github.com/lib/pq', kind: 'go', typeOnly: false, line: 7 },
          { specifier: 'example.com/m/dsl', kind: 'go', typeOnly: false, line: 8 },
          { specifier: 'example.com/m/internal/db', kind: 'go', typeOnly: false, line: 9 },
          { specifier: 'example.com/m/raw', kind: 'go', typeOnly: false, line: 10 },
        ],
      });
    });

    it('keeps the imports of a file with a syntax error and names the first error', () => {
      const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi"\n}\n';
      expect(extractGo(source, 'main.go')).toEqual({
        imports: [{ specifier: 'fmt', kind: 'go', typeOnly: false, line: 3 }],
        error: '6:18: syntax error',
      });
    });

    it('places an error on a missing statement terminator, which has no visible node, and reads an unterminated path', () => {
      expect(extractGo('package main\nimport "fmt" "os"\n', 'a.go')).toEqual({
        imports: [{ specifier: 'fmt', kind: 'go', typeOnly: false, line: 2 }],
        error: '2:13: syntax error',
      });
      expect(extractGo('package main\nimport (\n\t"fmt"\n\t"os\n)\n', 'b.go')).toEqual({
        imports: [
          { specifier: 'fmt', kind: 'go', typeOnly: false, line: 3 },
          { specifier: 'os', kind: 'go', typeOnly: false, line: 4 },
        ],
        error: '4:5: syntax error',
      });
    });
  });

  describe('extractJava', () => {
    it('reads class, wildcard and static imports, and never strings or comments', () => {
      const source = [
        'package com.acme.app;', // 1
        '', // 2
        'import com.acme.Foo;', // 3
        'import com.acme.util.*;', // 4
        'import static com.acme.Foo.bar;', // 5
        'import static org.junit.Assert.*;', // 6
        '// import com.acme.Commented;', // 7
        'import java.util. /* spaced */ List;', // 8
        '', // 9
        'class App {', // 10
        '  String s = "import com.acme.InString;";', // 11
        '}', // 12
        '',
      ].join('\n');
      expect(extractJava(source, 'src/main/java/com/acme/app/App.java')).toEqual({
        imports: [
          { specifier: 'com.acme.Foo', kind: 'java', typeOnly: false, line: 3 },
          { specifier: 'com.acme.util.*', kind: 'java', typeOnly: false, line: 4 },
          { specifier: 'com.acme.Foo.bar', kind: 'java', typeOnly: false, line: 5, isStatic: true },
          { specifier: 'org.junit.Assert.*', kind: 'java', typeOnly: false, line: 6, isStatic: true },
          { specifier: 'java.util.List', kind: 'java', typeOnly: false, line: 8 },
        ],
      });
    });

    it('keeps the imports of a file with a syntax error and names the first error', () => {
      const source = 'package a;\n\nimport com.acme.Foo\nimport com.acme.Bar;\n\nclass A {}\n';
      expect(extractJava(source, 'A.java')).toEqual({
        imports: [
          { specifier: 'com.acme.Foo', kind: 'java', typeOnly: false, line: 3 },
          { specifier: 'com.acme.Bar', kind: 'java', typeOnly: false, line: 4 },
        ],
        error: '3:20: syntax error',
      });
    });
  });
});
