import { sql } from 'kysely';
import type { StageTriggerOutcome } from '@partnerforge/migrations/schema';
import type { Db } from '../../database/database.ts';
import { SAME_MOVE_WINDOW_MS, type StageMove } from './stage-move.ts';

/**
 * Records `move` as the Opportunity's latest stage move unless it is a repeat of the one already
 * recorded: the same stage within {@link SAME_MOVE_WINDOW_MS}, or anything older than it (a
 * late redelivery). One statement, so concurrent deliveries of one move cannot both win.
 * Returns true when this call claimed the move and must act on it.
 */
export async function claimStageMove(db: Db, move: StageMove): Promise<boolean> {
  const windowSql = sql.raw(`interval '${SAME_MOVE_WINDOW_MS / 1000} seconds'`);
  const claimed = await db
    .insertInto('salesforce_stage_triggers')
    .values({
      opportunity_id: move.opportunityId,
      stage_name: move.stageName,
      stage_changed_at: move.changedAt,
      source: move.source,
      event_key: move.eventKey ?? null,
      account_salesforce_id: move.accountSalesforceId ?? null,
    })
    .onConflict((oc) =>
      oc
        .column('opportunity_id')
        .doUpdateSet({
          stage_name: (eb) => eb.ref('excluded.stage_name'),
          stage_changed_at: (eb) => eb.ref('excluded.stage_changed_at'),
          source: (eb) => eb.ref('excluded.source'),
          event_key: (eb) => eb.ref('excluded.event_key'),
          account_salesforce_id: sql`coalesce(excluded.account_salesforce_id, salesforce_stage_triggers.account_salesforce_id)`,
          account_id: null,
          outcome: 'pending',
          enrichment_job_id: null,
          push_requested_at: null,
          updated_at: sql`now()`,
        })
        .where(
          sql<boolean>`excluded.stage_changed_at > salesforce_stage_triggers.stage_changed_at + ${windowSql}
            or (lower(excluded.stage_name) <> lower(salesforce_stage_triggers.stage_name)
                and excluded.stage_changed_at > salesforce_stage_triggers.stage_changed_at)`,
        ),
    )
    .returning('opportunity_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Gives a claimed move back after a failure, so a redelivery can act on it. */
export async function releaseStageMove(db: Db, move: StageMove): Promise<void> {
  await db
    .deleteFrom('salesforce_stage_triggers')
    .where('opportunity_id', '=', move.opportunityId)
    .where('stage_changed_at', '=', move.changedAt)
    .where('outcome', '=', 'pending')
    .execute();
}

export async function recordStageMoveOutcome(
  db: Db,
  opportunityId: string,
  result: { outcome: StageTriggerOutcome; accountSalesforceId?: string; accountId?: string; enrichmentJobId?: string },
): Promise<void> {
  await db
    .updateTable('salesforce_stage_triggers')
    .set({
      outcome: result.outcome,
      account_salesforce_id: result.accountSalesforceId ?? null,
      account_id: result.accountId ?? null,
      enrichment_job_id: result.enrichmentJobId ?? null,
      updated_at: new Date(),
    })
    .where('opportunity_id', '=', opportunityId)
    .execute();
}

/**
 * Marks the triggers served by a finished enrichment job as pushed and returns their accounts,
 * each once. A second call for the same job (a redelivered finish) returns nothing.
 */
export async function claimPushesForJob(db: Db, enrichmentJobId: string): Promise<string[]> {
  const rows = await db
    .updateTable('salesforce_stage_triggers')
    .set({ push_requested_at: new Date(), updated_at: new Date() })
    .where('enrichment_job_id', '=', enrichmentJobId)
    .where('push_requested_at', 'is', null)
    .where('account_id', 'is not', null)
    .returning('account_id')
    .execute();
  return [...new Set(rows.map((row) => row.account_id as string))];
}
