/* oxlint-disable typescript/no-explicit-any -- a migration is frozen in time: it must not depend on today's schema types */
import type { Kysely } from 'kysely';

// The Salesforce User Id of a PartnerForge user, so an Account's OwnerId (accounts.salesforce_owner_id)
// names its owner here. Learnt from the owner's e-mail the first time it matches, or set by hand.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('salesforce_user_id', 'text', (c) => c.unique()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('salesforce_user_id').execute();
}
