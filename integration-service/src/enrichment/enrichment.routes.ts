import { Router } from 'express';
import { z } from 'zod';
import { EnrichmentRequestSchema } from '@partnerforge/shared/schemas';
import { callerOf, requireScope } from '../auth/authenticate.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { type EnrichmentServiceDependencies, getEnrichmentJob, requestEnrichment, retryEnrichment } from './enrichment.service.ts';

const JobParamsSchema = z.object({ jobId: z.uuid({ message: 'expected a job id (uuid)' }) });

/** `POST /v1/enrichments`, `GET /v1/enrichments/:jobId`, `POST /v1/enrichments/:jobId/retry`. */
export function enrichmentRoutes(deps: EnrichmentServiceDependencies): Router {
  const router = Router();

  router.post('/enrichments', requireScope('write'), async (req, res) => {
    const body = parseOrThrow(EnrichmentRequestSchema, req.body, 'request body');
    const accepted = await requestEnrichment(deps, { ...body, trigger: 'api', userId: callerOf(req).userId });
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  router.get('/enrichments/:jobId', async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    res.json(await getEnrichmentJob(deps.db, jobId));
  });

  router.post('/enrichments/:jobId/retry', requireScope('write'), async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    const accepted = await retryEnrichment(deps, jobId, callerOf(req).userId);
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  return router;
}
