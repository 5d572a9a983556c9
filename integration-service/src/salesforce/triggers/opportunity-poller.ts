import type { Connection } from 'jsforce';
import type { Db } from '../../database/database.ts';
import type { Logger } from '../../logging/logger.ts';
import { fetchOpportunitiesInStages } from './opportunity-queries.ts';
import { SAME_MOVE_WINDOW_MS, type StageMove, type StageMoveResult } from './stage-move.ts';
import { POLL_STATE_KEY, readSyncState, saveSyncCursor } from '../sync-state.repository.ts';

export interface OpportunityPollOptions {
  db: Db;
  connection: Connection;
  stages: readonly string[];
  handleMove(move: StageMove): Promise<StageMoveResult>;
  logger: Logger;
  /** How far back the very first poll looks, ms (then: from the stored cursor). */
  firstLookbackMs: number;
  now?: () => Date;
}

export interface PollSummary {
  /** Opportunities in a trigger stage modified since the cursor. */
  read: number;
  /** …of which entered the stage since the cursor, i.e. moves. */
  moves: number;
  enqueued: number;
  /** Moves already handled (overlap with the last poll, or seen by CDC or the webhook). */
  duplicates: number;
  /** Moves with nothing to enrich (no Account, no Website). */
  skipped: number;
  cursor: string;
}

/**
 * One polling pass: Opportunities in a trigger stage whose SystemModstamp moved since the
 * stored cursor, of which those that *entered* the stage since then (LastStageChangeDate, or
 * CreatedDate for one created in it) are moves. Any edit moves SystemModstamp, so an
 * Opportunity edited while sitting in the stage is read but not a move. The window reaches
 * {@link SAME_MOVE_WINDOW_MS} behind the cursor for transactions that commit late; the repeats
 * collapse in the trigger table. The cursor advances only after every move is handled, so a
 * failed pass is read again next time.
 */
export async function pollStageMoves(options: OpportunityPollOptions): Promise<PollSummary> {
  const now = options.now?.() ?? new Date();
  const stored = (await readSyncState(options.db, POLL_STATE_KEY))?.cursor;
  const cursor = stored ? new Date(stored) : new Date(now.getTime() - options.firstLookbackMs);
  const since = new Date(cursor.getTime() - SAME_MOVE_WINDOW_MS);
  const opportunities = await fetchOpportunitiesInStages(options.connection, options.stages, since);

  const summary: PollSummary = { read: opportunities.length, moves: 0, enqueued: 0, duplicates: 0, skipped: 0, cursor: cursor.toISOString() };
  let newest = cursor;
  for (const opportunity of opportunities) {
    if (opportunity.SystemModstamp > newest) newest = opportunity.SystemModstamp;
    const enteredAt = opportunity.LastStageChangeDate ?? opportunity.CreatedDate;
    if (enteredAt < since) continue;
    summary.moves += 1;
    if (!opportunity.AccountId) {
      summary.skipped += 1;
      continue;
    }
    const result = await options.handleMove({
      opportunityId: opportunity.Id,
      accountSalesforceId: opportunity.AccountId,
      website: opportunity.Account?.Website ?? undefined,
      stageName: opportunity.StageName,
      changedAt: enteredAt,
      source: 'poll',
      eventKey: `modstamp-${opportunity.SystemModstamp.toISOString()}`,
    });
    if (result.outcome === 'enqueued') summary.enqueued += 1;
    else if (result.outcome === 'duplicate') summary.duplicates += 1;
    else summary.skipped += 1;
  }
  summary.cursor = newest.toISOString();
  await saveSyncCursor(options.db, POLL_STATE_KEY, summary.cursor);
  return summary;
}

/** Polls every `intervalMs` (the first pass at once) until stopped; a failed pass is logged and retried next time. */
export function startOpportunityPolling(options: OpportunityPollOptions & { intervalMs: number }): { stop(): Promise<void> } {
  const log = options.logger.child({ stream: POLL_STATE_KEY });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    running = pollStageMoves(options)
      .then((summary) => log[summary.moves > 0 ? 'info' : 'debug'](summary, 'opportunity stages polled'))
      .catch((error: unknown) => log.error({ err: error }, 'polling opportunity stages failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(pass, options.intervalMs);
      });
  };
  timer = setTimeout(pass, 0);
  log.info({ intervalMs: options.intervalMs, stages: options.stages }, 'polling opportunity stages');
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
