import type { Config } from '../config/config.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * The connector's schedules: pull prospects, push changed fields, refresh stale intel. BullMQ
 * job schedulers with Redis (upserted, so every worker may call this), timers without it.
 */
export async function startSalesforceSchedules(queue: Pick<JobQueue, 'repeat' | 'kind'>, config: Pick<Config, 'salesforce'>, logger: Logger): Promise<void> {
  const every = config.salesforce.schedules;
  await queue.repeat('salesforce.pull', {}, every.pullEveryMs);
  await queue.repeat('salesforce.push', {}, every.pushEveryMs);
  await queue.repeat('salesforce.refresh-stale', {}, every.refreshEveryMs);
  logger.child({ component: 'salesforce' }).info({ ...every, via: queue.kind === 'bullmq' ? 'bullmq job schedulers' : 'timers' }, 'salesforce schedules set');
}
