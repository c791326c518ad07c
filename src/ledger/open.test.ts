import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { databaseTarget, openStore } from './open.js';
import { connectPostgres } from './postgres/connect.js';

const POSTGRES_URL = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HINT = 'give postgres://user:password@host:5432/database, or sqlite:<path> (relative to the repository root), or nothing for .blastwall/blastwall.db';

/** The rejection of a promise that must reject with a UserError: its message and hint. */
async function userError(promise: Promise<unknown>): Promise<{ message: string; hint: string | undefined }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return { message: error.message, hint: error.hint };
}

describe('databaseTarget', () => {
  it.each([
    [undefined, { backend: 'sqlite', path: undefined }],
    ['', { backend: 'sqlite', path: undefined }],
    ['sqlite:ledger/team.db', { backend: 'sqlite', path: 'ledger/team.db' }],
    ['SQLITE:/var/lib/blastwall.db', { backend: 'sqlite', path: '/var/lib/blastwall.db' }],
    ['postgres://ci@db:5432/blastwall', { backend: 'postgres', url: 'postgres://ci@db:5432/blastwall' }],
    ['postgresql://ci@db/blastwall?sslmode=require', { backend: 'postgres', url: 'postgresql://ci@db/blastwall?sslmode=require' }],
  ])('%s names %o', (database, target) => {
    expect(databaseTarget(database)).toEqual(target);
  });

  it.each([
    ['sqlite:', '"sqlite:" does not name an SQLite file'],
    ['sqlite:///var/lib/blastwall.db', '"sqlite:///var/lib/blastwall.db" does not name an SQLite file'],
    ['mysql://root:secret@db/blastwall', 'the ledger cannot use a "mysql:" database'],
    ['ledger.db', '"ledger.db" is not a database URL'],
  ])('refuses %s', (database, message) => {
    expect(() => databaseTarget(database)).toThrow(new UserError(message, HINT));
    expect(() => databaseTarget(database)).toThrow(expect.objectContaining({ hint: HINT }));
  });
});

describe('openStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'blastwall-open-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens .blastwall/blastwall.db by default, and keeps .blastwall/ out of git', async () => {
    const store = await openStore({ root });
    expect(await store.upsertRepository('acme/shop')).toEqual({ id: 1, name: 'acme/shop' });
    await store.close();
    expect(existsSync(join(root, '.blastwall', 'blastwall.db'))).toBe(true);
    expect(readFileSync(join(root, '.blastwall', '.gitignore'), 'utf8')).toBe('*\n');
    // Reopened: the same ledger, migrated already.
    const again = await openStore({ root, database: '' });
    expect(await again.upsertRepository('acme/shop')).toEqual({ id: 1, name: 'acme/shop' });
    await again.close();
  });

  it('keeps a .gitignore that is there already', async () => {
    mkdirSync(join(root, '.blastwall'));
    writeFileSync(join(root, '.blastwall', '.gitignore'), 'blastwall.db\n');
    await (await openStore({ root })).close();
    expect(readFileSync(join(root, '.blastwall', '.gitignore'), 'utf8')).toBe('blastwall.db\n');
  });

  it('opens an sqlite: path from the repository root, and leaves that folder alone', async () => {
    await (await openStore({ root, database: 'sqlite:ledger/team.db' })).close();
    expect(existsSync(join(root, 'ledger', 'team.db'))).toBe(true);
    expect(existsSync(join(root, 'ledger', '.gitignore'))).toBe(false);
    expect(existsSync(join(root, '.blastwall'))).toBe(false);
  });

  it('says which file it cannot open, and why', async () => {
    writeFileSync(join(root, 'notes.txt'), 'not a database, but long enough to have a header that SQLite reads and rejects\n'.repeat(20));
    expect(await userError(openStore({ root, database: 'sqlite:notes.txt' }))).toEqual({
      message: `cannot open the ledger database ${join(root, 'notes.txt')}: file is not a database`,
      hint: 'check that the path is a writable folder and any file there is a blastwall SQLite database',
    });
    writeFileSync(join(root, '.blastwall'), 'a file where the folder goes');
    expect((await userError(openStore({ root }))).message).toMatch(new RegExp(`^cannot open the ledger database ${join(root, '.blastwall', 'blastwall.db')}: EEXIST: file already exists`));
  });

  it('says a Postgres server cannot be reached, without showing the password', async () => {
    expect(await userError(openStore({ root, database: 'postgres://ci:s3cret@127.0.0.1:1/blastwall' }))).toEqual({
      message: 'cannot open the ledger database postgres://ci:***@127.0.0.1:1/blastwall: connect ECONNREFUSED 127.0.0.1:1',
      hint: 'check that PostgreSQL runs there and accepts this user and database (--database or BLASTWALL_DATABASE_URL)',
    });
    expect(await userError(openStore({ root, database: 'postgres://ci:s3cret@[db/blastwall' }))).toEqual({
      message: 'the database URL postgres://ci:***@[db/blastwall is not a valid URL',
      hint: 'write it as postgres://user:password@host:5432/database',
    });
  });

  it('opens Postgres in the schema that the URL puts first on the search_path', async () => {
    const schema = `blastwall_open_${process.pid}_${Date.now().toString(36)}`;
    // Makes the schema, and a ledger in it, as a team's first run would.
    const made = await connectPostgres({ url: POSTGRES_URL, schema });
    try {
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const store = await openStore({ root, database: url.href });
      expect(await store.upsertRepository('acme/shop')).toEqual({ id: 1, name: 'acme/shop' });
      await store.close();
      expect(await made.db.selectFrom('repositories').select('name').execute()).toEqual([{ name: 'acme/shop' }]);
    } finally {
      await made.db.schema.dropSchema(schema).cascade().execute();
      await made.db.destroy();
    }
  });
});
