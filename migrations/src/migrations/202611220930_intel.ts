/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Versioned intelligence: every enrichment of a module writes a new snapshot; the differences
// between consecutive snapshots become change events (what alerts are made from).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('intel_snapshots')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Not a foreign key to accounts: any domain can be enriched, account or not.
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    // No unsourced intel: where and when the data came from are mandatory, and not blank.
    .addColumn('source_url', 'text', (c) => c.notNull().check(sql`source_url <> ''`))
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    // Null for version 1 (nothing to compare with).
    .addColumn('diff_from_previous', 'jsonb')
    .addColumn('highest_significance', 'text', (c) =>
      c.check(sql`highest_significance in ('critical', 'high', 'medium', 'low')`),
    )
    .addColumn('job_id', 'uuid', (c) => c.references('enrichment_jobs.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One index serves both the uniqueness of a version and "latest version first" reads.
  await db.schema
    .createIndex('intel_snapshots_domain_module_version_key')
    .on('intel_snapshots')
    .unique()
    .columns(['domain', 'module', 'version desc'])
    .execute();
  // Without it, deleting an old job would scan every snapshot to null its job_id.
  await db.schema.createIndex('intel_snapshots_job_id_idx').on('intel_snapshots').column('job_id').execute();

  await db.schema
    .createTable('change_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    // The snapshot whose diff produced the event; the event means nothing without it.
    .addColumn('snapshot_id', 'uuid', (c) => c.notNull().references('intel_snapshots.id').onDelete('cascade'))
    // e.g. executive_change, tech_stack_change, traffic_change, hiring_signal.
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('significance', 'text', (c) =>
      c.notNull().check(sql`significance in ('critical', 'high', 'medium', 'low')`),
    )
    // Path of the changed field inside the module data, e.g. 'executives.cfo'.
    .addColumn('field', 'text', (c) => c.notNull())
    // Null old_value = added; null new_value = removed.
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('why_it_matters', 'text')
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A domain's timeline, and the feed of everything recent.
  await db.schema
    .createIndex('change_events_domain_detected_at_idx')
    .on('change_events')
    .columns(['domain', 'detected_at desc'])
    .execute();
  await db.schema
    .createIndex('change_events_detected_at_idx')
    .on('change_events')
    .column('detected_at desc')
    .execute();
  await db.schema.createIndex('change_events_snapshot_id_idx').on('change_events').column('snapshot_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('change_events').execute();
  await db.schema.dropTable('intel_snapshots').execute();
}
