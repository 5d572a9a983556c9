import { sql } from 'kysely';
import type { Db } from '../database/database.ts';

export interface AuditRow {
  actorUserId?: string | null;
  actorKeyPrefix?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

/** Appends one row; the table refuses updates and deletes (a trigger), so there is no other write. */
export async function insertAuditRow(db: Db, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(toAuditValues(row)).execute();
}

/** Appends many rows in one multi-row insert (a batch's actions, recorded together). */
export async function insertAuditRows(db: Db, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('audit_log').values(rows.map(toAuditValues)).execute();
}

function toAuditValues(row: AuditRow) {
  return {
    actor_user_id: row.actorUserId ?? null,
    actor_key_prefix: row.actorKeyPrefix ?? null,
    action: row.action,
    target_type: row.targetType ?? null,
    target_id: row.targetId ?? null,
    details: JSON.stringify(row.details ?? {}),
    request_id: row.requestId ?? null,
    ip: row.ip ?? null,
  };
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  target?: string;
  since?: Date;
  until?: Date;
  /** Rows older than this id (the previous page's last). */
  beforeId?: number;
  limit: number;
}

/** Audit rows newest first (by id: the insertion order). */
export async function listAuditRows(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'occurred_at', 'actor_user_id', 'actor_key_prefix', 'action', 'target_type', 'target_id', 'details', 'request_id', sql<string | null>`host(ip)`.as('ip')]);
  if (filter.actor) query = query.where('actor_user_id', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
  if (filter.target) query = query.where('target_id', '=', filter.target);
  if (filter.since) query = query.where('occurred_at', '>=', filter.since);
  if (filter.until) query = query.where('occurred_at', '<', filter.until);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}
