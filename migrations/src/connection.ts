import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { type CustomTypesConfig, Pool, types } from 'pg';
import { usePreparedStatements } from './prepared-statements.ts';

export interface OpenDatabaseOptions {
  /** `postgres://…` URL. When set, a pooled PostgreSQL connection is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** Folder for the embedded PGlite database (created if missing). Undefined → in-memory, lost on close. */
  dataDir?: string;
  /** Maximum pooled PostgreSQL connections. Default 10. Ignored for PGlite (one connection by nature). */
  poolMax?: number;
  /**
   * Told when the server closes a pooled connection that was idle (it restarted, an admin ended
   * the session, the network dropped it); the pool has dropped the connection already and opens
   * a new one on the next query. Default: nothing to tell.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /** Destroys Kysely and releases the pool or closes PGlite. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Without a limit, a pool waits forever for an unreachable server and /ready hangs instead of
 * answering "not ready". 10 s, in milliseconds.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * PGlite returns int8 (bigint identity ids, count(*)) as a number when it is a safe integer and as
 * a BigInt beyond; pg returns a string. Parse the same way in pg so both backends give the app the
 * same JS types. numeric stays a string on both (exact decimals).
 */
function parseInt8(text: string): number | bigint {
  const value = BigInt(text);
  return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)
    ? value
    : Number(value);
}

// Per pool, not types.setTypeParser: a global parser would change every pg client in the process.
const pgTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8
      ? parseInt8
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/**
 * Opens the application database: PostgreSQL when a URL is given, otherwise the embedded PGlite
 * (persisted in `dataDir`, or in memory). Resolves once the database answers.
 */
export async function openDatabase<DB>(options: OpenDatabaseOptions): Promise<DatabaseHandle<DB>> {
  if (options.databaseUrl !== undefined) {
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      types: pgTypes,
    });
    // pg emits an idle connection's error on its pool, and an 'error' nobody listens to ends the
    // process: a PostgreSQL restart must cost one reconnect, not the service.
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    usePreparedStatements(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: onlyOnce(() => db.destroy()) };
  }

  let dataDir: string | undefined;
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: onlyOnce(async () => {
      // Kysely's destroy closes PGlite through the dialect; close it ourselves if it did not.
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    }),
  };
}

/** Throws when the database does not answer `select 1`. Used by the /ready probe. */
export async function checkDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

function onlyOnce(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
