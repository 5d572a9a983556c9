import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_REDIS_URL, randomPrefix } from '../../../test/support/test-env.ts';
import { NEW_CONNECTION_ALLOWANCE_MS, createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.ts';

const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  connections.push(redis);
  return redis;
};
afterAll(async () => {
  await Promise.all(connections.map((redis) => redis.quit()));
});

/** Two limiters the way two worker processes would have them: separate instances, one store. */
type PairFactory = () => [RateLimiter, RateLimiter];
const factories: Array<[string, PairFactory]> = [
  [
    'redis',
    () => {
      const prefix = randomPrefix();
      return [createRedisRateLimiter(connect(), prefix), createRedisRateLimiter(connect(), prefix)];
    },
  ],
  [
    'memory',
    () => {
      const limiter = createMemoryRateLimiter();
      return [limiter, limiter];
    },
  ],
];

describe.each(factories)('%s rate limiter', (_kind, createPair) => {
  let first: RateLimiter;
  let second: RateLimiter;
  beforeAll(() => {
    [first, second] = createPair();
  });

  it('spaces 20 acquisitions at 50/s across two instances over at least ~380 ms', async () => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).acquire('spacing', 50)));
    const elapsed = performance.now() - started;
    // 19 gaps of 20 ms after the first, immediate, slot; a little slack for timer rounding.
    expect(elapsed).toBeGreaterThanOrEqual(375);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('never lets more than the rate go in any second, even when a busy event loop wakes sleepers late', async () => {
    const sentAt: number[] = [];
    const calls = Array.from({ length: 15 }, (_, i) =>
      (i % 2 === 0 ? first : second).acquire('late-wakers', 10).then(() => sentAt.push(performance.now())),
    );
    // Hold the event loop past most slots (as a saturated worker does): their sleepers all wake at once.
    const blockedUntil = performance.now() + 1_200;
    while (performance.now() < blockedUntil) {
      // busy
    }
    await Promise.all(calls);
    sentAt.sort((a, b) => a - b);
    const mostInOneSecond = Math.max(...sentAt.map((start) => sentAt.filter((t) => t >= start && t < start + 1_000).length));
    expect(mostInOneSecond).toBeLessThanOrEqual(10);
  });

  it('keeps keys independent', async () => {
    await first.acquire('key-a', 1);
    const started = performance.now();
    await second.acquire('key-b', 1);
    expect(performance.now() - started).toBeLessThan(100);
    // key-a's next slot is a second away: a 100 ms budget is not enough.
    await expect(first.acquire('key-a', 1, AbortSignal.timeout(100))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects at once with an already aborted signal and refuses a non-positive rate', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    await expect(first.acquire('aborted', 5, controller.signal)).rejects.toThrow('job cancelled');
    await expect(first.acquire('zero', 0)).rejects.toThrow(RangeError);
  });
});

describe('redis rate limiter', () => {
  it('admits a call below the rate in the same round trip as its slot: one script call, the admission recorded', async () => {
    const redis = connect();
    const prefix = randomPrefix();
    const limiter = createRedisRateLimiter(redis, prefix);
    // The first call on a Redis without the script sends it once more in full (EVALSHA, then EVAL).
    await limiter.acquire('warm-up', 50);
    // MONITOR sees every client's commands; count only the scripts that name this test's keys.
    const monitor = await connect().monitor();
    const scripts: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^eval/i.test(args[0] ?? '') && args.some((arg) => arg.startsWith(`${prefix}:one-trip`))) scripts.push(String(args[0]).toLowerCase());
    });
    await limiter.acquire('one-trip', 50);
    await redis.ping(); // MONITOR lines arrive in order: once this one's reply is back, the script's line has been sent
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.disconnect();
    expect(scripts).toHaveLength(1);
    expect(await redis.zcard(`${prefix}:one-trip:sent`)).toBe(1);
  });
});

/** Redis's clock, µs: the admission log's times are on it. */
const redisNowUs = async (redis: Redis) => {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000_000 + Number(micros);
};

