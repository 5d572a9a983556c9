import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';

/** What the leader runs while it leads; stopped when the lease is lost or given up. */
export interface LeaderDuty {
  stop(): Promise<void>;
}

export interface LeaderLeaseOptions {
  /** Without Redis this process is the only one: it leads at once and for good. */
  redis?: Redis;
  /** The lease's Redis key (under the deployment's prefix). */
  key: string;
  /** How long a lease lives unrenewed, ms: how long a dead leader's duty waits for a successor. */
  ttlMs?: number;
  /** How often the leader renews and the others try to take over, ms. */
  renewEveryMs?: number;
  logger: Logger;
}

export interface LeaderLease {
  /** Whether this process holds the lease now. */
  readonly leading: boolean;
  /** Starts competing; `start` runs each time this process becomes the leader. */
  run(start: () => Promise<LeaderDuty>): Promise<void>;
  /** Stops the duty and hands the lease back at once (so a successor need not wait out the TTL). Idempotent. */
  stop(): Promise<void>;
}

// Renew or release only a lease this process still holds: another may hold it since ours expired.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One process of many does a duty (watching Salesforce for stage changes): a Redis lease
 * (`SET NX PX`, renewed by its holder) names it. The holder renews every `renewEveryMs`; when it
 * dies, its lease expires after `ttlMs` and the next process to try takes over. Losing the
 * lease (Redis said no, or could not be reached in time) stops the duty before another can start it.
 */
export function createLeaderLease(options: LeaderLeaseOptions): LeaderLease {
  const ttlMs = options.ttlMs ?? 30_000;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  const log = options.logger.child({ component: 'leader-lease', lease: options.key });
  const token = `${process.pid}:${randomUUID()}`;
  let leading = false;
  let duty: LeaderDuty | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let start: (() => Promise<LeaderDuty>) | undefined;
  let tick: Promise<void> = Promise.resolve();

  async function lead(): Promise<void> {
    leading = true;
    log.info('leading');
    try {
      duty = await (start as () => Promise<LeaderDuty>)();
    } catch (error) {
      log.error({ err: error }, 'could not start the duty; handing the lease back');
      await abdicate();
    }
  }

  async function abdicate(): Promise<void> {
    leading = false;
    const current = duty;
    duty = undefined;
    await current?.stop().catch((error: unknown) => log.warn({ err: error }, 'could not stop the duty'));
  }

  // ioredis queues commands while disconnected: bound each one, or a leader cut off from Redis
  // would wait on its renewal past the TTL while a successor starts the same duty.
  const bounded = <T>(command: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`Redis did not answer within ${renewEveryMs} ms`)), renewEveryMs);
      command.then(resolve, reject).finally(() => clearTimeout(limit));
    });

  async function attempt(): Promise<void> {
    const redis = options.redis as Redis;
    try {
      if (leading) {
        const renewed = Number(await bounded(redis.eval(RENEW, 1, options.key, token, String(ttlMs))));
        if (renewed !== 1) {
          log.warn('lease lost; stopping the duty');
          await abdicate();
        }
      } else if ((await bounded(redis.set(options.key, token, 'PX', ttlMs, 'NX'))) === 'OK') {
        await lead();
      }
    } catch (error) {
      // Unreachable Redis: a leader that cannot renew must assume another will take over.
      log.warn({ err: error }, 'could not reach Redis for the lease');
      if (leading) await abdicate();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      tick = attempt().finally(schedule);
    }, renewEveryMs);
    timer.unref();
  }

  return {
    get leading() {
      return leading;
    },
    async run(startDuty) {
      start = startDuty;
      if (!options.redis) {
        await lead();
        return;
      }
      tick = attempt();
      await tick;
      schedule();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await tick;
      const wasLeading = leading;
      await abdicate();
      if (wasLeading && options.redis) await bounded(options.redis.eval(RELEASE, 1, options.key, token)).catch((error: unknown) => log.warn({ err: error }, 'could not release the lease'));
    },
  };
}
