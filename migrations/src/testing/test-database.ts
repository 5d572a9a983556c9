import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Client } from 'pg';
import { openDatabase } from '../connection.ts';
import { migrateToLatest } from '../runner.ts';
import type { Database } from '../schema.ts';

export interface TestDatabase {
  db: Kysely<Database>;
  /** URL of the fresh PostgreSQL database (postgres kind only), for code that opens its own pool. */
  url?: string;
  /** Closes the connection; for postgres also drops the database. */
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Run every migration before returning. Default true; false gives an empty database. */
  migrate?: boolean;
}

/** Server to create test databases on; any database of it works as the administrative one. */
const ADMIN_URL = process.env.PF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, migrated database for one test file: on PostgreSQL a new `pf_test_<random>` database
 * (dropped on close), on PGlite an in-memory instance. Create one per file, in `beforeAll`:
 * PGlite takes seconds to start.
 */
export async function createTestDatabase(
  kind: 'postgres' | 'pglite',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase<Database>({});
    await migrateOrClose(handle.db, options, handle.close);
    return { db: handle.db, close: handle.close };
  }

  const name = `pf_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase<Database>({ databaseUrl: url.href, poolMax: 5 });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
    // force: a pool a test forgot to close must not keep the database alive.
    await runAdmin(`drop database if exists ${name} with (force)`);
  };
  await migrateOrClose(handle.db, options, close);
  return { db: handle.db, url: url.href, close };
}

async function migrateOrClose(
  db: Kysely<Database>,
  options: TestDatabaseOptions,
  close: () => Promise<void>,
): Promise<void> {
  if (options.migrate === false) return;
  try {
    await migrateToLatest(db);
  } catch (error) {
    await close();
    throw error;
  }
}

async function runAdmin(statement: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
