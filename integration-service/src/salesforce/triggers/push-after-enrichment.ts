import type { Db } from '../../database/database.ts';
import type { EventBus } from '../../events/domain-events.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logging/logger.ts';
import { claimPushesForJob } from './stage-triggers.repository.ts';

/** Asks for an urgent push of one account's PartnerForge fields to Salesforce. */
export type RequestPush = (accountId: string) => Promise<unknown>;

/** The urgent `salesforce.push` of one account: a stage move is worth jumping the API budget's queue. */
export function defaultRequestPush(queue: Pick<JobQueue, 'enqueue'>): RequestPush {
  return (accountId) => queue.enqueue('salesforce.push', { accountIds: [accountId], urgent: true });
}

/**
 * When an enrichment that a stage move asked for (or joined) finishes with something to show,
 * push the account's fields once: the trigger rows are marked as they are claimed, so a
 * repeated finish event or several Opportunities of one Account waiting on the same job
 * request one push per account. A failed enrichment has nothing new to push.
 */
export function wireStageTriggerPush(options: { events: EventBus; db: Db; requestPush: RequestPush; logger: Logger }): () => void {
  const log = options.logger.child({ component: 'salesforce-triggers' });
  return options.events.on('enrichment.finished', ({ jobId, status }) => {
    if (status === 'failed') return;
    void (async () => {
      const accountIds = await claimPushesForJob(options.db, jobId);
      for (const accountId of accountIds) await options.requestPush(accountId);
      if (accountIds.length > 0) log.info({ jobId, accountIds }, 'stage-triggered enrichment finished; push requested');
    })().catch((error: unknown) => log.error({ err: error, jobId }, 'could not request the Salesforce push of a stage-triggered enrichment'));
  });
}
