import { Router } from 'express';
import { z } from 'zod';
import { EnrichmentBatchRequestSchema, EnrichmentRequestSchema } from '@partnerforge/shared/schemas';
import type { AccountGuard } from '../access/account-guard.ts';
import { viewerOf } from '../access/acting-for.ts';
import { requireScope } from '../auth/authenticate.ts';
import { auditActorOf, recordAudit, recordAudits } from '../audit/audit-trail.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { requestEnrichmentBatch } from './enrichment-batch.service.ts';
import { resolveDomainInput } from './domain-input.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { enforceEnrichmentConcurrency } from '../rate-limits/enrichment-concurrency.ts';
import { type EnrichmentServiceDependencies, getEnrichmentJob, requestEnrichment, retryEnrichment } from './enrichment.service.ts';

const JobParamsSchema = z.object({ jobId: z.uuid({ message: 'expected a job id (uuid)' }) });


export interface EnrichmentRoutesDependencies extends EnrichmentServiceDependencies {
  queue: Pick<JobQueue, 'enqueue' | 'enqueueMany'>;
  guard: AccountGuard;
  /** Enrichments one user may have queued or running at once (0 = no cap). */
  concurrencyCap: number;
}

/** `POST /v1/enrichments`, `POST /v1/enrichments/batch`, `GET /v1/enrichments/:jobId`, `POST /v1/enrichments/:jobId/retry`. */
export function enrichmentRoutes(deps: EnrichmentRoutesDependencies): Router {
  const router = Router();

  router.post('/enrichments', requireScope('write'), async (req, res) => {
    const body = parseOrThrow(EnrichmentRequestSchema, req.body, 'request body');
    // Enriching changes the account's data: team accounts are read-only to AEs, all to viewers.
    const domain = await resolveDomainInput(deps.db, body.domain, deps.aliases);
    await deps.guard.write(req, domain);
    await enforceEnrichmentConcurrency(deps.db, { userId: viewerOf(req).userId, domain, cap: deps.concurrencyCap, setRetryAfter: (s) => res.set('Retry-After', String(s)) });
    const accepted = await requestEnrichment(deps, { ...body, trigger: 'api', userId: viewerOf(req).userId });
    await recordAudit(deps.db, auditActorOf(req), { action: 'enrichment.triggered', targetType: 'account', targetId: accepted.domain, details: { jobId: accepted.jobId, deduplicated: accepted.deduplicated, force: body.force ?? false, trigger: 'api' } });
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  // Many domains in one request (a RevOps list, the bench): each input is accepted or refused on its own.
  router.post('/enrichments/batch', requireScope('write'), async (req, res) => {
    const body = parseOrThrow(EnrichmentBatchRequestSchema, req.body, 'request body');
    const { audit, ...answer } = await requestEnrichmentBatch(deps, {
      inputs: body.domains,
      force: body.force,
      modules: body.modules,
      userId: viewerOf(req).userId,
      refusals: (domains) => deps.guard.writeRefusals(req, domains),
      concurrencyCap: deps.concurrencyCap,
    });
    await recordAudits(deps.db, auditActorOf(req), audit);
    // 202 even when every input was refused: the answer says why for each, as a batch must.
    res.status(202).json(answer);
  });

  router.get('/enrichments/:jobId', async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    res.json(await getEnrichmentJob(deps.db, jobId));
  });

  router.post('/enrichments/:jobId/retry', requireScope('write'), async (req, res) => {
    const { jobId } = parseOrThrow(JobParamsSchema, req.params, 'path');
    await deps.guard.write(req, (await getEnrichmentJob(deps.db, jobId)).domain);
    const accepted = await retryEnrichment(deps, jobId, viewerOf(req).userId);
    await recordAudit(deps.db, auditActorOf(req), { action: 'enrichment.triggered', targetType: 'account', targetId: accepted.domain, details: { jobId: accepted.jobId, retryOf: jobId, deduplicated: accepted.deduplicated, trigger: 'retry' } });
    res.status(202).location(accepted.statusUrl).json(accepted);
  });

  return router;
}
