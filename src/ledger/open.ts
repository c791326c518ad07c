import { UserError } from '../shared/errors.js';
import { sqliteFileExists } from './location.js';
import type { Store } from './store.js';

export interface OpenOptions {
  /** The repository root: the SQLite ledger lives in its `.blastwall/`. */
  readonly root: string;
  /** `--database`, else BLASTWALL_DATABASE_URL, as the caller resolved them: `postgres://...`, `sqlite:<path>`, or nothing for the default. */
  readonly database?: string | undefined;
}

export type DatabaseTarget = { readonly backend: 'sqlite'; readonly path: string | undefined } | { readonly backend: 'postgres'; readonly url: string };

const HINT = 'give postgres://user:password@host:5432/database, or sqlite:<path> (relative to the repository root), or nothing for .blastwall/blastwall.db';

/** Which backend a database option names. */
export function databaseTarget(database: string | undefined): DatabaseTarget {
  if (database === undefined || database.trim() === '') return { backend: 'sqlite', path: undefined };
  if (/^postgres(ql)?:\/\//i.test(database)) return { backend: 'postgres', url: database };
  if (/^sqlite:/i.test(database)) {
    const path = database.slice('sqlite:'.length);
    // `sqlite://` reads as a URL with a host, and SQLAlchemy's slash counting is easy to get wrong: ask for a plain path.
    if (path === '' || path.startsWith('//')) throw new UserError(`"${database}" does not name an SQLite file`, HINT);
    return { backend: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(database)?.[1];
  throw new UserError(scheme === undefined ? `"${database}" is not a database URL` : `the ledger cannot use a "${scheme}:" database`, HINT);
}

/**
 * Opens the ledger: Postgres for a `postgres://` URL, else SQLite. Migrates it first.
 * A backend is loaded only when used, so that a SQLite user never loads `pg` (and the reverse).
 */
export async function openStore(options: OpenOptions): Promise<Store> {
  const target = databaseTarget(options.database);
  // kysely too is loaded only when a ledger opens: `check` without one does not compile it.
  const { KyselyStore } = await import('./kysely-store.js');
  if (target.backend === 'postgres') {
    const { connectPostgres } = await import('./postgres/connect.js');
    // `?schema=name` keeps several ledgers (teams, test runs) apart in one database.
    const url = URL.canParse(target.url) ? new URL(target.url) : undefined;
    const schema = url?.searchParams.get('schema') ?? undefined;
    url?.searchParams.delete('schema');
    return new KyselyStore((await connectPostgres({ url: url === undefined ? target.url : url.toString(), schema })).db);
  }
  const { connectSqlite } = await import('./sqlite/connect.js');
  return new KyselyStore((await connectSqlite({ root: options.root, path: target.path })).db);
}

/**
 * Whether there may be a ledger to read: a Postgres one is asked when opened; an SQLite one is a
 * file, and a reader that finds none has nothing to read (and does not create one).
 */
export function ledgerMayExist(options: OpenOptions): boolean {
  const target = databaseTarget(options.database);
  return target.backend === 'postgres' || sqliteFileExists(options.root, target.path);
}
