import { describe, expect, it } from 'vitest';
import { openResolution } from './cached-graph.js';
import { decodeResolution, encodeResolution } from './compact.js';
import { reverseEdges, type FileNode, type ImporterIndex } from './graph.js';

const node = (path: string, blob: string, imports: FileNode['imports'], extra: Partial<FileNode> = {}): FileNode => ({ path, blob, language: 'typescript', imports, ...extra });
const imported = (specifier: string, targets: string[], extra: Partial<FileNode['imports'][number]> = {}): FileNode['imports'][number] => ({ specifier, kind: 'static', typeOnly: false, line: 1, targets, ...extra });

function roundTrip(files: Map<string, FileNode>, paths: string[]) {
  const buffer = encodeResolution({ files, paths }, { context: 'c', generation: 'g', packages: [{ name: 'a', dir: '', kind: 'npm' }] });
  const compact = decodeResolution(buffer)!;
  return { compact, ...openResolution(compact) };
}

describe('compact resolution cache', () => {
  const files = new Map<string, FileNode>([
    ['src/a.ts', node('src/a.ts', 'a'.repeat(40), [])],
    ['src/b.ts', node('src/b.ts', 'b'.repeat(40), [imported('./a', ['src/a.ts']), imported('./types', ['src/types.d.ts'], { typeOnly: true, line: 2 })])],
    ['src/ü/c.ts', node('src/ü/c.ts', 'c'.repeat(40), [imported('../b', ['src/b.ts'], { kind: 'dynamic', line: 3 }), imported('left-pad', [], { external: 'left-pad' }), imported('./gone', [], { unresolved: 'not found' })], { error: '1:2: oops' })],
    ['src/big.js', node('src/big.js', 'd'.repeat(40), [], { language: 'javascript', skipped: { reason: 'too-large', size: 2_000_000 } })],
  ]);
  const paths = ['README.md', 'src/a.ts', 'src/b.ts', 'src/big.js', 'src/ü/c.ts'];

  it('reads back every file, import and path, non-ASCII ones included', () => {
    const read = roundTrip(files, paths);
    expect(read.compact.meta).toMatchObject({ context: 'c', generation: 'g', counts: { edges: 3, unresolved: 1, parseErrors: 1, skipped: 1 } });
    expect(read.paths).toEqual(paths);
    expect([...read.files.keys()]).toEqual([...files.keys()]);
    for (const [path, file] of files) {
      const back = read.files.get(path)!;
      expect({ path: back.path, blob: back.blob, language: back.language, imports: back.imports, error: back.error, skipped: back.skipped }).toEqual({
        path: file.path,
        blob: file.blob,
        language: file.language,
        imports: file.imports,
        error: file.error,
        skipped: file.skipped,
      });
    }
    expect(read.files.get('src/types.d.ts')).toBeUndefined();
    expect(read.files.has('README.md')).toBe(false);
  });

  it('reads back ASCII-only text the same way', () => {
    const ascii = new Map([...files].filter(([path]) => !path.includes('ü')));
    const read = roundTrip(ascii, paths.filter((path) => !path.includes('ü')));
    expect(read.paths).toEqual(['README.md', 'src/a.ts', 'src/b.ts', 'src/big.js']);
    expect(read.files.get('src/b.ts')!.imports).toEqual(ascii.get('src/b.ts')!.imports);
    expect([...read.files.values()].map((file) => file.blob)).toEqual([...ascii.values()].map((file) => file.blob));
  });

  it('reads blob ids and specifiers one by one, then past the first 1,024 of them from the whole text', () => {
    // 1,500 files: 1,500 blob ids and 1,500 specifiers, all in the table's second piece.
    const many = new Map<string, FileNode>();
    for (let i = 0; i < 1500; i++) {
      const path = `src/f${i}.ts`;
      many.set(path, node(path, i.toString(16).padStart(40, '0'), i === 0 ? [] : [imported(`./f${i - 1}-${i}`, [`src/f${i - 1}.ts`], { line: i })]));
    }
    const read = roundTrip(many, [...many.keys()]);
    // Read in reverse so that the strings cut alone and those cut from the whole piece interleave.
    for (const path of [...many.keys()].reverse()) {
      const back = read.files.get(path)!;
      expect({ blob: back.blob, imports: back.imports }).toEqual({ blob: many.get(path)!.blob, imports: many.get(path)!.imports });
    }
  });

  it('gives the reverse edges as built from the files, and walks them by id', () => {
    const read = roundTrip(files, paths);
    const built = reverseEdges(files);
    expect(new Map(read.dependents)).toEqual(built);
    const index = (read.dependents as unknown as { importerIndex(): ImporterIndex }).importerIndex();
    const importersOf = (path: string): [string, boolean][] => {
      const found: [string, boolean][] = [];
      const id = index.idOf(path)!;
      for (let k = index.start[id]!; k < index.start[id + 1]!; k++) {
        const from = index.importers[k * index.stride]!;
        found.push([index.pathOf(from >> 1), (from & 1) === 1]);
      }
      return found;
    };
    expect(importersOf('src/b.ts')).toEqual([['src/ü/c.ts', false]]);
    expect(importersOf('src/types.d.ts')).toEqual([['src/b.ts', true]]);
  });

  it('ranks the paths in JavaScript string order, where git order and UTF-16 order differ too', () => {
    // git lists by UTF-8 bytes: '\u{1F600}' (F0 ...) after '\uFF5E' (EF ...); UTF-16 puts the surrogate first.
    const named = ['src/\uFF5E.ts', 'src/\u{1F600}.ts', 'src/Z.ts', 'src/a.ts', 'lib/x.ts'];
    const tree = new Map(named.map((path, i) => [path, node(path, String(i).repeat(40), i === 0 ? [] : [imported('./x', [named[i - 1]!])])]));
    const read = roundTrip(tree, named);
    const index = (read.dependents as unknown as { importerIndex(): ImporterIndex }).importerIndex();
    const ranked = named.map((path) => index.idOf(path)!).sort((a, b) => index.ranks![a]! - index.ranks![b]!);
    expect(ranked.map((id) => index.pathOf(id))).toEqual(['lib/x.ts', 'src/Z.ts', 'src/a.ts', 'src/\u{1F600}.ts', 'src/\uFF5E.ts']);
    expect([...named].sort()).toEqual(['lib/x.ts', 'src/Z.ts', 'src/a.ts', 'src/\u{1F600}.ts', 'src/\uFF5E.ts']);
  });

  it('refuses what it did not write', () => {
    const buffer = encodeResolution({ files, paths }, { context: 'c', generation: 'g', packages: [] });
    expect(decodeResolution(buffer.subarray(0, buffer.length - 1))).toBeUndefined();
    expect(decodeResolution(Buffer.from('not a cache'))).toBeUndefined();
  });
});
