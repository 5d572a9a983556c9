import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, openDatabase } from './connection.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

describe('openDatabase with a PostgreSQL URL', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase('postgres', { migrate: false });
  });
  afterAll(() => test?.close());

  it('answers the readiness check and parses int8 as a number, like PGlite', async () => {
    const handle = await openDatabase({ databaseUrl: test.url, poolMax: 2 });
    try {
      expect(handle.kind).toBe('postgres');
      await expect(checkDatabase(handle.db)).resolves.toBeUndefined();
      const { rows } = await sql<{ small: unknown; big: unknown; exact: unknown }>`
        select 42::int8 as small, 9007199254740993::int8 as big, 1.10::numeric as exact`.execute(handle.db);
      expect(rows[0]).toEqual({ small: 42, big: 9007199254740993n, exact: '1.10' });
    } finally {
      await handle.close();
      await handle.close(); // a second close is harmless
    }
  });

  it('survives the server ending an idle connection: it says so, and the next query opens a new one', async () => {
    const idleErrors: Error[] = [];
    const handle = await openDatabase({ databaseUrl: test.url, poolMax: 1, onIdleConnectionError: (error) => idleErrors.push(error) });
    const admin = await openDatabase({ databaseUrl: test.url, poolMax: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      // As an administrator (or a restart) would: the pool's connection is idle now.
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(admin.db);
      await expect.poll(() => idleErrors.length, { timeout: 5_000, interval: 20 }).toBe(1);
      expect(idleErrors[0]).toMatchObject({ code: '57P01' }); // admin_shutdown
      const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      expect(next.rows[0]?.pid).not.toBe(rows[0]?.pid);
    } finally {
      await Promise.all([handle.close(), admin.close()]);
    }
  });

  it('fails the readiness check when the server cannot be reached', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const handle = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres' });
    try {
      await expect(checkDatabase(handle.db)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await handle.close();
    }
  });
});

describe('openDatabase without a URL (PGlite)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pf-pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('persists in dataDir, creating the folder, across close and reopen', async () => {
    const dataDir = join(dir, 'nested', 'pgdata');
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    await checkDatabase(first.db);
    await sql`create table notes (body text)`.execute(first.db);
    await sql`insert into notes values ('kept')`.execute(first.db);
    await first.close();
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ body: string }>`select body from notes`.execute(second.db);
      expect(rows).toEqual([{ body: 'kept' }]);
    } finally {
      await second.close();
    }
  });
});
