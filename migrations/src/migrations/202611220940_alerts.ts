/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Alert rules (who wants to hear about which changes, where and how often) and the alerts sent.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) =>
      c.notNull().defaultTo('my_accounts').check(sql`scope in ('my_accounts', 'my_territory', 'domains', 'all')`),
    )
    // Only read when scope = 'domains'.
    .addColumn('domains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Empty = every category.
    .addColumn('categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('min_significance', 'text', (c) =>
      c.notNull().defaultTo('high').check(sql`min_significance in ('critical', 'high', 'medium', 'low')`),
    )
    .addColumn('channels', sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{in_app}'`)
        .check(sql`cardinality(channels) > 0 and channels <@ array['slack', 'in_app']::text[]`),
    )
    .addColumn('frequency', 'text', (c) =>
      c.notNull().defaultTo('immediate').check(sql`frequency in ('immediate', 'daily_digest')`),
    )
    // Post to this channel instead of the owner's DMs.
    .addColumn('slack_channel_id', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A rule belongs to exactly one user or one team.
    .addCheckConstraint('alert_rules_owner_check', sql`num_nonnulls(owner_user_id, team_id) = 1`)
    .addCheckConstraint('alert_rules_domains_check', sql`scope <> 'domains' or cardinality(domains) > 0`)
    .execute();
  await db.schema.createIndex('alert_rules_owner_user_id_idx').on('alert_rules').column('owner_user_id').execute();
  await db.schema.createIndex('alert_rules_team_id_idx').on('alert_rules').column('team_id').execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Alerts outlive a deleted rule or pruned event: the inbox keeps what was said.
    .addColumn('rule_id', 'uuid', (c) => c.references('alert_rules.id').onDelete('set null'))
    .addColumn('change_event_id', 'uuid', (c) => c.references('change_events.id').onDelete('set null'))
    .addColumn('recipient_user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('significance', 'text', (c) =>
      c.notNull().check(sql`significance in ('critical', 'high', 'medium', 'low')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('unread').check(sql`status in ('unread', 'read', 'acted')`),
    )
    // e.g. recipient + change event: a retried or re-run detection cannot alert twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('delivery_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`delivery_status in ('pending', 'delivered', 'digest', 'failed')`),
    )
    .addColumn('delivered_channels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A user's inbox: unread first, newest first.
  await db.schema
    .createIndex('alerts_recipient_status_created_at_idx')
    .on('alerts')
    .columns(['recipient_user_id', 'status', 'created_at desc'])
    .execute();
  // The delivery worker and the daily digest pick alerts by delivery status.
  await db.schema
    .createIndex('alerts_delivery_status_created_at_idx')
    .on('alerts')
    .columns(['delivery_status', 'created_at'])
    .execute();
  await db.schema.createIndex('alerts_rule_id_idx').on('alerts').column('rule_id').execute();
  await db.schema.createIndex('alerts_change_event_id_idx').on('alerts').column('change_event_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alerts').execute();
  await db.schema.dropTable('alert_rules').execute();
}
