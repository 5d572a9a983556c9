import type { Db } from '../database/database.ts';
import { touchApiKey } from '../auth/api-keys.repository.ts';
import type { EventBus } from '../events/domain-events.ts';
import type { ModuleRegistry } from '../enrichment/module-registry.ts';
import { runEnrichmentJob } from '../enrichment/orchestrator.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { JobHandlers } from './job-handlers.ts';
import type { JobQueue } from './job-queue.ts';
import { runAlertsMatchJob } from '../alerts/alerts-match.job.ts';
import type { RaiseAlertsDependencies } from '../alerts/raise-alerts.ts';
import type { SalesforceSync } from '../salesforce/salesforce-sync.ts';
import { applyRetention } from '../privacy/retention.ts';

export interface HandlerDependencies {
  db: Db;
  registry: ModuleRegistry;
  events: EventBus;
  logger: Logger;
  metrics?: Metrics;
  /** Enqueues follow-up jobs (alert deliveries); late-bound because the queue needs these handlers. */
  enqueue?: JobQueue['enqueue'];
  /** Links alerts carry (signed brief URL, Salesforce account page). */
  alertLinks?: RaiseAlertsDependencies['links'];
  /** The Salesforce connector; undefined without credentials (its jobs then do nothing). */
  salesforce?: SalesforceSync;
}

const SALESFORCE_OFF = { skipped: 'Salesforce is not configured (SALESFORCE_*)' };

/** Builds every job handler from the process's dependencies. */
export function createJobHandlers(deps: HandlerDependencies): JobHandlers {
  return {
    'api-keys.touch': async ({ keyId, usedAt }) => {
      await touchApiKey(deps.db, keyId, new Date(usedAt));
    },
    'alerts.match': async (payload, context) => {
      return runAlertsMatchJob({ db: deps.db, enqueue: deps.enqueue, links: deps.alertLinks, log: context.log }, payload);
    },
    'salesforce.pull': async ({ full }) => (deps.salesforce ? deps.salesforce.pull({ full }) : SALESFORCE_OFF),
    'salesforce.push': async ({ accountIds, urgent }) => (deps.salesforce ? deps.salesforce.push({ accountIds, urgent }) : SALESFORCE_OFF),
    'salesforce.refresh-stale': async ({ limit }) => (deps.salesforce ? deps.salesforce.refreshStale({ limit }) : SALESFORCE_OFF),
    'privacy.retention': async ({ now }, context) => {
      const result = await applyRetention(deps.db, now ? new Date(now) : new Date());
      context.log.info(result, 'retention applied');
      return result;
    },
    'enrich.domain': async ({ jobId }, context) => {
      return runEnrichmentJob(
        { db: deps.db, registry: deps.registry, events: deps.events, metrics: deps.metrics, logger: context.log, onProgress: (percent) => context.updateProgress(percent) },
        jobId,
      );
    },
  };
}
