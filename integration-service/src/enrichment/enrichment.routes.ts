import { Router } from 'express';
import { z } from 'zod';
import { EnrichmentRequestSchema } from '@partnerforge/shared/schemas';
import type { AccountGuard } from '../access/account-guard.ts';
import { viewerOf } from '../access/acting-for.ts';
import { requireScope } from '../auth/authenticate.ts';
import { resolveDomainInput } from './domain-input.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { type EnrichmentServiceDependencies, getEnrichmentJob, requestEnrichment, retryEnrichment } from './enrichment.service.ts';

const JobParamsSchema = z.object({ jobId: z.uuid({ message: 'expected a job id (uuid)' }) });

/** `POST /v1/enrichments`, `GET /v1/enrichments/:jobId`, `POST /v1/enrichments/:jobId/retry`. */
export function enrichmentRoutes(deps: EnrichmentServiceDependencies & { guard: AccountGuard }): Router {
  const router = Router();

  router.post('/enrichments', requireScope('write'), async (req, res) => {
    const body = parseOrThrow(EnrichmentRequestSchema, req.body, 'request body');
    // Enriching changes the account's data: team accounts are read-only to AEs, all to viewers.
    await deps.guard.write(req, await resolveDomainInput(deps.db, body.domain));
    const accepted = await requestEnrichment(deps, { ...body, trigger: 'api', userId: viewerOf(req).userId });
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  router.get('/enrichments/:jobId', async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    res.json(await getEnrichmentJob(deps.db, jobId));
  });

  router.post('/enrichments/:jobId/retry', requireScope('write'), async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    await deps.guard.write(req, (await getEnrichmentJob(deps.db, jobId)).domain);
    const accepted = await retryEnrichment(deps, jobId, viewerOf(req).userId);
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  return router;
}
