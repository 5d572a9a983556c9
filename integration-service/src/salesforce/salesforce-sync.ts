import type { BriefLinks } from '../briefs/brief-links.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../database/database.ts';
import type { ModuleRegistry } from '../enrichment/module-registry.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { type RefreshStaleSummary, refreshStaleIntel } from './refresh-stale.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { type PullOptions, type PullSummary, pullProspects } from './salesforce-pull.ts';
import { type PushOptions, type PushSummary, pushAccountFields } from './salesforce-push.ts';

/** The Salesforce connector's operations, bound to this process's dependencies (jobs and CLI share it). */
export interface SalesforceSync {
  readonly client: SalesforceClient;
  pull(options?: PullOptions): Promise<PullSummary>;
  push(options?: PushOptions): Promise<PushSummary>;
  refreshStale(options?: { limit?: number }): Promise<RefreshStaleSummary>;
}

export interface SalesforceSyncOptions {
  db: Db;
  client: SalesforceClient;
  config: Pick<Config, 'salesforce'>;
  briefLinks: BriefLinks;
  registry: ModuleRegistry;
  enqueue: JobQueue['enqueue'];
  logger: Logger;
}

export function createSalesforceSync(options: SalesforceSyncOptions): SalesforceSync {
  const { db, client, briefLinks, registry, enqueue } = options;
  const sf = options.config.salesforce;
  const logger = options.logger.child({ component: 'salesforce-sync' });
  return {
    client,
    pull: (pullOptions) => pullProspects({ db, client, prospectFilter: sf.prospectFilter, bulkThreshold: sf.bulkThreshold, logger }, pullOptions),
    push: (pushOptions) => pushAccountFields({ db, client, briefLinks, fieldMapping: sf.fieldMapping, retryBaseMs: sf.pushRetryBaseMs, logger }, pushOptions),
    refreshStale: (refreshOptions) => refreshStaleIntel({ db, registry, enqueue }, { limit: refreshOptions?.limit ?? sf.refreshBatch }),
  };
}
