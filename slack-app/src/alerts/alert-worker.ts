import { webApi } from '@slack/bolt';
import { DelayedError, type Job, Queue, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ALERTS_DELIVER_QUEUE } from '@partnerforge/shared/schemas';
import type { AccountActivityStore } from '../activity/account-activity.ts';
import { type Logger, toBoltLogger } from '../logger.ts';
import { createChannelRateLimiter } from './channel-rate-limiter.ts';
import {
  type AlertDeliveryDependencies,
  DeferDeliveryError,
  InvalidAlertError,
  deliverAlert,
  parseAlert,
  postDigests,
} from './deliver-alert.ts';
import { createDeliveryLedger } from './delivery-ledger.ts';
import { deliveryKey } from './destination.ts';
import { createDigestStore } from './digest-store.ts';
import { SlackPermanentError, SlackRateLimitedError, createSlackPoster } from './slack-poster.ts';

/** The queue (and job name) of the repeatable job that posts daily digests. */
export const ALERTS_DIGEST_QUEUE = 'alerts.digest';
const DIGEST_SCHEDULER_ID = 'alerts-daily-digest';

export interface AlertWorkerOptions {
  /** A connection for BullMQ (`maxRetriesPerRequest: null`); also used for the ledger and limiter. */
  connection: Redis;
  /** Key prefix shared with the producers of `alerts.deliver` (PF_REDIS_PREFIX). */
  prefix: string;
  /** See {@link createAlertSlackClient}: it must reject rate-limited calls. */
  slack: webApi.WebClient;
  activity: AccountActivityStore;
  logger: Logger;
  /** Deliveries run at once by this process (default 4). */
  concurrency?: number;
  /** Least time between two messages to one channel, ms (default 1 100). */
  channelIntervalMs?: number;
  /** Messages per second across the workspace, all channels together (default 20). */
  maxPerSecond?: number;
  /** How long a delivery is remembered, seconds (default 30 days). */
  dedupeTtlSeconds?: number;
  /** When digests are posted: an hour of the day (0–23) in an IANA time zone; false = no schedule. */
  digest: { hour: number; timeZone: string } | false;
}

/** The WebClient alert delivery needs: a 429 surfaces at once (the queue waits it out), no SDK retries. */
export function createAlertSlackClient(options: { token: string; slackApiUrl: string; logger: Logger }): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    slackApiUrl: `${options.slackApiUrl.replace(/\/+$/, '')}/`,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: toBoltLogger(options.logger),
  });
}

/** `2026-11-22` for `date` in `timeZone`. */
export function dayIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * Consumes `alerts.deliver` and runs the daily digest schedule. BullMQ outcomes: a 429 rate-limits
 * the whole queue for Retry-After (no attempt used); a busy channel or a concurrent run of the
 * same alert delays the job; an invalid payload or a permanent Slack refusal fails it at once;
 * anything else is retried with the job's backoff. A job that finally fails is logged and kept in
 * the `<prefix>:slack:alerts:failed` hash.
 */
