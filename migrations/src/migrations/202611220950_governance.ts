/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// The audit trail (append-only, enforced by the database) and GDPR access/erasure requests.

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign keys: an append-only row can never be updated by ON DELETE SET NULL, and RESTRICT
  // would forbid deleting the user it names. The ids stay as historical facts.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'uuid')
    // Which API key acted (its public prefix), when the actor used one.
    .addColumn('actor_key_prefix', 'text')
    // Dotted verb, e.g. 'enrichment.triggered', 'api_key.revoked', 'privacy.erasure'.
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('request_id', 'text')
    .addColumn('ip', sql`inet`)
    .execute();
  await db.schema.createIndex('audit_log_occurred_at_idx').on('audit_log').column('occurred_at').execute();
  await db.schema
    .createIndex('audit_log_actor_user_id_occurred_at_idx')
    .on('audit_log')
    .columns(['actor_user_id', 'occurred_at'])
    .execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').column('action').execute();

  // Enforced in the database, not only in a repository, so no code path can rewrite history by
  // mistake. Only deliberate DDL (dropping the table or disabling the trigger) gets past it.
  await sql`
    create function audit_log_refuse_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$
  `.execute(db);
  await sql`
    create trigger audit_log_no_update_delete
    before update or delete on audit_log
    for each row execute function audit_log_refuse_change()
  `.execute(db);
  await sql`
    create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function audit_log_refuse_change()
  `.execute(db);

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('access', 'erasure')`))
    .addColumn('subject_email', 'text')
    .addColumn('subject_name', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'processing', 'completed', 'failed')`),
    )
    .addColumn('requested_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // What was found (access) or removed/anonymised (erasure), per table; or the failure.
    .addColumn('result', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    // A request must say whom it is about.
    .addCheckConstraint('privacy_requests_subject_check', sql`num_nonnulls(subject_email, subject_name) >= 1`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('privacy_requests').execute();
  // Dropping the table drops its triggers; the function is ours to drop.
  await db.schema.dropTable('audit_log').execute();
  await sql`drop function audit_log_refuse_change()`.execute(db);
}
