import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../git/repository.js';
import { createRepo, lines, type TestRepo } from '../../test/helpers/repo.js';
import { blameRange } from './blame.js';
import { createCatalog } from './catalog.js';

/**
 * The replay engine must give, for every commit, exactly the line counts of `git blame` run per
 * file. The history below collects the cases where the two could part: merges (clean, with a
 * conflict resolved by hand, taking one side whole, octopus, criss-cross), renames on a branch,
 * files deleted and added again, files without a final newline, binary files and empty files.
 */
describe('replay blame equals git blame', () => {
  let repo: TestRepo;
  const merge = (branch: string, message: string, extra: string[] = []): void => {
    repo.git(['merge', '-q', '--no-ff', ...extra, '-m', message, branch]);
  };

  beforeAll(() => {
    repo = createRepo();
    repo.commit({ message: 'base\n', files: { 'a.txt': lines(20, 'a'), 'b.txt': lines(10, 'b'), 'c.bin': Buffer.from([0, 1, 2]), 'empty.txt': '' } });
    repo.git(['tag', 'base']);
    // A branch that renames a file and edits others.
    repo.git(['checkout', '-q', '-b', 'feature']);
    repo.commit({ message: 'rename b\n', files: { 'b.txt': null, 'bee.txt': `${lines(10, 'b')}bee\n` } });
    repo.commit({ message: 'edit a on feature\n', files: { 'a.txt': lines(20, 'a').replace('a 5\n', 'feature 5\n') } });
    repo.git(['checkout', '-q', 'main']);
    repo.commit({ message: 'edit a on main\n', files: { 'a.txt': lines(20, 'a').replace('a 15\n', 'main 15\n'), 'd.txt': 'no newline at end' } });
    merge('feature', 'Merge feature');
    // A conflict resolved by hand: the merge writes lines of its own.
    repo.git(['checkout', '-q', '-b', 'conflict']);
    repo.commit({ message: 'conflict side\n', files: { 'd.txt': 'side version\nmore' } });
    repo.git(['checkout', '-q', 'main']);
    repo.commit({ message: 'conflict main\n', files: { 'd.txt': 'main version\nmore\n' } });
    expect(() => repo.git(['merge', '-q', '--no-ff', 'conflict'])).toThrow(/CONFLICT|Command failed/);
    repo.write('d.txt', 'resolved by hand\nmore\nand a new line\n');
    repo.git(['add', 'd.txt']);
    repo.git(['commit', '-q', '--no-edit']);
    // Take one side whole.
    repo.git(['checkout', '-q', '-b', 'theirs']);
    repo.commit({ message: 'theirs edits a\n', files: { 'a.txt': `${lines(20, 'a')}theirs\n` } });
    repo.git(['checkout', '-q', 'main']);
    repo.commit({ message: 'main edits a\n', files: { 'a.txt': `main first\n${lines(20, 'a')}` } });
    merge('theirs', 'Merge theirs, keeping theirs', ['-X', 'theirs']);
    repo.write('a.txt', `${lines(20, 'a')}theirs\n`);
    repo.git(['commit', '-q', '-a', '--amend', '--no-edit']);
    // Octopus.
    for (const name of ['o1', 'o2']) {
      repo.git(['checkout', '-q', '-b', name, 'main']);
      repo.commit({ message: `${name}\n`, files: { [`${name}.txt`]: lines(3, name) } });
    }
    repo.git(['checkout', '-q', 'main']);
    repo.git(['merge', '-q', '--no-ff', '-m', 'octopus', 'o1', 'o2']);
    // Criss-cross.
    repo.git(['checkout', '-q', '-b', 'x1', 'main']);
    repo.commit({ message: 'x1\n', files: { 'x.txt': lines(4, 'x1') } });
    repo.git(['checkout', '-q', '-b', 'x2', 'main']);
    repo.commit({ message: 'x2\n', files: { 'y.txt': lines(4, 'x2') } });
    repo.git(['checkout', '-q', 'x1']);
    merge('x2', 'x1 takes x2');
    repo.git(['checkout', '-q', 'x2']);
    repo.git(['merge', '-q', '--no-ff', '-m', 'x2 takes x1', 'x1~1']);
    repo.commit({ message: 'x2 edit\n', files: { 'y.txt': `${lines(4, 'x2')}more\n` } });
    repo.git(['checkout', '-q', 'main']);
    merge('x1', 'merge x1');
    merge('x2', 'merge x2');
    // Delete and add back.
    repo.commit({ message: 'delete bee\n', files: { 'bee.txt': null } });
    repo.commit({ message: 'add bee back\n', files: { 'bee.txt': lines(5, 'new bee') } });
  });
  afterAll(() => repo.remove());

  it('over merges with a hand-made resolution, one side taken whole, octopus and criss-cross', async () => {
    const repository = await openRepository(repo.dir);
    // The history holds what it claims: an octopus, and a merge that wrote lines of its own.
    expect(repo.git(['log', '--min-parents=3', '--format=%s'])).toBe('octopus\n');
    const resolution = repo.git(['log', '--merges', '--grep=conflict', '--format=%H']).trim();
    const whole = await blameRange(repository, { catalog: createCatalog(), engine: 'replay' });
    expect(whole.byCommit[resolution]).toBe(2);
    for (const range of [undefined, 'base..HEAD', 'HEAD~6..HEAD', 'feature..main', 'o1..HEAD']) {
      const options = { catalog: createCatalog(), ...(range !== undefined && { range }) };
      const replay = await blameRange(repository, { ...options, engine: 'replay' });
      const git = await blameRange(repository, { ...options, engine: 'git' });
      expect({ range, byCommit: replay.byCommit, files: replay.files }).toEqual({ range, byCommit: git.byCommit, files: git.files });
      expect(replay.totalLines).toBeGreaterThan(0);
    }
  });

  it('refuses to replay move or copy detection', async () => {
    await expect(
      blameRange(await openRepository(repo.dir), { catalog: createCatalog(), engine: 'replay', detection: { move: true } }),
    ).rejects.toThrow('-M and -C need git blame; they cannot be replayed');
  });
});
