/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Salesforce sync bookkeeping: where each pull/stream resumes, and what was last pushed per account.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('salesforce_sync_state')
    // One row per sync stream, e.g. 'accounts.pull' (query cursor) or 'accounts.cdc' (replay id).
    .addColumn('key', 'text', (c) => c.primaryKey())
    // SystemModstamp (or similar) the next incremental query starts from.
    .addColumn('cursor', 'text')
    // Change Data Capture replay id to resume the event stream from.
    .addColumn('replay_id', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('salesforce_push_state')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // Null until Salesforce has given the account an id.
    .addColumn('salesforce_id', 'text')
    // Field → value as last written: a push sends only what differs, and our own writes that
    // come back in the next pull can be recognised.
    .addColumn('last_pushed', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('pushed_at', 'timestamptz')
    .addColumn('last_error', 'jsonb')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`error_count >= 0`))
    // Backoff after failures; null = push whenever something changes.
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The retry sweep: accounts whose backoff has expired.
  await db.schema
    .createIndex('salesforce_push_state_next_attempt_at_idx')
    .on('salesforce_push_state')
    .column('next_attempt_at')
    .where('next_attempt_at', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('salesforce_push_state').execute();
  await db.schema.dropTable('salesforce_sync_state').execute();
}
