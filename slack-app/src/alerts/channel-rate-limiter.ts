import type { Redis } from 'ioredis';

/**
 * At most one message per `intervalMs` to each Slack channel, across every worker process:
 * the next allowed time per channel lives in Redis and is claimed atomically (Redis's clock,
 * so workers with skewed clocks agree). Returns 0 when the caller may post now, otherwise how
 * long to wait, ms.
 */
const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt > now then return nextAt - now end
local interval = tonumber(ARGV[1])
if interval > 0 then redis.call('SET', KEYS[1], now + interval, 'PX', interval + 1000) end
return 0`;

/** Pushes the channel's next allowed time to at least now + `ms` (a 429's Retry-After). */
const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nextAt then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000) end
return until_`;

export interface ChannelRateLimiterOptions {
  redis: Redis;
  prefix: string;
  /** Least time between two messages to one channel, ms (Slack: about one per second). */
  intervalMs: number;
}

export interface ChannelRateLimiter {
  /** Claims the channel's next slot: 0 = post now, otherwise ms to wait before trying again. */
  claim(channelId: string): Promise<number>;
  /** Keeps the channel closed for `ms` (after a 429). */
  block(channelId: string, ms: number): Promise<void>;
  /**
   * Marks a message as just delivered: the next one waits a full interval from now, so a post
   * that left late after its claim does not arrive at Slack close behind the previous one.
   */
  sent(channelId: string): Promise<void>;
}

export function createChannelRateLimiter(options: ChannelRateLimiterOptions): ChannelRateLimiter {
  const key = (channelId: string) => `${options.prefix}:slack:ratelimit:channel:${channelId}`;
  return {
    async claim(channelId) {
      return Number(await options.redis.eval(CLAIM, 1, key(channelId), options.intervalMs));
    },
    async block(channelId, ms) {
      await options.redis.eval(BLOCK, 1, key(channelId), Math.ceil(ms));
    },
    async sent(channelId) {
      if (options.intervalMs > 0) await options.redis.eval(BLOCK, 1, key(channelId), options.intervalMs);
    },
  };
}
