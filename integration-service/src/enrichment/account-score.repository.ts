import type { Db } from '../database/database.ts';

/** Mirrors the newest score onto the account row, when the domain is an account of ours. */
export async function updateAccountScore(db: Db, domain: string, scoreData: unknown, enrichedAt: Date): Promise<void> {
  const { score, tier } = (scoreData ?? {}) as { score?: number; tier?: string };
  if (typeof score !== 'number' || typeof tier !== 'string') return;
  await db
    .updateTable('accounts')
    .set({ score, tier: tier as 'hot' | 'warm' | 'cool' | 'cold', last_enriched_at: enrichedAt, updated_at: enrichedAt })
    .where('domain', '=', domain)
    .execute();
}
