/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// The last stage move acted on per Opportunity. CDC redeliveries, Flow retries and the polling
// fallback can all report the same move; this row is what makes them collapse into one
// enrichment, and what finds the account to push once that enrichment has finished.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('salesforce_stage_triggers')
    // 18-character Salesforce Opportunity id.
    .addColumn('opportunity_id', 'text', (c) => c.primaryKey())
    .addColumn('stage_name', 'text', (c) => c.notNull())
    // When the Opportunity entered the stage (CDC commit time, LastStageChangeDate, or the Flow's time).
    .addColumn('stage_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('cdc', 'poll', 'webhook')`))
    // What identified the delivery (CDC replay id, …), for the log trail only.
    .addColumn('event_key', 'text')
    .addColumn('account_salesforce_id', 'text')
    .addColumn('account_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    // pending: claimed, being handled; enqueued: enrichment asked for; no_account / no_website: nothing to enrich.
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('pending').check(sql`outcome in ('pending', 'enqueued', 'no_account', 'no_website')`))
    .addColumn('enrichment_job_id', 'uuid', (c) => c.references('enrichment_jobs.id').onDelete('set null'))
    // Set when the finished enrichment's push was requested: one push per triggered enrichment.
    .addColumn('push_requested_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // "Which triggers wait for this enrichment job?" on every finished enrichment.
  await db.schema
    .createIndex('salesforce_stage_triggers_enrichment_job_id_idx')
    .on('salesforce_stage_triggers')
    .column('enrichment_job_id')
    .where(sql.ref('push_requested_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('salesforce_stage_triggers').execute();
}
