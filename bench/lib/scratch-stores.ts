import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { createTestDatabase } from '@partnerforge/migrations/testing';

const run = promisify(execFile);

/** Redis the bench gives its random prefix on; the test suite's variable, so both point at one server. */
export const BENCH_REDIS_URL = process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh, migrated PostgreSQL database and an unused Redis key prefix, just for this run. */
export interface ScratchStores {
  databaseUrl: string;
  /** Its name (pf_test_…), as PostgreSQL backends serving it show in their process titles. */
  databaseName: string;
  /** The bench's own connection to the scratch database (it watches job rows through it). */
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'];
  redisUrl: string;
  redisPrefix: string;
  /** Drops the database (forcing out leftover connections) and deletes every key under the prefix. */
  drop(): Promise<void>;
}

export async function createScratchStores(): Promise<ScratchStores> {
  const database = await createTestDatabase('postgres');
  if (!database.url) throw new Error('createTestDatabase gave no URL for PostgreSQL');
  const redisPrefix = `pfbench-${randomBytes(4).toString('hex')}`;
  return {
    databaseUrl: database.url,
    databaseName: new URL(database.url).pathname.slice(1),
    db: database.db,
    redisUrl: BENCH_REDIS_URL,
    redisPrefix,
    async drop() {
      try {
        await deleteRedisKeys(BENCH_REDIS_URL, `${redisPrefix}:*`);
      } finally {
        await database.close();
      }
    },
  };
}

/**
 * Deletes the keys matching `pattern` with redis-cli (SCAN, never KEYS, since the server may be
 * shared). redis-cli rather than a client library: the bench package has no Redis dependency.
 */
async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const { stdout } = await run('redis-cli', ['-u', redisUrl, '--scan', '--pattern', pattern], { maxBuffer: 64 * 1024 * 1024 });
  const keys = stdout.split('\n').filter((key) => key !== '');
  for (let i = 0; i < keys.length; i += 500) {
    await run('redis-cli', ['-u', redisUrl, 'UNLINK', ...keys.slice(i, i + 500)]);
  }
  return keys.length;
}
