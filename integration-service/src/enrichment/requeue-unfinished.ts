import type { Db } from '../database/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { enrichQueueJobId } from './enrichment.service.ts';

/**
 * Queues again the enrichment jobs a previous process left queued or running. Only for the
 * in-process queue: BullMQ keeps its own jobs and hands stalled ones to another worker.
 * The orchestrator keeps what those jobs already completed.
 */
export async function requeueUnfinishedEnrichments(db: Db, queue: JobQueue): Promise<number> {
  const unfinished = await db.selectFrom('enrichment_jobs').select('id').where('status', 'in', ['queued', 'running']).execute();
  for (const job of unfinished) await queue.enqueue('enrich.domain', { jobId: job.id }, { jobId: enrichQueueJobId(job.id) });
  return unfinished.length;
}
