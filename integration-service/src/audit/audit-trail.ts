import type { Request } from 'express';
import type { AuditAction } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { type AuditRow, insertAuditRow, insertAuditRows } from './audit.repository.ts';

/** Who did it, as the audit log records it. */
export interface AuditActor {
  userId?: string | null;
  keyPrefix?: string | null;
  requestId?: string | null;
  ip?: string | null;
  /** Where the action came from: the HTTP API, the `pf` CLI (no user), or a job. */
  via: 'api' | 'cli' | 'job' | 'link';
  /** The user an admin key acted for (X-PF-Acting-For), when it did. */
  actingForUserId?: string;
}

/** The actor of an API request: the caller's user and key, the request id and client address. */
export function auditActorOf(req: Request): AuditActor {
  return {
    userId: req.caller?.userId ?? null,
    keyPrefix: req.caller?.keyPrefix ?? null,
    requestId: typeof req.id === 'string' ? req.id : null,
    ip: req.ip ?? null,
    via: req.caller ? 'api' : 'link',
    ...(req.actingFor ? { actingForUserId: req.actingFor.userId } : {}),
  };
}

/** One audited action: what was done to what. */
export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/**
 * Records one audited action. Awaited by the action itself: an action whose audit row cannot
 * be written fails, rather than happening unrecorded.
 */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await insertAuditRow(db, toAuditRow(actor, entry));
}

/** `recordAudit` for many actions of one actor (a batch), in one insert: all recorded or none. */
export async function recordAudits(db: Db, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditRows(db, entries.map((entry) => toAuditRow(actor, entry)));
}

function toAuditRow(actor: AuditActor, entry: AuditEntry): AuditRow {
  return {
    actorUserId: actor.userId,
    actorKeyPrefix: actor.keyPrefix,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: { via: actor.via, ...(actor.actingForUserId ? { actingForUserId: actor.actingForUserId } : {}), ...entry.details },
    requestId: actor.requestId,
    ip: actor.ip,
  };
}
