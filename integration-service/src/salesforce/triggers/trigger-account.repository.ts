import type { Db } from '../../database/database.ts';

export interface TriggerAccount {
  id: string;
  domain: string;
  /** The Salesforce id on the row; another Account's when two Salesforce Accounts share a domain. */
  salesforceId: string | null;
}

export async function findAccountBySalesforceId(db: Db, salesforceId: string): Promise<TriggerAccount | undefined> {
  const row = await db.selectFrom('accounts').select(['id', 'domain', 'salesforce_id']).where('salesforce_id', '=', salesforceId).executeTakeFirst();
  return row && { id: row.id, domain: row.domain, salesforceId: row.salesforce_id };
}

/**
 * The account of a Salesforce Account: the row with its id, else the row of its domain (which
 * then learns the Salesforce id, unless it already has another one), else a new row. Safe
 * against a concurrent pull inserting the same account.
 */
export async function findOrCreateSalesforceAccount(db: Db, account: { salesforceId: string; domain: string; website: string | null }): Promise<TriggerAccount> {
  const inserted = await db
    .insertInto('accounts')
    .values({ domain: account.domain, salesforce_id: account.salesforceId, website: account.website })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'domain', 'salesforce_id'])
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, domain: inserted.domain, salesforceId: inserted.salesforce_id };
  const bySalesforceId = await findAccountBySalesforceId(db, account.salesforceId);
  if (bySalesforceId) return bySalesforceId;
  const adopted = await db
    .updateTable('accounts')
    .set({ salesforce_id: account.salesforceId, website: account.website, updated_at: new Date() })
    .where('domain', '=', account.domain)
    .where('salesforce_id', 'is', null)
    .returning(['id', 'domain', 'salesforce_id'])
    .executeTakeFirst();
  if (adopted) return { id: adopted.id, domain: adopted.domain, salesforceId: adopted.salesforce_id };
  const byDomain = await db.selectFrom('accounts').select(['id', 'domain', 'salesforce_id']).where('domain', '=', account.domain).executeTakeFirst();
  // Neither row exists any more (deleted meanwhile): start over.
  return byDomain ? { id: byDomain.id, domain: byDomain.domain, salesforceId: byDomain.salesforce_id } : findOrCreateSalesforceAccount(db, account);
}
