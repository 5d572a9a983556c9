import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A failed delivery, kept for an operator to see (`HGETALL <prefix>:slack:alerts:failed`). */
export interface FailedDelivery {
  alertId: string;
  dedupeKey: string;
  destination: string;
  jobId: string | undefined;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface DeliveryLedgerOptions {
  redis: Redis;
  prefix: string;
  /** How long a delivery is remembered, seconds. */
  dedupeTtlSeconds: number;
}

/**
 * What was delivered, what is being delivered, and what failed, in Redis. A delivery record is
 * checked before posting and written (SET NX) only after Slack accepted the message; a short
 * lock keeps two runs of the same delivery from posting at the same time.
 */
export function createDeliveryLedger(options: DeliveryLedgerOptions) {
  const { redis } = options;
  const base = `${options.prefix}:slack:alerts`;
  const deliveredKey = (key: string) => `${base}:delivered:${key}`;
  const lockKey = (key: string) => `${base}:sending:${key}`;
  const failedKey = `${base}:failed`;

  return {
    keys: { failed: failedKey, delivered: deliveredKey },

    async isDelivered(key: string): Promise<boolean> {
      return (await redis.exists(deliveredKey(key))) === 1;
    },

    /** Records a delivery; false when it was already recorded. */
    async markDelivered(key: string, record: Record<string, unknown>): Promise<boolean> {
      const result = await redis.set(deliveredKey(key), JSON.stringify(record), 'EX', options.dedupeTtlSeconds, 'NX');
      return result === 'OK';
    },

    /** Takes the sending lock for `ttlMs`; returns a release function, or undefined when held. */
    async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
      const token = randomUUID();
      const taken = await redis.set(lockKey(key), token, 'PX', ttlMs, 'NX');
      if (taken !== 'OK') return undefined;
      return async () => {
        // Release only our own lock (it may have expired and been taken by another run).
        await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey(key), token);
      };
    },

    async recordFailure(key: string, failure: FailedDelivery): Promise<void> {
      await redis.hset(failedKey, key, JSON.stringify(failure));
    },

    async failures(): Promise<Record<string, FailedDelivery>> {
      const all = await redis.hgetall(failedKey);
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as FailedDelivery]));
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;