export function createAlertWorker(options: AlertWorkerOptions) {
  const { connection, prefix } = options;
  const logger = options.logger.child({ component: 'alerts' });
  const dedupeTtlSeconds = options.dedupeTtlSeconds ?? 30 * 86_400;
  const ledger = createDeliveryLedger({ redis: connection, prefix, dedupeTtlSeconds });
  const digests = createDigestStore({ redis: connection, prefix, dedupeTtlSeconds });
  const deps: AlertDeliveryDependencies = {
    poster: createSlackPoster(options.slack),
    ledger,
    digests,
    limiter: createChannelRateLimiter({ redis: connection, prefix, intervalMs: options.channelIntervalMs ?? 1_100 }),
    activity: options.activity,
    logger,
  };
  const deliveryQueue = new Queue(ALERTS_DELIVER_QUEUE, { connection, prefix });
  const digestQueue = new Queue(ALERTS_DIGEST_QUEUE, { connection, prefix });
  const timeZone = options.digest ? options.digest.timeZone : 'UTC';

  async function outcome<T>(job: Job, token: string | undefined, queue: Queue, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SlackRateLimitedError) {
        logger.warn({ jobId: job.id, retryAfterMs: error.retryAfterMs }, 'slack rate limited; queue paused');
        await queue.rateLimit(error.retryAfterMs);
        throw new RateLimitError();
      }
      if (error instanceof DeferDeliveryError && token) {
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError();
      }
      if (error instanceof InvalidAlertError || error instanceof SlackPermanentError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  // A limiter is what lets a 429 pause the queue (BullMQ ignores manual rate limits without one).
  const limiter = { max: options.maxPerSecond ?? 20, duration: 1_000 };
  const deliveryWorker = new Worker(ALERTS_DELIVER_QUEUE, (job, token) => outcome(job, token, deliveryQueue, () => deliverAlert(deps, job.data)), {
    connection,
    prefix,
    concurrency: options.concurrency ?? 4,
    limiter,
    autorun: false,
  });
  const digestWorker = new Worker(ALERTS_DIGEST_QUEUE, (job, token) => outcome(job, token, digestQueue, () => postDigests(deps, dayIn(new Date(), timeZone))), {
    connection,
    prefix,
    concurrency: 1,
    limiter,
    autorun: false,
  });

  deliveryWorker.on('failed', (job, error) => {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) {
      logger.warn({ jobId: job.id, attemptsMade: job.attemptsMade, err: error }, 'alert delivery failed; will retry');
      return;
    }
    let key = `invalid|${job.id}`;
    let alertId = 'unknown';
    let dedupeKey = 'unknown';
    try {
      const alert = parseAlert(job.data);
      key = deliveryKey(alert);
      ({ alertId, dedupeKey } = alert);
    } catch {
      // Keyed by job id: an invalid payload has no delivery key.
    }
    logger.error({ jobId: job.id, alertId, dedupeKey, attemptsMade: job.attemptsMade, err: error }, 'alert delivery failed for good');
    ledger
      .recordFailure(key, { alertId, dedupeKey, destination: key.split('|').at(-1) ?? '', jobId: job.id, attempts: job.attemptsMade, error: error.message, failedAt: new Date().toISOString() })
      .catch((recordError: unknown) => logger.error({ err: recordError }, 'could not record the failed delivery'));
  });
  digestWorker.on('failed', (job, error) => logger.error({ jobId: job?.id, err: error }, 'daily digest run failed'));
  for (const worker of [deliveryWorker, digestWorker]) worker.on('error', (error) => logger.error({ err: error }, 'alert worker error'));

  return {
    ledger,
    digests,
    deliveryQueue,
    digestQueue,
    /** Registers the digest schedule and starts consuming. */
    async start(): Promise<void> {
      if (options.digest) {
        await digestQueue.upsertJobScheduler(
          DIGEST_SCHEDULER_ID,
          { pattern: `0 ${options.digest.hour} * * *`, tz: options.digest.timeZone },
          { name: ALERTS_DIGEST_QUEUE, data: {}, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
        );
      }
      void deliveryWorker.run();
      void digestWorker.run();
      await Promise.all([deliveryWorker.waitUntilReady(), digestWorker.waitUntilReady()]);
      logger.info({ queue: ALERTS_DELIVER_QUEUE, digest: options.digest }, 'alert worker started');
    },
    /** Posts the pending digests now (what the schedule runs), outside the queue. */
    runDigests: (now = new Date()) => postDigests(deps, dayIn(now, timeZone)),
    /** Lets running deliveries finish, then stops. */
    async close(): Promise<void> {
      await Promise.all([deliveryWorker.close(), digestWorker.close()]);
      await Promise.all([deliveryQueue.close(), digestQueue.close()]);
    },
  };
}

export type AlertWorker = ReturnType<typeof createAlertWorker>;
