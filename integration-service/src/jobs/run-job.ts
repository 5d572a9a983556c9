import type { Metrics } from '../metrics/metrics.ts';
import { type ConsumedJobName, consumerOf, jobCatalog, type JobName } from './catalog.ts';
import type { JobContext, JobHandlers } from './job-handlers.ts';
import { PermanentJobError } from './permanent-failure.ts';

/**
 * Validates a payload and runs its handler, recording duration. Both queue implementations call
 * this, so a job behaves the same in the embedded default and on BullMQ.
 */
export async function runJob(
  name: JobName,
  rawPayload: unknown,
  context: JobContext,
  handlers: JobHandlers,
  metrics: Metrics,
): Promise<unknown> {
  if (consumerOf(name)) throw new PermanentJobError(`${name} is consumed by ${consumerOf(name)?.app}, not by this service`);
  const parsed = jobCatalog[name].payload.safeParse(rawPayload);
  if (!parsed.success) {
    throw new PermanentJobError(`Invalid payload for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const stopTimer = metrics.jobDuration.startTimer({ job: name });
  try {
    const handler = handlers[name as ConsumedJobName] as (payload: unknown, ctx: JobContext) => Promise<unknown>;
    return await handler(parsed.data, context);
  } finally {
    stopTimer();
  }
}

/** Delay before retry number `retry` (1-based): base × 2^(retry-1), as BullMQ's exponential backoff. */
export function backoffDelayMs(name: JobName, retry: number): number {
  return jobCatalog[name].backoffMs * 2 ** (retry - 1);
}

/** BullMQ forbids `:` in custom ids; we build ids like `enrich.domain-costco.com`. */
export function toJobId(id: string): string {
  return id.replaceAll(':', '-');
}
