import type { Db } from '../../src/database/database.ts';
import { insertSnapshot } from '../../src/enrichment/snapshots.repository.ts';
import { addUser, createApiKeyForUser } from '../../src/users/users.service.ts';

export const FETCHED_AT = new Date('2026-11-20T10:00:00Z');

/**
 * Stores a company's intel the way the modules do: context, fingerprint, score and a
 * financials snapshot listing `officers`, plus an executive and a financial change event.
 */
export async function seedIntel(db: Db, domain: string, options: { officers?: Array<{ name: string; title: string }>; fetchedAt?: Date } = {}) {
  const fetchedAt = options.fetchedAt ?? FETCHED_AT;
  const officers = options.officers ?? [{ name: 'Jane Doe', title: 'Chief Financial Officer' }, { name: 'Sam Roe', title: 'Chief Executive Officer' }];
  await insertSnapshot(db, { domain, module: 'company.context', provider: 'website', sourceUrl: `https://${domain}/`, fetchedAt, data: { name: `${domain} Inc.`, description: 'A shop', logoUrl: null, linkedinUrl: `https://www.linkedin.com/company/${domain.split('.')[0]}` } });
  await insertSnapshot(db, { domain, module: 'website.fingerprint', provider: 'website', sourceUrl: `https://${domain}/`, fetchedAt, data: { technologies: [{ name: 'Algolia', categories: ['Search'] }], searchVendor: 'Algolia', partnerPlatforms: [] } });
  await insertSnapshot(db, { domain, module: 'score', provider: 'partnerforge', sourceUrl: 'partnerforge:score', fetchedAt, data: { score: 82, tier: 'hot', breakdown: [{ factor: 'vertical', points: 40, reason: 'Commerce' }] } });
  const financials = await insertSnapshot(db, {
    domain, module: 'financials.yahoo', provider: 'yahoo-finance', sourceUrl: `https://finance.yahoo.com/quote/ACME`, fetchedAt,
    data: { ticker: 'ACME', exchange: 'NasdaqGS', companyName: `${domain} Inc.`, marketCapUsd: 2.4e9, revenueUsd: 9.1e8, revenueGrowth: 0.083, employees: 3100, officers, currency: 'USD' },
  });
  const cfo = officers[0]?.name ?? 'Nobody';
  await db
    .insertInto('change_events')
    .values([
      { domain, module: 'financials.yahoo', snapshot_id: financials.id, category: 'executive_change', significance: 'high', field: 'executives.cfo', old_value: JSON.stringify(['Old Person']), new_value: JSON.stringify([cfo]), summary: `New CFO: ${cfo}`, why_it_matters: `${cfo} will review spend`, detected_at: fetchedAt },
      { domain, module: 'financials.yahoo', snapshot_id: financials.id, category: 'financial_change', significance: 'medium', field: 'revenueUsd', old_value: '800000000', new_value: '910000000', summary: 'Revenue up 14%', why_it_matters: null, detected_at: fetchedAt },
    ])
    .execute();
  await db
    .updateTable('intel_snapshots')
    .set({ diff_from_previous: JSON.stringify({ fields: [{ field: 'executives.cfo', before: ['Old Person'], after: [cfo] }] }) })
    .where('id', '=', financials.id)
    .execute();
  return { financialsSnapshotId: financials.id };
}

/** An account row owned by `ownerUserId` (also as owner assignment), as the Salesforce pull would record it. */
export async function seedAccount(db: Db, domain: string, ownerUserId: string | null) {
  const account = await db.insertInto('accounts').values({ domain, name: domain, owner_user_id: ownerUserId }).returning('id').executeTakeFirstOrThrow();
  if (ownerUserId) await db.insertInto('account_assignments').values({ account_id: account.id, user_id: ownerUserId, role: 'owner' }).execute();
  return account.id;
}

/** A user with a key; returns their id and key. */
export async function userWithKey(db: Db, email: string, role: 'admin' | 'manager' | 'ae' | 'sdr' | 'viewer', team?: string) {
  const user = await addUser(db, { email, role, team });
  const { key } = await createApiKeyForUser(db, { email });
  return { id: user.id, key };
}
