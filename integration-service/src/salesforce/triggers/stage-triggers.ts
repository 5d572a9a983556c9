import type { Connection } from 'jsforce';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../database/database.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logging/logger.ts';
import { handleStageMove, type SalesforceLookups } from './handle-stage-move.ts';
import { fetchAccountWebsite, fetchOpportunityAccounts } from './opportunity-queries.ts';
import type { StageMove, StageMoveResult } from './stage-move.ts';

export interface StageTriggersOptions {
  config: Pick<Config, 'salesforce'>;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  /** The Salesforce connection (from the connector's factory); without it only the webhook works, for Accounts it can name fully. */
  connection?: Connection;
}

/** The stage-change triggers of one process: the funnel every path calls, and the watchers. */
export interface StageTriggers {
  /** SALESFORCE_WEBHOOK_SECRET, for the webhook route. */
  readonly webhookSecret?: string;
  handleMove(move: StageMove): Promise<StageMoveResult>;
  /** Stops whatever watches Salesforce. Idempotent. */
  stop(): Promise<void>;
}

export function createStageTriggers(options: StageTriggersOptions): StageTriggers {
  const { config, db, queue, connection } = options;
  const logger = options.logger.child({ component: 'salesforce-triggers' });
  const salesforce = connection ? connectionLookups(connection) : undefined;
  const deps = { db, queue, stages: config.salesforce.triggers.stages, salesforce, logger };
  return {
    webhookSecret: config.salesforce.webhookSecret,
    handleMove: (move) => handleStageMove(deps, move),
    async stop() {},
  };
}

/** The funnel's Salesforce reads, through a jsforce Connection. */
export function connectionLookups(connection: Connection): SalesforceLookups {
  return {
    opportunityAccount: async (opportunityId) => (await fetchOpportunityAccounts(connection, [opportunityId])).get(opportunityId),
    accountWebsite: (accountId) => fetchAccountWebsite(connection, accountId),
  };
}
