import type { Config } from '../config/config.ts';
import type { EventBus } from '../events/domain-events.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { type ApiBudgetState, createApiBudget } from './api-budget.ts';
import { createSessionProvider } from './salesforce-auth.ts';
import { type SalesforceClient, type SalesforceClientOptions, createSalesforceClient } from './salesforce-client.ts';

export interface SalesforceSetupOptions {
  config: Pick<Config, 'salesforce'>;
  events?: EventBus;
  metrics?: Metrics;
  logger: Logger;
  retry?: SalesforceClientOptions['retry'];
  now?: () => number;
  /** Receives the API budget's state after every reading (the runtime stores it for `/health/detailed`). */
  onBudgetChange?: (state: ApiBudgetState) => void;
}

/**
 * The Salesforce client of this process, or undefined when no credentials are configured:
 * then the connector says so once and its jobs and schedules stay off.
 */
export function setUpSalesforce(options: SalesforceSetupOptions): SalesforceClient | undefined {
  const salesforce = options.config.salesforce;
  const log = options.logger.child({ component: 'salesforce' });
  if (salesforce.auth.kind === 'off') {
    log.info('Salesforce credentials not configured (SALESFORCE_*): the Salesforce connector stays off');
    return undefined;
  }
  const budget = createApiBudget({ share: salesforce.limitShare, pauseMs: salesforce.limitPauseMs, events: options.events, metrics: options.metrics, logger: log, now: options.now, onChange: options.onBudgetChange });
  log.info({ auth: salesforce.auth.kind, apiVersion: salesforce.apiVersion }, 'Salesforce connector on');
  return createSalesforceClient({ apiVersion: salesforce.apiVersion, session: createSessionProvider(salesforce), budget, metrics: options.metrics, logger: log, retry: options.retry });
}
