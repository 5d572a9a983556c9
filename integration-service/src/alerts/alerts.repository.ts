import type { AlertChannel, AlertStatus, Significance } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { PageCursor } from '../history/page-cursor.ts';

export interface NewAlert {
  ruleId: string | null;
  changeEventId: string | null;
  recipientUserId: string;
  domain: string;
  category: string;
  significance: Significance;
  title: string;
  body: string;
  dedupeKey: string;
  deliveryStatus: 'pending' | 'delivered' | 'digest';
  deliveredChannels: AlertChannel[];
  createdAt: Date;
}

const ALERT_COLUMNS = ['id', 'rule_id', 'change_event_id', 'recipient_user_id', 'domain', 'category', 'significance', 'title', 'body', 'status', 'dedupe_key', 'delivery_status', 'delivered_channels', 'created_at'] as const;

/**
 * Inserts alerts whose dedupe key is new and returns every alert of these keys, new or
 * already there (a re-run of matching finds the ones it made before, and makes no more).
 */
export async function insertAlertsOnce(db: Db, alerts: readonly NewAlert[]) {
  if (alerts.length === 0) return [];
  await db
    .insertInto('alerts')
    .values(
      alerts.map((a) => ({
        rule_id: a.ruleId,
        change_event_id: a.changeEventId,
        recipient_user_id: a.recipientUserId,
        domain: a.domain,
        category: a.category,
        significance: a.significance,
        title: a.title,
        body: a.body,
        dedupe_key: a.dedupeKey,
        delivery_status: a.deliveryStatus,
        delivered_channels: a.deliveredChannels,
        delivered_at: a.deliveryStatus === 'delivered' ? a.createdAt : null,
        created_at: a.createdAt,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  return db.selectFrom('alerts').select(ALERT_COLUMNS).where('dedupe_key', 'in', alerts.map((a) => a.dedupeKey)).execute();
}

export type AlertRow = Awaited<ReturnType<typeof insertAlertsOnce>>[number];

/** A user's alerts newest first. */
export async function listAlerts(db: Db, userId: string, options: { status?: AlertStatus; limit: number; cursor?: PageCursor }) {
  let query = db.selectFrom('alerts').select(ALERT_COLUMNS).where('recipient_user_id', '=', userId);
  if (options.status) query = query.where('status', '=', options.status);
  const cursor = options.cursor;
  if (cursor) query = query.where((eb) => eb.or([eb('created_at', '<', cursor.at), eb.and([eb('created_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** Sets the status of one of a user's alerts; undefined when they have no such alert. */
export async function updateAlertStatus(db: Db, userId: string, id: string, status: AlertStatus) {
  return db.updateTable('alerts').set({ status }).where('id', '=', id).where('recipient_user_id', '=', userId).returning(ALERT_COLUMNS).executeTakeFirst();
}