describe('redis rate limiter, an answer read late', () => {
  it('stamps the admission again when its answer waited behind a held event loop, so the log holds when the call went', async () => {
    const redis = connect();
    const prefix = randomPrefix();
    const limiter = createRedisRateLimiter(redis, prefix);
    await limiter.acquire('warm-up', 50); // the scripts are loaded: the next acquire is one EVALSHA
    const acquired = limiter.acquire('late-answer', 50);
    // The script runs and answers at once; the answer then waits while this loop is held (a long task, a GC pause).
    const heldUntil = performance.now() + 200;
    while (performance.now() < heldUntil) {
      // busy
    }
    await acquired;
    const wentAtUs = await redisNowUs(redis);
    const log = await redis.zrange(`${prefix}:late-answer:sent`, '0', '-1', 'WITHSCORES');
    expect(log).toHaveLength(2); // one admission, stamped again rather than added twice
    // Stamped when its answer was read (~200 ms after the script first ran), not when it was first
    // admitted; as the first call of a burst, the allowance for a new connection after that.
    const stampedAtUs = Number(log[1]) - NEW_CONNECTION_ALLOWANCE_MS * 1000;
    expect(Math.abs(wentAtUs - stampedAtUs)).toBeLessThan(100_000);
  });
});

describe('redis rate limiter, a burst starting', () => {
  it("counts the admissions of a burst's first second later by a new connection's time, and those after it when they go", async () => {
    const redis = connect();
    const prefix = randomPrefix();
    const limiter = createRedisRateLimiter(redis, prefix);
    await limiter.acquire('warm-up', 50);
    const stampOf = async () => {
      const log = await redis.zrange(`${prefix}:burst:sent`, '-1', '-1', 'WITHSCORES');
      return Number(log[1]);
    };
    await limiter.acquire('burst', 50);
    const firstAheadUs = (await stampOf()) - (await redisNowUs(redis));
    expect(firstAheadUs).toBeGreaterThan((NEW_CONNECTION_ALLOWANCE_MS - 50) * 1000);
    expect(firstAheadUs).toBeLessThanOrEqual(NEW_CONNECTION_ALLOWANCE_MS * 1000);
    // Past the burst's first second (its first call still in the log): counted when it goes.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await limiter.acquire('burst', 50);
    const laterAheadUs = (await stampOf()) - (await redisNowUs(redis));
    expect(Math.abs(laterAheadUs)).toBeLessThan(50_000);
    expect(await redis.zcard(`${prefix}:burst:sent`)).toBe(2);
  });
});

/**
 * When each of `count` calls to one memory limiter at `perSecond` went, on a test clock stepped
 * 1 ms at a time up to `untilMs` (a timer due within a step sees the clock at the step's start).
 */
async function sendTimesOnTestClock(count: number, perSecond: number, untilMs: number): Promise<number[]> {
  let clock = 0;
  const limiter = createMemoryRateLimiter(() => clock);
  const sendTimes: number[] = [];
  vi.useFakeTimers();
  try {
    const calls = Array.from({ length: count }, () => limiter.acquire('test-clock', perSecond).then(() => sendTimes.push(clock)));
    for (let t = 0; t <= untilMs; t++) {
      clock = t;
      await vi.advanceTimersByTimeAsync(1);
    }
    await Promise.all(calls);
  } finally {
    vi.useRealTimers();
  }
  return sendTimes;
}

describe('slot margin', () => {
  it('spaces calls at 50/s 21.5 ms apart, so 51 slots span more than a second plus ~20 ms and a call sent late cannot make 51 in one second', async () => {
    // Within a burst's first second: the admission log (later, see below) holds no call back.
    const sendTimes = await sendTimesOnTestClock(41, 50, 900);
    expect(sendTimes).toHaveLength(41);
    // 40 gaps of 21.5 ms (less this test clock's 1 ms steps); at 20 ms, 800.
    expect((sendTimes[40] as number) - (sendTimes[0] as number)).toBeGreaterThanOrEqual(40 * 21.5 - 2);
  });
});

describe('burst start', () => {
  it("holds the call after a burst's first second until the first call's count, taken a new connection later, leaves the window", async () => {
    // At 10/s the slots are 107.5 ms apart: ten fall in the burst's first second, the 11th at 1,075 ms.
    const sendTimes = await sendTimesOnTestClock(12, 10, 1_500);
    expect(sendTimes).toHaveLength(12);
    // The first ten go at their slots; their counts sit in the log from 250 ms to 1,217.5 ms.
    expect(sendTimes[9]).toBeLessThan(1_000);
    // The 11th waits for the first call's count (250 ms) to leave the 1,070 ms window: 1,320 ms (less the test clock's 1 ms steps), not its 1,075 ms slot.
    expect(sendTimes[10]).toBeGreaterThanOrEqual(1_315);
    // The 12th, for the second call's count: 357.5 + 1,070 ms.
    expect(sendTimes[11]).toBeGreaterThanOrEqual(1_420);
  });
});
