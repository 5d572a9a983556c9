/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import { type Kysely, sql } from 'kysely';

// Target accounts keyed by their primary domain, domain aliases, and who works each account.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Stored normalised (lower case) so Costco.com and costco.com cannot become two accounts.
    .addColumn('domain', 'text', (c) => c.notNull().unique().check(sql`domain = lower(domain) and domain <> ''`))
    .addColumn('salesforce_id', 'text', (c) => c.unique())
    // Unknown until the first enrichment or Salesforce pull.
    .addColumn('name', 'text')
    .addColumn('website', 'text')
    .addColumn('owner_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // The Salesforce user id as pulled; may name someone who has no PartnerForge user yet.
    .addColumn('salesforce_owner_id', 'text')
    .addColumn('vertical', 'text')
    .addColumn('country', 'text')
    .addColumn('region', 'text')
    .addColumn('score', 'integer', (c) => c.check(sql`score between 0 and 100`))
    .addColumn('tier', 'text', (c) => c.check(sql`tier in ('hot', 'warm', 'cool', 'cold')`))
    .addColumn('last_enriched_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('accounts_owner_user_id_idx').on('accounts').column('owner_user_id').execute();
  // "Hot accounts, best first" lists.
  await db.schema
    .createIndex('accounts_tier_score_idx')
    .on('accounts')
    .columns(['tier', 'score desc'])
    .execute();

  // costco.ca → costco.com. Not a foreign key: an alias can be learnt before the account exists.
  await db.schema
    .createTable('domain_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey().check(sql`alias = lower(alias)`))
    .addColumn('domain', 'text', (c) => c.notNull().check(sql`domain = lower(domain)`))
    // Where the alias was learnt, e.g. 'manual', 'redirect', 'salesforce'.
    .addColumn('source', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('domain_aliases_not_self_check', sql`alias <> domain`)
    .execute();
  await db.schema.createIndex('domain_aliases_domain_idx').on('domain_aliases').column('domain').execute();

  await db.schema
    .createTable('account_assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'team_member', 'viewer')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('account_assignments_account_id_user_id_key', ['account_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('account_assignments_user_id_idx')
    .on('account_assignments')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_assignments').execute();
  await db.schema.dropTable('domain_aliases').execute();
  await db.schema.dropTable('accounts').execute();
}
