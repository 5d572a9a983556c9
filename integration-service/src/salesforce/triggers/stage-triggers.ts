import type { Redis } from 'ioredis';
import type { Connection } from 'jsforce';
import type { Config } from '../../config/config.ts';
import { type LeaderLease, createLeaderLease } from '../../coordination/leader-lease.ts';
import type { Db } from '../../database/database.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logging/logger.ts';
import { handleStageMove, type SalesforceLookups } from './handle-stage-move.ts';
import { fetchAccountWebsite, fetchOpportunityAccounts } from './opportunity-queries.ts';
import { type PollSummary, pollStageMoves, startOpportunityPolling } from './opportunity-poller.ts';
import { startOpportunityCdc } from './opportunity-cdc.ts';
import type { StageMove, StageMoveResult } from './stage-move.ts';

export interface StageTriggersOptions {
  config: Pick<Config, 'salesforce'>;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  /** The Salesforce connection (from the connector's factory); without it only the webhook works, for Accounts it names fully. */
  connection?: Connection;
  /**
   * With Redis, one worker process of many watches (a lease under `<prefix>:salesforce-watch`);
   * the others stand by and take over within the lease's TTL when it dies.
   */
  redis?: Redis;
  redisPrefix?: string;
  /** The watch lease's TTL, ms (default 30 000). */
  watchLeaseTtlMs?: number;
}

/** The stage-change triggers of one process: the funnel every path calls, and the watchers. */
export interface StageTriggers {
  /** SALESFORCE_WEBHOOK_SECRET, for the webhook route. */
  readonly webhookSecret?: string;
  handleMove(move: StageMove): Promise<StageMoveResult>;
  /** One polling pass now (whatever PF_SALESFORCE_TRIGGER_POLL_MS says); needs a connection. */
  pollOnce(): Promise<PollSummary>;
  /** Starts polling and CDC as configured (worker processes), in the one process holding the watch lease. Without a connection it says so once. */
  startWatching(): Promise<void>;
  /** Whether this process is the one watching Salesforce now. */
  readonly watching: boolean;
  /** Stops whatever watches Salesforce. Idempotent. */
  stop(): Promise<void>;
}

export function createStageTriggers(options: StageTriggersOptions): StageTriggers {
  const { config, db, queue, connection } = options;
  const { stages, pollIntervalMs, cdcEnabled } = config.salesforce.triggers;
  const logger = options.logger.child({ component: 'salesforce-triggers' });
  const salesforce = connection ? connectionLookups(connection) : undefined;
  const deps = { db, queue, stages, salesforce, logger };
  const handleMove = (move: StageMove) => handleStageMove(deps, move);
  const pollOptions = (conn: Connection) => ({ db, connection: conn, stages, handleMove, logger, firstLookbackMs: pollIntervalMs || 300_000 });
  let lease: LeaderLease | undefined;

  return {
    webhookSecret: config.salesforce.webhookSecret,
    handleMove,
    pollOnce() {
      if (!connection) return Promise.reject(new Error('No Salesforce connection configured'));
      return pollStageMoves(pollOptions(connection));
    },
    async startWatching() {
      if (!connection) {
        logger.info('Salesforce not configured: stage changes arrive only through the Flow webhook');
        return;
      }
      if (!cdcEnabled && pollIntervalMs <= 0) return;
      // Every watcher would see the same changes and spend the same API calls: one process watches.
      lease = createLeaderLease({ redis: options.redis, key: `${options.redisPrefix ?? 'pf'}:salesforce-watch`, ttlMs: options.watchLeaseTtlMs, logger });
      await lease.run(async () => {
        const watchers: Array<{ stop(): Promise<void> }> = [];
        if (cdcEnabled) watchers.push(await startOpportunityCdc({ db, connection, stages, handleMove, logger }));
        if (pollIntervalMs > 0) watchers.push(startOpportunityPolling({ ...pollOptions(connection), intervalMs: pollIntervalMs }));
        return { stop: async () => void (await Promise.all(watchers.map((watcher) => watcher.stop()))) };
      });
    },
    get watching() {
      return lease?.leading ?? false;
    },
    async stop() {
      await lease?.stop();
    },
  };
}

/** The funnel's Salesforce reads, through a jsforce Connection. */
export function connectionLookups(connection: Connection): SalesforceLookups {
  return {
    opportunityAccount: async (opportunityId) => (await fetchOpportunityAccounts(connection, [opportunityId])).get(opportunityId),
    accountWebsite: (accountId) => fetchAccountWebsite(connection, accountId),
  };
}
