import { Router } from 'express';
import type { Db } from '../database/database.ts';
import { type IntelOptions, getIntel } from './intel.service.ts';

/** `GET /v1/intel/:domain`: the current intel, or 404 with a hint to enrich. */
export function intelRoutes(db: Db, options: IntelOptions): Router {
  const router = Router();
  router.get('/intel/:domain', async (req, res) => {
    res.json(await getIntel(db, String(req.params.domain), options));
  });
  return router;
}
