import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase('postgres');
});
afterAll(async () => testDb?.close());

describe('prepared statements', () => {
  it('runs a repeated data statement as one named prepared statement per connection, and DDL unnamed', async () => {
    const prepared = await testDb.db.connection().execute(async (connection) => {
      await sql`create temporary table scratch_rows (id int)`.execute(connection);
      for (let i = 0; i < 3; i++) await connection.selectFrom('teams').select('id').where('name', '=', `team ${i}`).execute();
      await connection.insertInto('teams').values([{ name: 'many rows 1' }, { name: 'many rows 2' }]).execute();
      const rows = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(connection);
      return rows.rows;
    });
    const teamsLookups = prepared.filter((row) => row.statement.startsWith('select "id" from "teams"'));
    expect(teamsLookups).toHaveLength(1);
    expect(teamsLookups[0]?.name).toMatch(/^pf_\d+$/);
    expect(prepared.some((row) => /create temporary table/i.test(row.statement))).toBe(false);
    // One text per row count: left unnamed.
    expect(prepared.some((row) => row.statement.startsWith('insert into "teams"'))).toBe(false);
  });

  it('runs a statement whose prepared plan a schema change made stale again, unnamed, with the new columns', async () => {
    const { db } = testDb;
    const read = () => db.connection().execute(async (connection) => (await sql<Record<string, unknown>>`select * from stale_plan_rows`.execute(connection)).rows);
    await db.connection().execute(async (connection) => {
      await sql`create table stale_plan_rows (id int)`.execute(connection);
      await sql`insert into stale_plan_rows values (1)`.execute(connection);
    });
    // Prepare it on every pooled connection the test may get.
    await Promise.all(Array.from({ length: 5 }, read));
    await sql`alter table stale_plan_rows add column note text default 'added'`.execute(db);
    const after = await Promise.all(Array.from({ length: 5 }, read));
    for (const rows of after) expect(rows).toEqual([{ id: 1, note: 'added' }]);
  });
});
