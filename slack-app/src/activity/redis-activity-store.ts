import type { Redis } from 'ioredis';
import { type AccountActivityStore, MAX_CHANGES_PER_DOMAIN, MAX_INTERESTS_PER_USER, type RecentChange, newestFirst } from './account-activity.ts';

/** Keys live under `<prefix>:slack:activity:`; each expires after `ttlSeconds` without writes. */
export interface RedisActivityStoreOptions {
  redis: Redis;
  prefix: string;
  /** Default 90 days. */
  ttlSeconds?: number;
}

/** The activity store shared by every Slack app process. */
export function createRedisActivityStore(options: RedisActivityStoreOptions): AccountActivityStore {
  const { redis } = options;
  const ttl = options.ttlSeconds ?? 90 * 86_400;
  const changesKey = (domain: string) => `${options.prefix}:slack:activity:changes:${domain}`;
  const interestsKey = (user: string) => `${options.prefix}:slack:activity:interests:${user}`;

  async function readChanges(domain: string): Promise<RecentChange[]> {
    const values = await redis.hvals(changesKey(domain));
    return values.map((v) => JSON.parse(v) as RecentChange).sort(newestFirst);
  }

  return {
    async recordChange(change) {
      const key = changesKey(change.domain);
      await redis.multi().hset(key, change.dedupeKey, JSON.stringify(change)).expire(key, ttl).exec();
      const all = await readChanges(change.domain);
      const stale = all.slice(MAX_CHANGES_PER_DOMAIN).map((c) => c.dedupeKey);
      if (stale.length > 0) await redis.hdel(key, ...stale);
    },
    async recentChanges(domain, limit) {
      return (await readChanges(domain)).slice(0, limit);
    },
    async recordInterest(slackUserId, domain, at = new Date()) {
      const key = interestsKey(slackUserId);
      await redis
        .multi()
        .zadd(key, at.getTime(), domain)
        // Keep the newest entries only (ranks are ascending by time).
        .zremrangebyrank(key, 0, -(MAX_INTERESTS_PER_USER + 1))
        .expire(key, ttl)
        .exec();
    },
    async interests(slackUserId, limit) {
      return redis.zrevrange(interestsKey(slackUserId), 0, limit - 1);
    },
  };
}
