import { Router } from 'express';
import type { AccountGuard } from '../access/account-guard.ts';
import { visibleIntel } from '../access/visible-intel.ts';
import type { Db } from '../database/database.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { type IntelOptions, getIntel } from './intel.service.ts';
import { sendIntel } from './send-intel.ts';

/** `GET /v1/intel/:domain`: the current intel as the role matrix lets the viewer see it, or 404 with a hint to enrich. */
export function intelRoutes(db: Db, options: IntelOptions, guard: AccountGuard): Router {
  const router = Router();
  router.get('/intel/:domain', async (req, res) => {
    const domain = await resolveDomainInput(db, String(req.params.domain), options.aliases);
    const access = await guard.read(req, domain);
    sendIntel(res, visibleIntel(await getIntel(db, domain, options), access));
  });
  return router;
}
