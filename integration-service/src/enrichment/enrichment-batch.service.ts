import type { EnrichmentAccepted, EnrichmentBatchAccepted, EnrichmentRefusal, ModuleId } from '@partnerforge/shared/schemas';
import type { AuditEntry } from '../audit/audit-trail.ts';
import { isAppError } from '../errors/app-error.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { admitEnrichmentsUnderCap } from '../rate-limits/enrichment-concurrency.ts';
import { resolveDomainInput } from './domain-input.ts';
import { createOrJoinActiveJobs } from './enrichment-jobs.repository.ts';
import { type EnrichmentServiceDependencies, enrichQueueJobId } from './enrichment.service.ts';

export interface EnrichmentBatchDependencies extends Omit<EnrichmentServiceDependencies, 'queue'> {
  queue: Pick<JobQueue, 'enqueueMany'>;
}

export interface EnrichmentBatch {
  /** What the user typed, one entry per domain (domain, URL or e-mail). */
  inputs: readonly string[];
  force?: boolean;
  modules?: ModuleId[];
  userId: string;
  /** The role guard's answer for each domain (canonical): an AppError when the user may not enrich it. */
  refusals: (domains: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;
  /** Enrichments one user may have queued or running at once (0 = no cap). */
  concurrencyCap: number;
}

export interface EnrichmentBatchOutcome extends EnrichmentBatchAccepted {
  /** One audit entry per accepted domain (not per input), for the caller to record with its actor. */
  audit: AuditEntry[];
}

type Verdict = { domain: string } | { refusal: EnrichmentRefusal['error'] };

/** An AppError's code and message as a refusal; anything else is a bug and fails the request. */
function refusalOf(error: unknown): EnrichmentRefusal['error'] {
  if (!isAppError(error)) throw error;
  return { code: error.code, message: error.message };
}

/**
 * Starts (or joins) the enrichment of many domains, refusing each input on its own: one that is
 * not a domain, one the user may not enrich, or one past the concurrency cap does not sink the
 * rest. Inputs naming the same domain share its job. The jobs are created, and enqueued, with
 * one statement and one queue call for the whole batch.
 */
export async function requestEnrichmentBatch(deps: EnrichmentBatchDependencies, batch: EnrichmentBatch): Promise<EnrichmentBatchOutcome> {
  const verdicts: Verdict[] = [];
  for (const input of batch.inputs) {
    try {
      verdicts.push({ domain: await resolveDomainInput(deps.db, input, deps.aliases) });
    } catch (error) {
      verdicts.push({ refusal: refusalOf(error) });
    }
  }
  const domains = [...new Set(verdicts.flatMap((verdict) => ('domain' in verdict ? [verdict.domain] : [])))];

  // Their ownership is read together: at most three queries for the whole batch.
  const guardRefusals = new Map<string, EnrichmentRefusal['error']>();
  for (const [domain, refusal] of await batch.refusals(domains)) if (refusal) guardRefusals.set(domain, refusalOf(refusal));
  const cap = await admitEnrichmentsUnderCap(deps.db, { userId: batch.userId, domains: domains.filter((domain) => !guardRefusals.has(domain)), cap: batch.concurrencyCap });
  const capRefusal = cap.refusal ? refusalOf(cap.refusal) : undefined;

  const jobs = await createOrJoinActiveJobs(deps.db, { domains: cap.admitted, trigger: 'api', requestedByUserId: batch.userId, modules: batch.modules, force: batch.force });
  const created = cap.admitted.flatMap((domain) => {
    const job = jobs.get(domain);
    return job?.created ? [job.id] : [];
  });
  if (created.length > 0) await deps.queue.enqueueMany('enrich.domain', created.map((jobId) => ({ payload: { jobId }, options: { jobId: enrichQueueJobId(jobId), fresh: true } })));

  const outcome: EnrichmentBatchOutcome = { accepted: [], refused: [], audit: [] };
  const answered = new Set<string>();
  for (const [index, input] of batch.inputs.entries()) {
    const verdict = verdicts[index] as Verdict;
    const refusal = 'refusal' in verdict ? verdict.refusal : (guardRefusals.get(verdict.domain) ?? (cap.refused.includes(verdict.domain) ? capRefusal : undefined));
    if (refusal || !('domain' in verdict)) {
      outcome.refused.push({ input, error: refusal as EnrichmentRefusal['error'] });
      continue;
    }
    const job = jobs.get(verdict.domain) as { id: string; created: boolean };
    // A later input of a domain already answered shares that job.
    const first = !answered.has(verdict.domain);
    answered.add(verdict.domain);
    const accepted: EnrichmentAccepted = { jobId: job.id, domain: verdict.domain, statusUrl: `/v1/enrichments/${job.id}`, deduplicated: !(first && job.created) };
    outcome.accepted.push(accepted);
    if (!first) continue;
    outcome.audit.push({
      action: 'enrichment.triggered',
      targetType: 'account',
      targetId: verdict.domain,
      details: { jobId: job.id, deduplicated: accepted.deduplicated, force: batch.force ?? false, trigger: 'api', batch: true },
    });
  }
  return outcome;
}
