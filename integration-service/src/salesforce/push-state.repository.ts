import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import type { PushField } from './field-mapping.ts';
import type { PushValue } from './push-values.ts';

export interface PushCandidate {
  id: string;
  domain: string;
  salesforce_id: string;
  score: number | null;
  tier: string | null;
  last_enriched_at: Date | null;
  last_pushed: Partial<Record<PushField, PushValue>>;
  error_count: number;
}

/**
 * Accounts with a Salesforce id, in id order from `after`, at most `limit`. Without explicit ids,
 * accounts still in backoff after a refused push wait for their `next_attempt_at`.
 */
export async function findPushCandidates(db: Db, options: { after?: string; limit: number; accountIds?: readonly string[]; now: Date }): Promise<PushCandidate[]> {
  let query = db
    .selectFrom('accounts as a')
    .leftJoin('salesforce_push_state as ps', 'ps.account_id', 'a.id')
    .select(['a.id', 'a.domain', 'a.salesforce_id', 'a.score', 'a.tier', 'a.last_enriched_at', 'ps.last_pushed', 'ps.error_count'])
    .where('a.salesforce_id', 'is not', null)
    .orderBy('a.id')
    .limit(options.limit);
  if (options.after) query = query.where('a.id', '>', options.after);
  if (options.accountIds) query = query.where('a.id', 'in', options.accountIds.length > 0 ? options.accountIds : [sql<string>`null`]);
  else query = query.where((eb) => eb.or([eb('ps.next_attempt_at', 'is', null), eb('ps.next_attempt_at', '<=', options.now)]));
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    salesforce_id: r.salesforce_id as string,
    last_pushed: (r.last_pushed ?? {}) as PushCandidate['last_pushed'],
    error_count: r.error_count ?? 0,
  }));
}

export interface PushOutcome {
  accountId: string;
  salesforceId: string;
  /** The full set of last pushed values after this push (unchanged on failure). */
  lastPushed: Partial<Record<PushField, PushValue>>;
  pushedAt: Date | null;
  error: { errors: Array<{ statusCode: string; message: string; fields: string[] }>; at: string } | null;
  errorCount: number;
  nextAttemptAt: Date | null;
}

/** Records one collection call's outcomes in one statement. */
export async function savePushOutcomes(db: Db, outcomes: readonly PushOutcome[], now: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await db
    .insertInto('salesforce_push_state')
    .values(
      outcomes.map((o) => ({
        account_id: o.accountId,
        salesforce_id: o.salesforceId,
        last_pushed: JSON.stringify(o.lastPushed),
        pushed_at: o.pushedAt,
        last_error: o.error ? JSON.stringify(o.error) : null,
        error_count: o.errorCount,
        next_attempt_at: o.nextAttemptAt,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet((eb) => ({
        salesforce_id: eb.ref('excluded.salesforce_id'),
        last_pushed: eb.ref('excluded.last_pushed'),
        // A failure keeps the time of the last successful push.
        pushed_at: sql`coalesce(excluded.pushed_at, salesforce_push_state.pushed_at)`,
        last_error: eb.ref('excluded.last_error'),
        error_count: eb.ref('excluded.error_count'),
        next_attempt_at: eb.ref('excluded.next_attempt_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
