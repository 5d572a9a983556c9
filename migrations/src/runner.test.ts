import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FolderMigrationProvider,
  isMigrationError,
  listMigrations,
  MigrationError,
  migrateDown,
  migrateToLatest,
  migrateToNone,
} from './runner.ts';
import type { Database } from './schema.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./testing/fixtures/${name}/`, import.meta.url));

describe('FolderMigrationProvider', () => {
  it('loads every migration of the folder by name, with up and down', async () => {
    const migrations = await new FolderMigrationProvider().getMigrations();
    const names = Object.keys(migrations);
    expect(names).toContain('202611220900_identity');
    expect(names.every((name) => /^\d{12}_[a-z0-9_]+$/.test(name))).toBe(true);
    expect(Object.values(migrations).every((m) => typeof m.up === 'function' && typeof m.down === 'function')).toBe(
      true,
    );
  });

  it('refuses a misnamed file instead of skipping it', async () => {
    await expect(new FolderMigrationProvider(fixture('misnamed')).getMigrations()).rejects.toThrow(
      /create_widgets\.ts .* is not named <YYYYMMDDHHMM>_<what>\.ts/,
    );
  });

  it('refuses a migration without down()', async () => {
    await expect(new FolderMigrationProvider(fixture('incomplete')).getMigrations()).rejects.toMatchObject({
      isMigrationError: true,
      migrationName: '202601010000_no_down',
    });
  });
});

describe.each(['postgres', 'pglite'] as const)('runner on %s', (kind) => {
  let test: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    test = await createTestDatabase(kind, { migrate: false });
    db = test.db;
  });
  afterAll(() => test?.close());

  async function tableExists(name: string): Promise<boolean> {
    const { rows } = await sql<{ found: boolean }>`select to_regclass(${name}) is not null as found`.execute(db);
    return rows[0]?.found === true;
  }

  it('names the failed migration and rolls the whole run back', async () => {
    const folder = fixture('broken');
    const error: unknown = await migrateToLatest(db, { folder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(isMigrationError(error)).toBe(true);
    expect(error).toMatchObject({ migrationName: '202601010100_broken' });
    expect((error as Error).message).toMatch(/migrate to latest failed at migration 202601010100_broken \(up\): .*no_such_table/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    // The run is one transaction: the good migration before it was undone too.
    expect(await tableExists('widgets')).toBe(false);
    expect((await listMigrations(db, { folder })).map((m) => m.executedAt)).toEqual([undefined, undefined]);
  });

  it('reports a refused migration file through migrateToLatest', async () => {
    await expect(migrateToLatest(db, { folder: fixture('incomplete') })).rejects.toThrow(
      /202601010000_no_down must export async functions up\(db\) and down\(db\)/,
    );
  });

  it('reverts the given number of steps, newest first, and stops at none', async () => {
    const names = await migrateToLatest(db);
    expect(await migrateDown(db, 2)).toEqual(names.slice(-2).toReversed());
    expect((await listMigrations(db)).filter((m) => m.executedAt).map((m) => m.name)).toEqual(names.slice(0, -2));
    // More steps than executed migrations reverts them all.
    expect(await migrateDown(db, 100)).toEqual(names.slice(0, -2).toReversed());
    expect(await migrateDown(db)).toEqual([]);
    expect(await migrateToNone(db)).toEqual([]);
    expect(await tableExists('users')).toBe(false);
  });

  it('rejects a step count that is not a positive integer', async () => {
    await expect(migrateDown(db, 0)).rejects.toBeInstanceOf(RangeError);
    await expect(migrateDown(db, 1.5)).rejects.toBeInstanceOf(RangeError);
  });
});
