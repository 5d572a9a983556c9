import type { Db } from '../database/database.ts';

/** Key of the incremental Account pull's row in salesforce_sync_state. */
export const ACCOUNTS_PULL_KEY = 'accounts.pull';

export interface SyncState {
  cursor: string | null;
  details: Record<string, unknown>;
}

export async function readSyncState(db: Db, key: string): Promise<SyncState | undefined> {
  const row = await db.selectFrom('salesforce_sync_state').select(['cursor', 'details']).where('key', '=', key).executeTakeFirst();
  return row ? { cursor: row.cursor, details: row.details as Record<string, unknown> } : undefined;
}

export async function saveSyncCursor(db: Db, key: string, cursor: string | null, details: Record<string, unknown> = {}): Promise<void> {
  const now = new Date();
  await db
    .insertInto('salesforce_sync_state')
    .values({ key, cursor, details: JSON.stringify(details), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ cursor, details: JSON.stringify(details), updated_at: now }))
    .execute();
}
