import { Router } from 'express';
import { ChangesQuerySchema, HistoryQuerySchema } from '@partnerforge/shared/schemas';
import type { AccountGuard } from '../access/account-guard.ts';
import { viewerOf } from '../access/acting-for.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import type { Db } from '../database/database.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { getIntelHistory, listChanges } from './history.service.ts';

/** `GET /v1/intel/:domain/history` (versions and their changes) and `GET /v1/changes` (the caller's accounts). */
export function historyRoutes(db: Db, guard: AccountGuard): Router {
  const router = Router();
  router.get('/intel/:domain/history', async (req, res) => {
    const query = parseOrThrow(HistoryQuerySchema, req.query, 'query');
    const domain = await resolveDomainInput(db, String(req.params.domain));
    const access = await guard.read(req, domain);
    res.json(await getIntelHistory(db, domain, query, access));
  });
  router.get('/changes', async (req, res) => {
    const query = parseOrThrow(ChangesQuerySchema, req.query, 'query');
    res.json(await listChanges(db, viewerOf(req), query));
  });
  return router;
}
