import type { Db } from '../database/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApiBudgetState } from './api-budget.ts';
import { ACCOUNTS_PULL_KEY } from './sync-state.repository.ts';

/** The salesforce_sync_state row holding the last API budget reading of any process. */
export const API_USAGE_STATE_KEY = 'api.usage';

/** Stores the budget's state, so that processes that make no Salesforce calls (the api) can show it. */
export async function saveApiUsage(db: Db, state: ApiBudgetState): Promise<void> {
  const details = JSON.stringify(state);
  const now = new Date();
  await db
    .insertInto('salesforce_sync_state')
    .values({ key: API_USAGE_STATE_KEY, details, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ details, updated_at: now }))
    .execute();
}

export async function readApiUsage(db: Db): Promise<ApiBudgetState | undefined> {
  const row = await db.selectFrom('salesforce_sync_state').select('details').where('key', '=', API_USAGE_STATE_KEY).executeTakeFirst();
  return row ? (row.details as unknown as ApiBudgetState) : undefined;
}

/** When the prospect pull last stored its cursor, and the last successful push of any account. */
export async function readLastSyncTimes(db: Db): Promise<{ lastPullAt: Date | null; lastPushAt: Date | null }> {
  const [pull, push] = await Promise.all([
    db.selectFrom('salesforce_sync_state').select('updated_at').where('key', '=', ACCOUNTS_PULL_KEY).executeTakeFirst(),
    db.selectFrom('salesforce_push_state').select((eb) => eb.fn.max('pushed_at').as('last')).executeTakeFirst(),
  ]);
  return { lastPullAt: pull?.updated_at ?? null, lastPushAt: push?.last ? new Date(push.last) : null };
}

/**
 * Stores budget states as they come, at most one write per `minIntervalMs` (default 30 000)
 * unless the pause starts or ends; the last state of a burst is written when its interval ends.
 */
export function createApiUsageRecorder(db: Db, options: { minIntervalMs?: number; logger?: Logger } = {}): (state: ApiBudgetState) => void {
  const minIntervalMs = options.minIntervalMs ?? 30_000;
  let lastWrite = 0;
  let lastPaused = false;
  let pending: ApiBudgetState | undefined;
  let timer: NodeJS.Timeout | undefined;
  const write = (state: ApiBudgetState) => {
    lastWrite = Date.now();
    lastPaused = state.paused;
    saveApiUsage(db, state).catch((error: unknown) => options.logger?.warn({ err: error }, 'could not store the Salesforce API usage'));
  };
  return (state) => {
    if (state.paused !== lastPaused || Date.now() - lastWrite >= minIntervalMs) {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      write(state);
      return;
    }
    pending = state;
    timer ??= setTimeout(() => {
      timer = undefined;
      if (pending) write(pending);
      pending = undefined;
    }, minIntervalMs - (Date.now() - lastWrite)).unref();
  };
}
