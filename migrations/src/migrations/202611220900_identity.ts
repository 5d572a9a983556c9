/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Teams, users, API keys and territories: who may see and do what.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // Null = no team-level cap; the org-wide budgets row still applies.
    .addColumn('monthly_budget_usd', 'numeric(12, 2)', (c) => c.check(sql`monthly_budget_usd >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    // Display only, and unknown when a user is provisioned from Slack or an API key.
    .addColumn('name', 'text')
    // Least privilege when the role is not given.
    .addColumn('role', 'text', (c) =>
      c.notNull().defaultTo('viewer').check(sql`role in ('admin', 'manager', 'ae', 'sdr', 'viewer')`),
    )
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('slack_user_id', 'text', (c) => c.unique())
    .addColumn('alert_frequency', 'text', (c) =>
      c.notNull().defaultTo('immediate').check(sql`alert_frequency in ('immediate', 'daily_digest')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Users are deactivated, not deleted: audit_log and alerts keep pointing at them.
    .addColumn('deactivated_at', 'timestamptz')
    .execute();
  // Emails compare case-insensitively (no citext: PGlite has no extensions here).
  await db.schema
    .createIndex('users_email_lower_key')
    .on('users')
    .unique()
    .expression(sql`lower(email)`)
    .execute();
  await db.schema.createIndex('users_team_id_idx').on('users').column('team_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The public part shown in lists and logs; the secret is only ever stored as key_hash.
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{read,write}'`))
    .addColumn('rate_tier', 'text', (c) =>
      c.notNull().defaultTo('standard').check(sql`rate_tier in ('standard', 'power', 'admin')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_keys_user_id_idx').on('api_keys').column('user_id').execute();

  await db.schema
    .createTable('territories')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    // { region?, vertical?, min_score? }: which accounts fall in the territory.
    .addColumn('filters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('territory_members')
    .addColumn('territory_id', 'uuid', (c) => c.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('territory_members_pkey', ['territory_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('territory_members_user_id_idx')
    .on('territory_members')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('territory_members').execute();
  await db.schema.dropTable('territories').execute();
  await db.schema.dropTable('api_keys').execute();
  await db.schema.dropTable('users').execute();
  await db.schema.dropTable('teams').execute();
}
