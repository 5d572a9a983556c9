import path from 'node:path';
import { migrateToLatest } from '@partnerforge/migrations';
import { openDatabase } from '@partnerforge/migrations/connection';
import type { Config } from '../config/config.ts';
import type { Database, Db } from '../database/database.ts';

/** Raised for a wrong command line; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  readonly isUsageError = true;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * Opens the configured database for a one-shot command, runs `work`, and closes it. Pending
 * migrations are applied first under the same PF_MIGRATE_ON_START policy as the service, so
 * `pf users add` works on a fresh embedded database before the service ever started.
 */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const database = await openDatabase<Database>({
    databaseUrl: config.database.url,
    dataDir: config.database.url ? undefined : path.resolve(config.database.dataDir, 'pglite'),
    poolMax: 2,
  });
  try {
    if (options.migrate ?? config.database.migrateOnStart) await migrateToLatest(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}
