/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Provider spend (a ledger plus budgets that cap it) and enrichment jobs with their checkpoints.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per paid provider call: high volume, append only. No foreign keys on purpose: the
  // ledger must outlive the jobs, users and teams it mentions, and the insert path stays cheap.
  await db.schema
    .createTable('api_usage')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('job_id', 'uuid')
    .addColumn('user_id', 'uuid')
    .addColumn('team_id', 'uuid')
    .addColumn('cost_usd', 'numeric(12, 4)', (c) => c.notNull().defaultTo(0).check(sql`cost_usd >= 0`))
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.check(sql`duration_ms >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Month-to-date spend per team and per provider, as the budget check sums it.
  await db.schema.createIndex('api_usage_team_id_created_at_idx').on('api_usage').columns(['team_id', 'created_at']).execute();
  await db.schema.createIndex('api_usage_provider_created_at_idx').on('api_usage').columns(['provider', 'created_at']).execute();

  await db.schema
    .createTable('budgets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Null team = the whole organisation; null provider = all providers together.
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('provider', 'text')
    .addColumn('period', 'text', (c) => c.notNull().defaultTo('monthly').check(sql`period in ('monthly')`))
    .addColumn('limit_usd', 'numeric(12, 2)', (c) => c.notNull().check(sql`limit_usd >= 0`))
    // Fraction of the limit at which to warn (0.8 = 80 %).
    .addColumn('alert_threshold', 'numeric(4, 3)', (c) =>
      c.notNull().defaultTo(0.8).check(sql`alert_threshold > 0 and alert_threshold <= 1`),
    )
    // true = refuse paid calls once the limit is reached; false = warn only.
    .addColumn('hard_cap', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One budget per scope. A plain unique constraint treats NULLs as distinct, so two org-wide
  // rows could coexist; folding the nulls into '' makes them collide.
  await db.schema
    .createIndex('budgets_scope_key')
    .on('budgets')
    .unique()
    .expression(sql`coalesce(team_id::text, ''), coalesce(provider, ''), period`)
    .execute();

  await db.schema
    .createTable('enrichment_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`status in ('queued', 'running', 'completed', 'partial', 'failed', 'cancelled')`),
    )
    .addColumn('trigger', 'text', (c) =>
      c
        .notNull()
        .check(sql`"trigger" in ('api', 'cli', 'slack', 'extension', 'salesforce_stage', 'schedule', 'retry')`),
    )
    .addColumn('requested_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // Null = every module.
    .addColumn('modules', sql`text[]`)
    // true = ignore fresh cached snapshots and call the providers again.
    .addColumn('force', 'boolean', (c) => c.notNull().defaultTo(false))
    // { [module]: { status, error?, attempts, started_at?, finished_at? } }
    .addColumn('module_status', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // What a resumed run may skip (completed modules, wave results); null until the first wave ends.
    .addColumn('checkpoint', 'jsonb')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress between 0 and 100`))
    .addColumn('error', 'text')
    .addColumn('retry_of', 'uuid', (c) => c.references('enrichment_jobs.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('enrichment_jobs_domain_created_at_idx')
    .on('enrichment_jobs')
    .columns(['domain', 'created_at desc'])
    .execute();
  await db.schema.createIndex('enrichment_jobs_status_idx').on('enrichment_jobs').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enrichment_jobs').execute();
  await db.schema.dropTable('budgets').execute();
  await db.schema.dropTable('api_usage').execute();
}
