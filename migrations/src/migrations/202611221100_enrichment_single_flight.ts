/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Single flight, enforced where races cannot slip past it: at most one queued or running
// enrichment job per domain, however many API, Slack, extension or Salesforce triggers arrive.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('enrichment_jobs_one_active_per_domain')
    .on('enrichment_jobs')
    .column('domain')
    .unique()
    .where(sql.ref('status'), 'in', ['queued', 'running'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrichment_jobs_one_active_per_domain').execute();
}
