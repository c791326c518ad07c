import { afterAll, describe, expect, it } from 'vitest';
import { createRepo } from '../../test/helpers/repo.js';
import { UserError } from '../shared/errors.js';
import { catFile } from './cat-file.js';
import { readFileAt, readObjects } from './objects.js';
import { openRepository, resolveCommit } from './repository.js';

describe('the cat-file session', () => {
  const repo = createRepo();
  afterAll(() => repo.remove());
  // Bigger than a pipe's chunks, and made of lines, so that a newline in it cannot be taken for a header's end.
  const big = Array.from({ length: 60_000 }, (_, i) => `line ${i}`).join('\n');
  const first = repo.commit({ message: 'one\n', files: { 'a.txt': 'a\n', 'big.txt': big } });
  const second = repo.commit({ message: 'two\n', files: { 'a.txt': 'b\n' } });

  it('answers many requests in order, large objects and missing names among them', async () => {
    const answers = await Promise.all([
      readFileAt(repo.dir, 'HEAD', 'a.txt'),
      readFileAt(repo.dir, 'HEAD', 'nope.txt'),
      readFileAt(repo.dir, first, 'big.txt'),
      readFileAt(repo.dir, `${first}`, 'a.txt'),
      catFile(repo.dir, 'HEAD~1^{commit}'),
      catFile(repo.dir, 'line\nbreak'),
    ]);
    expect(answers[0]?.toString()).toBe('b\n');
    expect(answers[1]).toBeUndefined();
    expect(answers[2]?.toString()).toBe(big);
    expect(answers[3]?.toString()).toBe('a\n');
    expect(answers[4]).toMatchObject({ oid: first, type: 'commit' });
    expect(answers[5]).toBeUndefined();
    const blobs = repo.git(['rev-parse', `${first}:a.txt`, `${second}:a.txt`]).trim().split('\n');
    const objects = await readObjects(repo.dir, [...blobs, '0'.repeat(40)]);
    expect([...objects.keys()]).toEqual(blobs);
  });

  it('resolves revisions as rev-parse --verify does, and sees refs made after it started', async () => {
    const opened = await openRepository(repo.dir);
    expect(await resolveCommit(opened, 'HEAD~1')).toBe(first);
    await expect(resolveCommit(opened, 'no-such-branch')).rejects.toBeInstanceOf(UserError);
    repo.git(['branch', 'later', first]);
    expect(await resolveCommit(opened, 'later')).toBe(first);
    const third = repo.commit({ message: 'three\n', files: { 'a.txt': 'c\n' } });
    expect(await resolveCommit(opened, 'main')).toBe(third);
    expect((await readFileAt(repo.dir, 'main', 'a.txt'))?.toString()).toBe('c\n');
  });
});
