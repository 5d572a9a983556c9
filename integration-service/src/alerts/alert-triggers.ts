import type { EventBus } from '../events/domain-events.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Where alerts start: every finished enrichment (its change events), every budget event and
 * every pause of the Salesforce sync for the API limit becomes an `alerts.match` job. A job
 * rather than inline work, so matching (rules, recipients, Slack hand-off) retries on its own
 * without re-running the enrichment, and runs on whichever worker is free. Job ids collapse
 * repeats while they wait: one match per enrichment job, one per budget event kind, team,
 * provider and month, one per Salesforce limit reason and day. Returns a function that unwires them.
 */
export function wireAlertTriggers(options: { events: EventBus; queue: Pick<JobQueue, 'enqueue'>; logger: Logger }): () => void {
  const { events, queue } = options;
  const log = options.logger.child({ component: 'alert-triggers' });
  const failed = (error: unknown) => log.error({ err: error }, 'could not queue alert matching');

  const offs = [
    events.on('enrichment.finished', ({ jobId, changeEvents }) => {
      // Nothing recorded, nothing to match: most refreshes find no change, and a job per
      // enrichment was a queue round trip and a query each. (Unknown: match, to be safe.)
      if (changeEvents === 0) return;
      queue.enqueue('alerts.match', { kind: 'enrichment', enrichmentJobId: jobId }, { jobId: `alerts.match-${jobId}` }).catch(failed);
    }),
    ...(['threshold', 'exceeded'] as const).map((event) =>
      events.on(`budget.${event}`, (payload) => {
        const occurredAt = new Date().toISOString();
        const id = `alerts.match-budget-${event}-${payload.teamId ?? 'org'}-${payload.provider ?? 'all'}-${occurredAt.slice(0, 7)}`;
        const job = { kind: 'budget' as const, event, teamId: payload.teamId, provider: payload.provider, limitUsd: payload.limitUsd, spentUsd: payload.spentUsd, occurredAt };
        queue.enqueue('alerts.match', job, { jobId: id }).catch(failed);
      }),
    ),
    events.on('salesforce.api_limit', (payload) => {
      const occurredAt = new Date().toISOString();
      const job = { kind: 'salesforce_api_limit' as const, ...payload, occurredAt };
      queue.enqueue('alerts.match', job, { jobId: `alerts.match-salesforce-limit-${payload.reason}-${occurredAt.slice(0, 10)}` }).catch(failed);
    }),
  ];
  return () => offs.forEach((off) => off());
}
