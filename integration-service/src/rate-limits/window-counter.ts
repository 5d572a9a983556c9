import type { Redis } from 'ioredis';

/** The state of one fixed window after a hit. */
export interface WindowHit {
  /** Hits in the window, this one included. */
  count: number;
  /** When the window ends, ms since the epoch. */
  resetAtMs: number;
}

/**
 * Counts hits in fixed windows (a minute, a day), shared by every API process through Redis.
 * A fixed window is what the X-RateLimit-Reset header can state honestly: one reset time.
 */
export interface WindowCounter {
  /** Counts `amount` hits (default 1: a batch of enrichments counts each of its domains). */
  hit(key: string, windowMs: number, amount?: number): Promise<WindowHit>;
}

// INCRBY and the window's expiry in one round trip; the window starts with the server's clock.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;

/** Windows in Redis under `{prefix}:ratelimit:{key}`. */
export function createRedisWindowCounter(redis: Redis, prefix: string): WindowCounter {
  return {
    async hit(key, windowMs, amount = 1) {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, `${prefix}:ratelimit:${key}`, String(windowMs), String(amount))) as [number, number];
      return { count, resetAtMs: Date.now() + ttl };
    },
  };
}

/** The same windows in this process (the embedded default, without Redis). */
export function createMemoryWindowCounter(now: () => number = Date.now): WindowCounter {
  const windows = new Map<string, WindowHit>();
  return {
    async hit(key, windowMs, amount = 1) {
      const at = now();
      let window = windows.get(key);
      if (!window || window.resetAtMs <= at) {
        // Drop expired windows now and then, so the map does not grow with every key ever seen.
        if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAtMs <= at) windows.delete(k);
        window = { count: 0, resetAtMs: at + windowMs };
        windows.set(key, window);
      }
      window.count += amount;
      return { ...window };
    },
  };
}
