import { Router } from 'express';
import { ChangesQuerySchema, HistoryQuerySchema } from '@partnerforge/shared/schemas';
import { callerOf } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { getIntelHistory, listChanges } from './history.service.ts';

/** `GET /v1/intel/:domain/history` (versions and their changes) and `GET /v1/changes` (the caller's accounts). */
export function historyRoutes(db: Db): Router {
  const router = Router();
  router.get('/intel/:domain/history', async (req, res) => {
    const query = parseOrThrow(HistoryQuerySchema, req.query, 'query');
    res.json(await getIntelHistory(db, String(req.params.domain), query, callerOf(req)));
  });
  router.get('/changes', async (req, res) => {
    const query = parseOrThrow(ChangesQuerySchema, req.query, 'query');
    res.json(await listChanges(db, callerOf(req), query));
  });
  return router;
}
