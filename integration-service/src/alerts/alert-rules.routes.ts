import { Router } from 'express';
import { z } from 'zod';
import { AlertRuleCreateSchema, AlertRuleUpdateSchema, type Alert, AlertUpdateSchema, AlertsQuerySchema } from '@partnerforge/shared/schemas';
import { callerOf, requireScope } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { decodeCursor, pageOf } from '../history/page-cursor.ts';
import { createRule, listRulesFor, removeRule, updateRule } from './alert-rules.service.ts';
import { type AlertRow, listAlerts, updateAlertStatus } from './alerts.repository.ts';

const IdParamsSchema = z.object({ id: z.uuid({ message: 'expected an id (uuid)' }) });

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.rule_id,
    changeEventId: row.change_event_id,
    domain: row.domain,
    category: row.category,
    significance: row.significance,
    title: row.title,
    body: row.body,
    status: row.status,
    deliveryStatus: row.delivery_status,
    deliveredChannels: row.delivered_channels,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * `GET/POST /v1/alert-rules`, `PATCH/DELETE /v1/alert-rules/:id` (the caller's rules and their
 * team's), `GET /v1/alerts` (the caller's inbox) and `PATCH /v1/alerts/:id` (read / acted).
 */
export function alertRoutes(db: Db): Router {
  const router = Router();

  router.get('/alert-rules', async (req, res) => {
    res.json({ rules: await listRulesFor(db, callerOf(req)) });
  });
  router.post('/alert-rules', requireScope('write'), async (req, res) => {
    const body = parseOrThrow(AlertRuleCreateSchema, req.body, 'request body');
    res.status(201).json(await createRule(db, callerOf(req), body));
  });
  router.patch('/alert-rules/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const patch = parseOrThrow(AlertRuleUpdateSchema, req.body, 'request body');
    res.json(await updateRule(db, callerOf(req), id, patch));
  });
  router.delete('/alert-rules/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    await removeRule(db, callerOf(req), id);
    res.status(204).end();
  });

  router.get('/alerts', async (req, res) => {
    const query = parseOrThrow(AlertsQuerySchema, req.query, 'query');
    const rows = await listAlerts(db, callerOf(req).userId, { status: query.status, limit: query.limit + 1, cursor: decodeCursor(query.cursor) });
    const page = pageOf(rows, query.limit, (row) => ({ at: row.created_at, id: row.id }));
    res.json({ alerts: page.items.map(toAlert), nextCursor: page.nextCursor });
  });
  router.patch('/alerts/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const { status } = parseOrThrow(AlertUpdateSchema, req.body, 'request body');
    const row = await updateAlertStatus(db, callerOf(req).userId, id, status);
    if (!row) throw AppError.notFound(`No alert ${id}`);
    res.json(toAlert(row));
  });
  return router;
}
