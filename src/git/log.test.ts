import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRepo, lines } from '../../test/helpers/repo.js';
import { UserError } from '../shared/errors.js';
import { LogParser, readFileLists, readLog, type Commit } from './log.js';
import { openRepository, parseRange, resolveRange } from './repository.js';

async function collect(dir: string, revArgs = ['HEAD']): Promise<Commit[]> {
  const commits: Commit[] = [];
  for await (const commit of readLog(dir, { revArgs })) commits.push(commit);
  return commits;
}

describe('readLog', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());

  const first = repo.commit({ message: 'feat: first\n', files: { 'src/a.ts': lines(10), 'logo.png': Buffer.from([0x89, 0x50, 0, 1, 2, 0, 255]) } });
  const renamed = repo.commit({
    message: 'refactor: move a to b\n\nBody.\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
    files: { 'src/a.ts': null, 'src/b.ts': `${lines(10)}extra\n` },
  });
  repo.git(['checkout', '-q', '-b', 'side']);
  const side = repo.commit({ message: 'feat: side\n', files: { 'side.txt': 'x\n' } });
  repo.git(['checkout', '-q', 'main']);
  const mainOnly = repo.commit({ message: 'feat: main\n', files: { 'main.txt': 'y\ny\n' } });
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side'], { env: { GIT_AUTHOR_DATE: '2025-03-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-03-01T00:00:00Z' } });
  const merge = repo.git(['rev-parse', 'HEAD']).trim();

  it('reads every commit once, newest first, with parents, identities and dates', async () => {
    const commits = await collect(repo.dir);
    expect(commits.map((c) => c.sha)).toEqual([merge, mainOnly, side, renamed, first]);
    expect(commits[0]!.parents).toHaveLength(2);
    expect(commits[4]!.parents).toEqual([]);
    expect(commits[4]!.author).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(commits[4]!.author.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('gives per-file line counts, marks binary files and follows renames', async () => {
    const commits = await collect(repo.dir);
    const byS = new Map(commits.map((c) => [c.sha, c]));
    expect(byS.get(first)!.files).toEqual([
      { path: 'logo.png', added: 0, deleted: 0, binary: true },
      { path: 'src/a.ts', added: 10, deleted: 0, binary: false },
    ]);
    expect(byS.get(renamed)!.files).toEqual([{ path: 'src/b.ts', oldPath: 'src/a.ts', added: 1, deleted: 0, binary: false }]);
    expect(byS.get(renamed)!.trailers).toEqual([{ key: 'Co-authored-by', value: 'Claude <noreply@anthropic.com>' }]);
    expect(byS.get(merge)!.files).toEqual([]);
  });

  it('keeps non-UTF-8 file names and messages readable', async () => {
    const latin = createRepo();
    try {
      const name = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt" in Latin-1
      latin.git(['hash-object', '-w', '--stdin'], { input: 'hello\n' });
      const blob = latin.git(['hash-object', '-w', '--stdin'], { input: 'hello\n' }).trim();
      // The index takes the raw bytes of the name through --index-info.
      latin.git(['update-index', '--add', '--index-info'], { input: Buffer.concat([Buffer.from(`100644 ${blob}\t`), name, Buffer.from('\n')]) });
      const tree = latin.git(['write-tree']).trim();
      const message = Buffer.concat([Buffer.from('fix: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
      const sha = latin.git(['commit-tree', tree], { input: message, env: { GIT_AUTHOR_NAME: 'Ren\xe9', GIT_AUTHOR_EMAIL: 'r@x', GIT_COMMITTER_NAME: 'R', GIT_COMMITTER_EMAIL: 'r@x' } }).trim();
      const commits = await collect(latin.dir, [sha]);
      expect(commits).toHaveLength(1);
      expect(commits[0]!.files[0]!.path).toBe('café.txt');
      expect(commits[0]!.message).toBe('fix: café\n');
    } finally {
      latin.remove();
    }
  });

  it('lists the changed paths of every commit, merges with none', async () => {
    const lists = [];
    for await (const list of readFileLists(repo.dir, ['HEAD'])) lists.push(list);
    expect(lists.map((l) => [l.parents.length, l.paths])).toEqual([
      [2, []],
      [1, ['main.txt']],
      [1, ['side.txt']],
      [1, ['src/a.ts', 'src/b.ts']],
      [0, ['logo.png', 'src/a.ts']],
    ]);
  });

  it('parses output split at any byte boundary the same way', async () => {
    const whole: Commit[] = await collect(repo.dir);
    const raw = repo.git(['log', '-z', '--numstat', '-M', '--diff-merges=off', '--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x00', 'HEAD']);
    const bytes = Buffer.from(raw, 'utf8');
    for (const size of [1, 3, 17, 64]) {
      const parser = new LogParser();
      const commits: Commit[] = [];
      for (let i = 0; i < bytes.length; i += size) commits.push(...parser.push(bytes.subarray(i, i + size)));
      commits.push(...parser.end());
      expect(commits).toEqual(whole);
    }
  });
});

describe('repositories and revisions', () => {
  it('says when a folder is not a repository (exit 2 error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blastwall-norepo-'));
    try {
      await expect(openRepository(dir)).rejects.toMatchObject({
        constructor: UserError,
        message: `not a git repository: ${dir}`,
        hint: 'run blastwall inside a git work tree, or pass --repo <path>',
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('says when a folder does not exist', async () => {
    await expect(openRepository('/nonexistent/blastwall')).rejects.toThrow('no such folder: /nonexistent/blastwall');
  });

  it('opens an empty repository with no HEAD', async () => {
    const empty = createRepo();
    try {
      const repository = await openRepository(empty.dir);
      expect(repository.head).toBeUndefined();
      await expect(resolveRange(repository, parseRange('main'))).rejects.toThrow('unknown revision: main');
    } finally {
      empty.remove();
    }
  });

  it('names a revision that does not exist', async () => {
    const repo = createRepo();
    try {
      repo.commit({ message: 'one\n' });
      const repository = await openRepository(repo.dir);
      await expect(resolveRange(repository, parseRange('v9.9..HEAD'))).rejects.toMatchObject({
        constructor: UserError,
        message: 'unknown revision: v9.9',
        hint: 'check the name with `git log --oneline`',
      });
      await expect(resolveRange(repository, parseRange('HEAD..nope'))).rejects.toThrow('unknown revision: nope');
    } finally {
      repo.remove();
    }
  });

  it('parses ranges', () => {
    expect(parseRange(undefined)).toEqual({ text: 'HEAD', from: undefined, to: 'HEAD', symmetric: false });
    expect(parseRange('a..b')).toEqual({ text: 'a..b', from: 'a', to: 'b', symmetric: false });
    expect(parseRange('a..')).toEqual({ text: 'a..', from: 'a', to: 'HEAD', symmetric: false });
    expect(parseRange('a...b')).toEqual({ text: 'a...b', from: 'a', to: 'b', symmetric: true });
  });

  it('knows a shallow clone and where it was cut', async () => {
    const origin = createRepo();
    const clone = createRepo({ init: false });
    try {
      for (let i = 0; i < 5; i++) origin.commit({ message: `c${i}\n`, files: { 'f.txt': `${i}\n` } });
      clone.git(['clone', '-q', '--depth', '2', `file://${origin.dir}`, '.']);
      const repository = await openRepository(clone.dir);
      expect(repository.shallowBoundaries).toHaveLength(1);
      expect(repository.shallowBoundaries![0]).toBe(origin.git(['rev-parse', 'HEAD~1']).trim());
    } finally {
      origin.remove();
      clone.remove();
    }
  });
});
