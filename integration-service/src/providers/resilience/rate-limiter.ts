import type { Redis } from 'ioredis';
import { sleep } from './sleep.ts';

/**
 * Spaces calls to a vendor at `1 / perSecond` apart, whoever makes them: each `acquire` reserves
 * the next free slot ("next allowed time", the GCRA without burst) and waits until it comes.
 * N workers sharing one limiter therefore never exceed the rate together.
 */
export interface RateLimiter {
  /**
   * Resolves when the caller may send one request under `key` (e.g. the provider name) at
   * `perSecond` requests per second. Rejects with the signal's reason if it aborts first; the
   * reserved slot is then simply left unused.
   */
  acquire(key: string, perSecond: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Slots are spaced this much wider than `1 / perSecond`, to pace calls just under what the
 * admission log lets through (`perSecond` per {@link ADMISSION_WINDOW_MS}), so that a caller is
 * rarely turned back by it: 7.5 %, 46.5/s at 50/s.
 */
export const SLOT_MARGIN = 0.075;

function intervalMs(perSecond: number): number {
  if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError(`perSecond must be a positive number, got ${perSecond}`);
  return (1000 / perSecond) * (1 + SLOT_MARGIN);
}

/**
 * The window every admitted call is counted in, ms: a second, plus room for the time between
 * the admission (on Redis's clock) and the request reaching the vendor. That time is kept short
 * by {@link LATE_ANSWER_MS}; the rest of the room is for what happens after the check: a new
 * connection (a worker's first seconds), a GC pause, the vendor's side. At 1.05 s the bench's
 * stand-ins still counted 51–52 calls in the busiest second in about one run in five.
 */
export const ADMISSION_WINDOW_MS = 1_070;

/**
 * An admission whose answer took longer than this to reach the caller is stamped again before
 * the call goes. Calls admitted on time still reached the vendor unevenly: an event loop held by
 * a long task or a GC pause (50–100 ms, a dozen times a run in a saturated worker) read the
 * answer late and sent the call together with the next ones, so the log had to count over 1.1 s
 * to hold the vendor's second to the rate. Stamped again at the moment the caller goes on, an
 * admission is at most this much older than its request.
 */
export const LATE_ANSWER_MS = 10;

/**
 * How long a burst's start lasts, ms: from the first admission into an empty log. Its calls open
 * the connections the rest of the burst reuses.
 */
export const BURST_START_MS = 1_000;

/**
 * How much later an admission in a burst's start is counted, ms: by the time a new connection
 * takes before the request is on it. On a connection already open a request reaches the vendor
 * 2–3 ms after its admission; on a new one 50–210 ms later in the bench (the connect waits for an
 * event loop busy with the jobs that just began; across the internet TCP and TLS add two round
 * trips), so calls admitted first arrived together with later ones on open connections and the
 * stand-ins counted 51–56 calls in the second from 0.2–0.7 s at 50/s, in five runs of six.
 * Counted this much later, the burst's first calls hold back those after them instead; the cost
 * is about this long once per burst.
 */
export const NEW_CONNECTION_ALLOWANCE_MS = 250;

/**
 * Stamps again per call, at most: where every round trip is slower than {@link LATE_ANSWER_MS}
 * (a Redis far away, a machine thrashing) a caller must still go, after the window's room.
 */
const MAX_RESTAMPS = 2;

/** Redis's clock in microseconds, as `now`. */
const NOW_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
`;

/**
 * The second check, at the moment of sending: a slot says when a caller may go, but a caller on a
 * saturated event loop wakes late, and several late sleepers wake together (two busy workers
 * let 57 calls through in one second at 50/s). So a caller goes only if fewer than `perSecond`
 * calls were admitted in the last {@link ADMISSION_WINDOW_MS} (a log of admission times on the
 * server's clock); else it is told how long until the oldest leaves the window. `admit` returns
 * 0 (admitted, and recorded) or that wait in ms. Times are in microseconds; `%.0f` keeps them
 * exact (Lua's default number formatting would round them).
 *
 * An id still in the window is stamped again at `now` whatever the count: it is counted there
 * already, and every window ending now holds no more calls than the latest check allowed.
 *
 * An admission into an empty log starts a burst (the burst key lives {@link BURST_START_MS});
 * while it lives, admissions are stamped {@link NEW_CONNECTION_ALLOWANCE_MS} after `now`, when
 * their requests may reach the vendor. The log is then not sorted by admission, only by stamp,
 * which is all the window needs.
 */
const ADMIT_LUA = `
local function admit(logKey, burstKey, limit, windowUs, id, now, burstMs, allowanceUs)
  redis.call('ZREMRANGEBYSCORE', logKey, '-inf', string.format('%.0f', now - windowUs))
  local count = redis.call('ZCARD', logKey)
  if redis.call('ZSCORE', logKey, id) or count < limit then
    if count == 0 then redis.call('SET', burstKey, '1', 'PX', burstMs) end
    local stamp = now
    if redis.call('EXISTS', burstKey) == 1 then stamp = now + allowanceUs end
    redis.call('ZADD', logKey, string.format('%.0f', stamp), id)
    redis.call('PEXPIRE', logKey, math.ceil((windowUs + allowanceUs) / 1000) + 1000)
    return 0
  end
  local oldest = tonumber(redis.call('ZRANGE', logKey, 0, 0, 'WITHSCORES')[2])
  return math.max(1, math.ceil((oldest + windowUs - now) / 1000))
end
`;

/**
 * KEYS: the admission log, the burst key; ARGV: limit, window (µs), admission id, burst start
 * (ms), allowance (µs). Returns what `admit` does.
 */
const ADMIT_SCRIPT = `${NOW_LUA}${ADMIT_LUA}
return admit(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], now, tonumber(ARGV[4]), tonumber(ARGV[5]))
`;

/**
 * Reserves the next slot atomically on the Redis server, using the server's clock so workers
 * with skewed clocks still agree; when the slot is now, runs the admission check in the same
 * call (the usual case below the rate: one round trip, not two). KEYS: the slot, the admission
 * log, the burst key; ARGV: interval (µs), limit, window (µs), admission id, burst start (ms),
 * allowance (µs). Returns 0 (admitted, and recorded), a positive wait in ms for the slot (then
 * the admission check), or minus the wait in ms for the admission window.
 */
const ACQUIRE_SCRIPT = `${NOW_LUA}${ADMIT_LUA}
local interval = tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
local nextSlot = slot + interval
redis.call('SET', KEYS[1], string.format('%.0f', nextSlot), 'PX', math.ceil((nextSlot - now) / 1000) + 1000)
if slot > now then return math.ceil((slot - now) / 1000) end
return -admit(KEYS[2], KEYS[3], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], now, tonumber(ARGV[5]), tonumber(ARGV[6]))
`;

/** The scripts as ioredis commands: sent by SHA (EVALSHA), the text only when Redis lacks it. */
interface LimiterCommands {
  pfAcquireRateSlot(slotKey: string, logKey: string, burstKey: string, intervalUs: string, limit: string, windowUs: string, id: string, burstMs: string, allowanceUs: string): Promise<number>;
  pfAdmitRateCall(logKey: string, burstKey: string, limit: string, windowUs: string, id: string, burstMs: string, allowanceUs: string): Promise<number>;
}

function limiterCommands(redis: Redis): LimiterCommands {
  const commands = redis as unknown as Partial<LimiterCommands> & Redis;
  if (commands.pfAcquireRateSlot === undefined) {
    redis.defineCommand('pfAcquireRateSlot', { numberOfKeys: 3, lua: ACQUIRE_SCRIPT });
    redis.defineCommand('pfAdmitRateCall', { numberOfKeys: 2, lua: ADMIT_SCRIPT });
  }
  return commands as unknown as LimiterCommands;
}

let admissions = 0;
/** Unique per admission within this process; the pid keeps processes apart. */
const admissionId = () => `${process.pid}:${(admissions += 1)}:${Math.random().toString(36).slice(2, 8)}`;

/**
 * The limiter shared by every worker process through Redis: keys are `{prefix}:{key}` (e.g.
 * `pf:ratelimit:builtwith`) for the slots, `{prefix}:{key}:sent` for the admission log and
 * `{prefix}:{key}:burst` while a burst starts; they expire a second or so after their last use.
 */
export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  const commands = limiterCommands(redis);
  const windowUs = String(ADMISSION_WINDOW_MS * 1000);
  const burstMs = String(BURST_START_MS);
  const allowanceUs = String(NEW_CONNECTION_ALLOWANCE_MS * 1000);
  return {
    async acquire(key, perSecond, signal) {
      const intervalUs = String(Math.round(intervalMs(perSecond) * 1000));
      const limit = String(Math.max(1, Math.floor(perSecond)));
      const logKey = `${prefix}:${key}:sent`;
      const burstKey = `${prefix}:${key}:burst`;
      const id = admissionId();
      signal?.throwIfAborted();
      let askedAt = performance.now();
      // 0: admitted; > 0: the slot is that many ms ahead; < 0: the log is full for that long.
      let answer = Number(await commands.pfAcquireRateSlot(`${prefix}:${key}`, logKey, burstKey, intervalUs, limit, windowUs, id, burstMs, allowanceUs));
      let restamps = 0;
      for (;;) {
        if (answer === 0) {
          if (performance.now() - askedAt <= LATE_ANSWER_MS || restamps === MAX_RESTAMPS) return;
          restamps += 1;
        } else {
          await sleep(Math.abs(answer), signal);
        }
        signal?.throwIfAborted();
        // Not admitted yet: ask again. Admitted, but the answer came late: stamp it again, now.
        askedAt = performance.now();
        answer = Number(await commands.pfAdmitRateCall(logKey, burstKey, limit, windowUs, id, burstMs, allowanceUs));
      }
    },
  };
}

/** The same spacing and admission check within one process: the embedded default, when there is no Redis. */
export function createMemoryRateLimiter(now: () => number = () => performance.now()): RateLimiter {
  const nextSlot = new Map<string, number>();
  // Per key: the admissions' stamps, ascending, and when the current burst's start ends.
  const admitted = new Map<string, number[]>();
  const burstStartEnds = new Map<string, number>();
  return {
    async acquire(key, perSecond, signal) {
      const interval = intervalMs(perSecond);
      signal?.throwIfAborted();
      const current = now();
      const slot = Math.max(current, nextSlot.get(key) ?? 0);
      nextSlot.set(key, slot + interval);
      const waitMs = slot - current;
      // Always yield first: the check must see the time the caller actually goes on at, which is
      // after whatever synchronous work is running now, not the time it asked.
      await (waitMs > 0 ? sleep(waitMs, signal) : undefined);
      const limit = Math.max(1, Math.floor(perSecond));
      const log = admitted.get(key) ?? [];
      admitted.set(key, log);
      for (;;) {
        signal?.throwIfAborted();
        const at = now();
        while (log.length > 0 && (log[0] as number) <= at - ADMISSION_WINDOW_MS) log.shift();
        if (log.length < limit) {
          if (log.length === 0) burstStartEnds.set(key, at + BURST_START_MS);
          const stamp = at < (burstStartEnds.get(key) as number) ? at + NEW_CONNECTION_ALLOWANCE_MS : at;
          // A stamp after the burst's start can be earlier than the last ones stamped in it.
          const position = log.findLastIndex((earlier) => earlier <= stamp) + 1;
          log.splice(position, 0, stamp);
          return;
        }
        await sleep(Math.max(1, Math.ceil((log[0] as number) + ADMISSION_WINDOW_MS - at)), signal);
      }
    },
  };
}
