import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/ledger/open.js';
import { cli } from './helpers/cli.js';
import { cleanEnv, createRepo, type TestRepo } from './helpers/repo.js';

const BIN = fileURLToPath(new URL('../bin/blastwall.js', import.meta.url));
const POSTGRES = process.env.BLASTWALL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

const countRows = async (root: string, database?: string) => {
  const store = await openStore({ root, database });
  try {
    return { commits: (await store.commits('shop')).length, labels: (await store.labels('shop')).map((label) => [label.sha, label.label, label.method]) };
  } finally {
    await store.close();
  }
};

describe.each([
  ['SQLite', undefined],
  ['Postgres', `${POSTGRES}?schema=blastwall_ingest_${process.pid}`],
] as const)('blastwall ingest into %s', (_name, database) => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};
  const ingest = (...args: string[]) => cli(['ingest', '--name', 'shop', '--format', 'json', ...(database ? ['--database', database] : []), ...args], { cwd: repo.dir });

  beforeAll(() => {
    repo = createRepo();
    sha.init = repo.commit({ message: 'init', files: { 'a.ts': 'export const a = 1;\n' } });
    sha.ai = repo.commit({ message: `Add b\n\n${CLAUDE}\n`, files: { 'b.ts': 'export const b = 2;\n' } });
    repo.git(['revert', '--no-edit', 'HEAD']);
    sha.revert = repo.git(['rev-parse', 'HEAD']).trim();
  });
  afterAll(async () => {
    repo.remove();
    if (database) {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`drop schema if exists blastwall_ingest_${process.pid} cascade`);
      await client.end();
    }
  });

  it('stores every commit with its provenance and labels the reverted one; the second run adds only new commits', async () => {
    const first = ingest();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ repository: 'shop', commits: { inserted: 3, present: 0 }, labels: { reverted: 1, bugIntroducing: 0 } });
    expect(await countRows(repo.dir, database)).toEqual({ commits: 3, labels: [[sha.ai, 'reverted', 'git-revert']] });
    const store = await openStore({ root: repo.dir, database });
    const stored = await store.commits('shop');
    await store.close();
    expect(stored.map((commit) => [commit.sha, commit.attribution.ai, commit.attribution.tools.map((tool) => tool.tool)])).toEqual([
      [sha.init, false, []],
      [sha.ai, true, ['claude-code']],
      [sha.revert, false, []],
    ]);

    expect(JSON.parse(ingest().stdout)).toMatchObject({ range: `${sha.revert}..HEAD`, commits: { inserted: 0, present: 0 } });
    sha.more = repo.commit({ message: 'More', files: { 'c.ts': 'export const c = 3;\n' } });
    expect(JSON.parse(ingest().stdout)).toMatchObject({ commits: { inserted: 1, present: 0 } });
    // An explicit range again: idempotent.
    expect(JSON.parse(ingest('HEAD').stdout)).toMatchObject({ commits: { inserted: 0, present: 4, files: 0 }, labels: { reverted: 0 } });
    expect((await countRows(repo.dir, database)).commits).toBe(4);
  });

  it('stores the files each commit changed (the revert deleted a line of b.ts); the second run only the new ones', async () => {
    const first: Row[] = [
      [sha.init, 'a.ts', 1, 0],
      [sha.ai, 'b.ts', 1, 0],
      [sha.revert, 'b.ts', 0, 1],
      [sha.more, 'c.ts', 1, 0],
    ];
    expect(await commitFiles(repo.dir, database)).toEqual(sorted(first));
    sha.more2 = repo.commit({ message: 'More files', files: { 'c.ts': 'export const c = 3;\nexport const d = 4;\n', 'docs/guide.md': '# Guide\n' } });
    // From the newest commit stored by commit time, the revert (made at the real time, after the others' fixed clock): 'More' again.
    expect(JSON.parse(ingest().stdout)).toMatchObject({ range: `${sha.revert}..HEAD`, commits: { inserted: 1, present: 1, files: 2 }, filledFiles: false });
    expect(await commitFiles(repo.dir, database)).toEqual(sorted([...first, [sha.more2, 'c.ts', 1, 0], [sha.more2, 'docs/guide.md', 1, 0]]));
  });

  it('fills the files of commits stored before the ledger kept them, once, reading the whole history again', async () => {
    const before = await commitFiles(repo.dir, database);
    await undoMigration0003(repo.dir, database);
    const filled = ingest();
    expect(filled.code).toBe(0);
    expect(JSON.parse(filled.stdout)).toMatchObject({ range: 'HEAD', commits: { inserted: 0, present: 5, files: 6 }, filledFiles: true, labels: { reverted: 0 } });
    expect(await commitFiles(repo.dir, database)).toEqual(before);
    // Once: the next run reads what is new again.
    const asText = () => cli(['ingest', '--name', 'shop', ...(database ? ['--database', database] : [])], { cwd: repo.dir }).stdout;
    expect(asText()).toBe(`ingested shop ${sha.revert}..HEAD: 0 new commits, 2 already stored; labels: 0 reverted, 0 bug-introducing\n`);
    await undoMigration0003(repo.dir, database);
    expect(asText()).toBe(
      'ingested shop HEAD: 0 new commits, 5 already stored; the whole history was read again for the files of commits stored before the ledger kept them: 6 commit files stored; labels: 0 reverted, 0 bug-introducing\n',
    );
  });
});

