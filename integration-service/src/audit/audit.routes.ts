import { Router } from 'express';
import { type AuditList, AuditQuerySchema } from '@partnerforge/shared/schemas';
import { callerOf } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { listAuditRows } from './audit.repository.ts';

/** `GET /v1/audit`: the audit trail for admins, newest first, filtered and paged. */
export function auditRoutes(db: Db): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    if (callerOf(req).role !== 'admin') throw AppError.forbidden('The audit log is for admins');
    const query = parseOrThrow(AuditQuerySchema, req.query, 'query');
    const rows = await listAuditRows(db, {
      actor: query.actor,
      action: query.action,
      targetType: query.targetType,
      target: query.target,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const body: AuditList = {
      entries: page.map((row) => ({
        id: String(row.id),
        occurredAt: row.occurred_at.toISOString(),
        actorUserId: row.actor_user_id,
        actorKeyPrefix: row.actor_key_prefix,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: (row.details ?? {}) as Record<string, unknown>,
        requestId: row.request_id,
        ip: row.ip,
      })),
      nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
    };
    res.json(body);
  });
  return router;
}
