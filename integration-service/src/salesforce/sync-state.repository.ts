import type { Db } from '../database/database.ts';

/** Rows of salesforce_sync_state: where each stream resumes. */
export const ACCOUNTS_PULL_KEY = 'accounts.pull';
/** The stage triggers' Opportunity polling cursor and Change Data Capture replay id. */
export const POLL_STATE_KEY = 'opportunities.poll';
export const CDC_STATE_KEY = 'opportunities.cdc';

export interface SyncState {
  cursor: string | null;
  replayId: string | null;
  details: Record<string, unknown>;
}

export async function readSyncState(db: Db, key: string): Promise<SyncState | undefined> {
  const row = await db.selectFrom('salesforce_sync_state').select(['cursor', 'replay_id', 'details']).where('key', '=', key).executeTakeFirst();
  return row ? { cursor: row.cursor, replayId: row.replay_id, details: row.details as Record<string, unknown> } : undefined;
}

export async function saveSyncCursor(db: Db, key: string, cursor: string | null, details: Record<string, unknown> = {}): Promise<void> {
  const now = new Date();
  await db
    .insertInto('salesforce_sync_state')
    .values({ key, cursor, details: JSON.stringify(details), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ cursor, details: JSON.stringify(details), updated_at: now }))
    .execute();
}

/** Stores the replay id a CDC subscription resumes after. */
export async function saveReplayId(db: Db, key: string, replayId: string): Promise<void> {
  await db
    .insertInto('salesforce_sync_state')
    .values({ key, replay_id: replayId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ replay_id: replayId, updated_at: new Date() }))
    .execute();
}
