import type { Db } from '../database/database.ts';
import { setAccountOwner } from './org.service.ts';

export interface SalesforceOwnerResult {
  /** Accounts whose owner was set or changed. */
  assigned: number;
  /** Distinct Salesforce owner ids that match no PartnerForge user (yet). */
  unmatchedOwnerIds: string[];
}

/**
 * Fills account ownership from Salesforce `OwnerId` (`accounts.salesforce_owner_id`, written by
 * the Salesforce pull). An owner id matches a user by `users.salesforce_user_id`; otherwise by
 * the owner's e-mail when the caller knows it (`ownerEmails`: the pull's `Owner.Email`), and the
 * id is then remembered on the user so the next run needs no e-mail. A matched account gets
 * `owner_user_id` and an owner assignment; an unmatched one is left as it is. Idempotent; the
 * Salesforce pull calls it after each page or run.
 */
export async function assignOwnersFromSalesforce(db: Db, options: { ownerEmails?: ReadonlyMap<string, string>; accountIds?: readonly string[] } = {}): Promise<SalesforceOwnerResult> {
  let query = db.selectFrom('accounts').select(['id', 'salesforce_owner_id', 'owner_user_id']).where('salesforce_owner_id', 'is not', null);
  if (options.accountIds) {
    if (options.accountIds.length === 0) return { assigned: 0, unmatchedOwnerIds: [] };
    query = query.where('id', 'in', [...options.accountIds]);
  }
  const accounts = await query.execute();
  const ownerIds = [...new Set(accounts.map((a) => a.salesforce_owner_id as string))];
  const byOwner = new Map<string, string>();
  if (ownerIds.length > 0) {
    for (const u of await db.selectFrom('users').select(['id', 'salesforce_user_id']).where('salesforce_user_id', 'in', ownerIds).where('deactivated_at', 'is', null).execute()) {
      byOwner.set(u.salesforce_user_id as string, u.id);
    }
  }
  for (const ownerId of ownerIds.filter((id) => !byOwner.has(id))) {
    const email = options.ownerEmails?.get(ownerId);
    if (!email) continue;
    const user = await db
      .updateTable('users')
      .set({ salesforce_user_id: ownerId, updated_at: new Date() })
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('deactivated_at', 'is', null)
      .where('salesforce_user_id', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (user) byOwner.set(ownerId, user.id);
  }
  let assigned = 0;
  for (const account of accounts) {
    const userId = byOwner.get(account.salesforce_owner_id as string);
    if (!userId) continue;
    const current = await db.selectFrom('account_assignments').select('id').where('account_id', '=', account.id).where('user_id', '=', userId).where('role', '=', 'owner').executeTakeFirst();
    if (account.owner_user_id === userId && current) continue;
    await db.transaction().execute((trx) => setAccountOwner(trx, account.id, userId));
    assigned += 1;
  }
  return { assigned, unmatchedOwnerIds: ownerIds.filter((id) => !byOwner.has(id)) };
}
