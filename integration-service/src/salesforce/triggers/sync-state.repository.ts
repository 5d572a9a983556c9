import type { Db } from '../../database/database.ts';

/** salesforce_sync_state keys of the stage-change triggers. */
export const POLL_STATE_KEY = 'opportunities.poll';
export const CDC_STATE_KEY = 'opportunities.cdc';

export async function readSyncState(db: Db, key: string): Promise<{ cursor: string | null; replayId: string | null } | undefined> {
  const row = await db.selectFrom('salesforce_sync_state').select(['cursor', 'replay_id']).where('key', '=', key).executeTakeFirst();
  return row && { cursor: row.cursor, replayId: row.replay_id };
}

/** Stores the incremental query cursor of a stream (an ISO SystemModstamp). */
export async function saveSyncCursor(db: Db, key: string, cursor: string): Promise<void> {
  await db
    .insertInto('salesforce_sync_state')
    .values({ key, cursor })
    .onConflict((oc) => oc.column('key').doUpdateSet({ cursor, updated_at: new Date() }))
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