/** A commit file as [sha, path, added, deleted]. */
type Row = readonly [string | undefined, string, number, number];

/** In the store's order: by sha, then path. */
const sorted = (rows: readonly Row[]): Row[] =>
  [...rows].sort((a, b) => (`${a[0]}\u0000${a[1]}` < `${b[0]}\u0000${b[1]}` ? -1 : 1));

const commitFiles = async (root: string, database?: string) => {
  const store = await openStore({ root, database });
  try {
    return (await store.commitFiles('shop')).map((row) => [row.sha, row.path, row.added, row.deleted]);
  } finally {
    await store.close();
  }
};

/** Back to a ledger of before migration 0003, which kept no commit files. */
async function undoMigration0003(root: string, database: string | undefined): Promise<void> {
  const statements = ['drop table commit_files', 'alter table repositories drop column files_missing', "delete from blastwall_migrations where name = '0003-commit-files'"];
  if (database === undefined) {
    const db = new Sqlite(join(root, '.blastwall', 'blastwall.db'));
    for (const statement of statements) db.exec(statement);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`set search_path = blastwall_ingest_${process.pid}`);
  for (const statement of statements) await client.query(statement);
  await client.end();
}

describe('an ingest killed half-way (kill -9) leaves nothing; a rerun completes it', () => {
  let repo: TestRepo;
  const COMMITS = 6000;

  beforeAll(() => {
    repo = createRepo();
    // One fast-import stream: thousands of commits in a second.
    let stream = '';
    for (let i = 1; i <= COMMITS; i++) {
      const body = `export const v = ${i};\n`;
      stream += `commit refs/heads/main\ncommitter Ada <ada@example.com> ${1_700_000_000 + i} +0000\ndata ${`change ${i}\n`.length}\nchange ${i}\n`;
      stream += `M 100644 inline f${i % 50}.ts\ndata ${body.length}\n${body}\n`;
    }
    repo.git(['fast-import', '--quiet'], { input: stream });
    repo.git(['reset', '-q', '--hard', 'main']);
  });
  afterAll(() => repo.remove());

  it('the first run is killed after two batches inside its transaction: no commit is stored; the rerun stores all', async () => {
    const child = spawn(process.execPath, [BIN, 'ingest', '--name', 'shop', '--batch-size', '200', '--verbose'], { cwd: repo.dir, env: cleanEnv({ NO_COLOR: '1' }) });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('stored 400/')) child.kill('SIGKILL');
    });
    expect(await killed).toBe('SIGKILL');
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter((line) => line.startsWith('stored ')).length).toBeLessThan(COMMITS / 200);
    expect((await countRows(repo.dir)).commits).toBe(0);

    const rerun = cli(['ingest', '--name', 'shop', '--format', 'json'], { cwd: repo.dir });
    expect(rerun.code).toBe(0);
    // Each commit changed one file.
    expect(JSON.parse(rerun.stdout).commits).toEqual({ inserted: COMMITS, present: 0, files: COMMITS });
    expect((await countRows(repo.dir)).commits).toBe(COMMITS);
  });
});

describe('ingest --szz labels bug-introducing commits, with fix words from blastwall.yml', () => {
  let repo: TestRepo;
  afterAll(() => repo.remove());

  it('the commit whose line a fix changed is labelled, with its evidence', async () => {
    repo = createRepo();
    repo.commit({ message: 'init', files: { 'blastwall.yml': 'history: { fixKeywords: [corrige] }\n', 'a.ts': 'export const a = 1;\nexport const b = 2;\n' } });
    const bug = repo.commit({ message: 'Change b', files: { 'a.ts': 'export const a = 1;\nexport const b = -2;\n' } });
    const fix = repo.commit({ message: 'Corrige b', files: { 'a.ts': 'export const a = 1;\nexport const b = 2;\n' } });
    repo.commit({ message: 'Fix nothing: not a fix word here', files: { 'a.ts': 'export const a = 10;\nexport const b = 2;\n' } });
    const result = cli(['ingest', '--name', 'shop', '--szz', '--format', 'json'], { cwd: repo.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).labels).toEqual({ reverted: 0, bugIntroducing: 1 });
    const store = await openStore({ root: repo.dir });
    const labels = await store.labels('shop');
    await store.close();
    expect(labels.map((label) => [label.sha, label.label, label.method, label.evidence])).toEqual([[bug, 'bug-introducing', 'szz', `fix ${fix} (keyword "Corrige") changed a.ts lines 2`]]);
  });
});
