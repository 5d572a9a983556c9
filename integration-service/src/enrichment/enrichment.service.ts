import type { EnrichmentAccepted, EnrichmentJob, ModuleId, ModuleRun } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { AliasTable } from './alias-table.ts';
import { AppError } from '../errors/app-error.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { resolveDomainInput } from './domain-input.ts';
import { type EnrichmentJobRow, type JobTrigger, createOrJoinActiveJob, findJob } from './enrichment-jobs.repository.ts';

export interface EnrichmentServiceDependencies {
  db: Db;
  /** Only enqueueing is needed (the Salesforce schedule passes its late-bound enqueue). */
  queue: Pick<JobQueue, 'enqueue'>;
  /** The alias table in memory (the API's); without it, aliases are queried per request. */
  aliases?: AliasTable;
}

export interface EnrichmentTrigger {
  domain: string;
  force?: boolean;
  modules?: ModuleId[];
  trigger: JobTrigger;
  userId?: string;
}

/** The BullMQ id of an enrichment job: its row id, so a redelivered message runs it once. */
export const enrichQueueJobId = (jobId: string) => `enrich-${jobId}`;

/**
 * Starts (or joins) the enrichment of a domain. However many triggers arrive while a job for
 * the domain is queued or running, they all get that one job.
 */
export async function requestEnrichment(deps: EnrichmentServiceDependencies, trigger: EnrichmentTrigger): Promise<EnrichmentAccepted> {
  const domain = await resolveDomainInput(deps.db, trigger.domain, deps.aliases);
  const job = await createOrJoinActiveJob(deps.db, {
    domain,
    trigger: trigger.trigger,
    requestedByUserId: trigger.userId,
    modules: trigger.modules,
    force: trigger.force,
  });
  if (job.created) await deps.queue.enqueue('enrich.domain', { jobId: job.id }, { jobId: enrichQueueJobId(job.id), fresh: true });
  return { jobId: job.id, domain, statusUrl: `/v1/enrichments/${job.id}`, deduplicated: !job.created };
}

/** Re-runs what a finished job did not complete, keeping what it did. */
export async function retryEnrichment(deps: EnrichmentServiceDependencies, jobId: string, userId?: string): Promise<EnrichmentAccepted> {
  const parent = await findJob(deps.db, jobId);
  if (!parent) throw AppError.notFound(`No enrichment job ${jobId}`);
  if (parent.status === 'queued' || parent.status === 'running') throw AppError.conflict('The job is still running; retry it once it has finished');
  if (parent.status === 'completed') throw AppError.conflict('Every module of this job completed; request a new enrichment with force to refresh');
  const job = await createOrJoinActiveJob(deps.db, {
    domain: parent.domain,
    trigger: 'retry',
    requestedByUserId: userId,
    modules: parent.modules ?? undefined,
    force: parent.force,
    retryOf: parent.id,
  });
  if (job.created) await deps.queue.enqueue('enrich.domain', { jobId: job.id }, { jobId: enrichQueueJobId(job.id), fresh: true });
  return { jobId: job.id, domain: parent.domain, statusUrl: `/v1/enrichments/${job.id}`, deduplicated: !job.created };
}

export async function getEnrichmentJob(db: Db, jobId: string): Promise<EnrichmentJob> {
  const job = await findJob(db, jobId);
  if (!job) throw AppError.notFound(`No enrichment job ${jobId}`);
  return toEnrichmentJob(job);
}

function toEnrichmentJob(job: EnrichmentJobRow): EnrichmentJob {
  return {
    jobId: job.id,
    domain: job.domain,
    status: job.status,
    progress: job.progress,
    trigger: job.trigger,
    modules: job.module_status as Record<string, ModuleRun>,
    retryOf: job.retry_of,
    createdAt: job.created_at.toISOString(),
    startedAt: job.started_at?.toISOString() ?? null,
    finishedAt: job.finished_at?.toISOString() ?? null,
    intelUrl: `/v1/intel/${job.domain}`,
  };
}
