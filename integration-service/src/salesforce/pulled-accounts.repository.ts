import { sql } from 'kysely';
import type { Db } from '../database/database.ts';

/** One Salesforce Account as the pull stores it. */
export interface PulledAccount {
  salesforceId: string;
  domain: string;
  name: string | null;
  website: string;
  ownerId: string | null;
  country: string | null;
}

export interface ApplyResult {
  created: number;
  /** Accounts PartnerForge knew by domain (enriched before) now tied to their Salesforce id. */
  linked: number;
  updated: number;
  unchanged: number;
  /** Another Salesforce Account already holds the domain. */
  duplicateDomain: PulledAccount[];
}

const SAME_FIELDS = ['domain', 'name', 'website', 'salesforce_owner_id', 'country'] as const;

/**
 * Upserts one page of pulled Accounts. An Account that did not change costs no write, so
 * re-reading the records at the cursor's second (the pull compares with >=) is harmless.
 */
export async function applyPulledAccounts(db: Db, accounts: readonly PulledAccount[], now = new Date()): Promise<ApplyResult> {
  const result: ApplyResult = { created: 0, linked: 0, updated: 0, unchanged: 0, duplicateDomain: [] };
  if (accounts.length === 0) return result;
  const existing = new Map(
    (
      await db
        .selectFrom('accounts')
        .select(['id', 'salesforce_id', ...SAME_FIELDS])
        .where('salesforce_id', 'in', accounts.map((a) => a.salesforceId))
        .execute()
    ).map((row) => [row.salesforce_id as string, row]),
  );

  const fresh: PulledAccount[] = [];
  for (const account of accounts) {
    const row = existing.get(account.salesforceId);
    if (!row) {
      fresh.push(account);
      continue;
    }
    const values = { domain: account.domain, name: account.name, website: account.website, salesforce_owner_id: account.ownerId, country: account.country };
    if (SAME_FIELDS.every((field) => row[field] === values[field])) {
      result.unchanged += 1;
      continue;
    }
    try {
      await db.updateTable('accounts').set({ ...values, updated_at: now }).where('id', '=', row.id).execute();
      result.updated += 1;
    } catch (error) {
      // The Website moved to a domain another account holds.
      if ((error as { code?: string }).code !== '23505') throw error;
      result.duplicateDomain.push(account);
    }
  }

  if (fresh.length > 0) {
    const rows = await db
      .insertInto('accounts')
      .values(
        fresh.map((a) => ({ domain: a.domain, salesforce_id: a.salesforceId, name: a.name, website: a.website, salesforce_owner_id: a.ownerId, country: a.country, updated_at: now })),
      )
      // An account enriched before it was pulled is linked, unless another Account holds it.
      .onConflict((oc) =>
        oc
          .column('domain')
          .doUpdateSet((eb) => ({
            salesforce_id: eb.ref('excluded.salesforce_id'),
            name: eb.ref('excluded.name'),
            website: eb.ref('excluded.website'),
            salesforce_owner_id: eb.ref('excluded.salesforce_owner_id'),
            country: eb.ref('excluded.country'),
            updated_at: now,
          }))
          .where('accounts.salesforce_id', 'is', null),
      )
      .returning(['salesforce_id', sql<boolean>`(xmax = 0)`.as('inserted')])
      .execute();
    const written = new Set(rows.map((r) => r.salesforce_id));
    for (const row of rows) {
      if (row.inserted) result.created += 1;
      else result.linked += 1;
    }
    result.duplicateDomain.push(...fresh.filter((a) => !written.has(a.salesforceId)));
  }
  return result;
}
