import type { Redis } from 'ioredis';
import { type AlertDeliveryJob, AlertDeliveryJobSchema } from '@partnerforge/shared/schemas';
import { deliveryKey, destinationKey, destinationOf } from './destination.ts';

export interface DigestStoreOptions {
  redis: Redis;
  prefix: string;
  /** How long "already in a digest" is remembered, seconds. */
  dedupeTtlSeconds: number;
}

/** Removes the first `count` entries of a digest, and the destination once it is empty. */
const TAKE = `
redis.call('LTRIM', KEYS[1], tonumber(ARGV[1]), -1)
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return 1`;

/**
 * Alerts waiting for their destination's daily digest: one Redis list per destination and a
 * set of destinations with something pending. An alert joins a digest at most once.
 */
export function createDigestStore(options: DigestStoreOptions) {
  const { redis } = options;
  const base = `${options.prefix}:slack:alerts:digest`;
  const listKey = (destination: string) => `${base}:pending:${destination}`;
  const destinationsKey = `${base}:destinations`;

  return {
    /** Adds an alert to its destination's digest; false when it is already there. */
    async add(alert: AlertDeliveryJob): Promise<boolean> {
      const queued = await redis.set(`${base}:queued:${deliveryKey(alert)}`, '1', 'EX', options.dedupeTtlSeconds, 'NX');
      if (queued !== 'OK') return false;
      const destination = destinationKey(destinationOf(alert));
      await redis.multi().rpush(listKey(destination), JSON.stringify(alert)).sadd(destinationsKey, destination).exec();
      return true;
    },

    async destinations(): Promise<string[]> {
      return (await redis.smembers(destinationsKey)).sort();
    },

    /** The destination's pending alerts, oldest first, and how many entries were read. */
    async pending(destination: string): Promise<{ alerts: AlertDeliveryJob[]; count: number }> {
      const raw = await redis.lrange(listKey(destination), 0, -1);
      const alerts = raw.flatMap((entry) => {
        const parsed = AlertDeliveryJobSchema.safeParse(JSON.parse(entry));
        return parsed.success ? [parsed.data] : [];
      });
      return { alerts, count: raw.length };
    },

    /** Drops the first `count` entries (those just posted); later additions stay. */
    async take(destination: string, count: number): Promise<void> {
      await redis.eval(TAKE, 2, listKey(destination), destinationsKey, count, destination);
    },
  };
}

export type DigestStore = ReturnType<typeof createDigestStore>;
