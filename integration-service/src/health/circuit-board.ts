import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';
import type { CircuitSnapshot, CircuitStatus } from '../providers/resilience/circuit-status.ts';

/** One process's breaker of one provider, as published to Redis. */
export interface CircuitReport extends CircuitSnapshot {
  /** `host:pid` of the publishing process. */
  processId: string;
  /** When the process last wrote or refreshed the report (ISO 8601). */
  reportedAt: string;
}

export interface CircuitBoardOptions {
  redis: Redis;
  /** The deployment's PF_REDIS_PREFIX; the hash is `<prefix>:health:circuits`. */
  prefix: string;
  status: CircuitStatus;
  /** Default `host:pid`. */
  processId?: string;
  /** How often this process rewrites its reports, ms. Default 15 000. */
  refreshMs?: number;
  /** A report not refreshed for this long is dropped by readers (its process is gone), ms. Default 60 000. */
  staleMs?: number;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Publishes this process's breaker transitions to a Redis hash (one field per provider and
 * process), refreshed on a timer so that a report whose process died ages out; the api reads
 * the hash to show the breakers of worker processes.
 */
export interface CircuitBoard {
  readonly processId: string;
  /** Removes this process's reports (a clean shutdown) and stops refreshing. */
  close(): Promise<void>;
}

/** The id a process publishes its breakers under: `host:pid`. */
export const defaultProcessId = () => `${hostname()}:${process.pid}`;

export const DEFAULT_CIRCUIT_STALE_MS = 60_000;

export const circuitBoardKey = (prefix: string) => `${prefix}:health:circuits`;

export function startCircuitBoard(options: CircuitBoardOptions): CircuitBoard {
  const { redis, status, logger } = options;
  const now = options.now ?? (() => new Date());
  const key = circuitBoardKey(options.prefix);
  const processId = options.processId ?? defaultProcessId();
  const staleMs = options.staleMs ?? DEFAULT_CIRCUIT_STALE_MS;
  // Only breakers that ever changed are published: an api process's idle policies add nothing.
  const published = new Set<string>();
  const field = (provider: string) => `${provider}|${processId}`;

  const write = (snapshots: CircuitSnapshot[]) => {
    if (snapshots.length === 0) return;
    const reportedAt = now().toISOString();
    const fields = snapshots.flatMap((s) => [field(s.provider), JSON.stringify({ ...s, processId, reportedAt } satisfies CircuitReport)]);
    // The whole hash expires when no process is left to refresh it.
    redis
      .multi()
      .hset(key, ...fields)
      .pexpire(key, staleMs * 2)
      .exec()
      .catch((error: unknown) => logger?.warn({ err: error }, 'could not publish circuit states'));
  };

  const unsubscribe = status.onChange((snapshot) => {
    published.add(snapshot.provider);
    write([snapshot]);
  });
  const refresh = () => write(status.snapshots().filter((s) => published.has(s.provider)));
  const timer = setInterval(refresh, options.refreshMs ?? 15_000);
  timer.unref();

  return {
    processId,
    async close() {
      clearInterval(timer);
      unsubscribe();
      if (published.size === 0) return;
      await redis.hdel(key, ...[...published].map(field)).catch(() => undefined);
    },
  };
}

/** The fresh reports of every process; stale ones (their process stopped refreshing) are removed. */
export async function readCircuitReports(redis: Redis, prefix: string, options: { staleMs?: number; now?: () => Date } = {}): Promise<CircuitReport[]> {
  const key = circuitBoardKey(prefix);
  const staleMs = options.staleMs ?? DEFAULT_CIRCUIT_STALE_MS;
  const cutoff = (options.now ?? (() => new Date()))().getTime() - staleMs;
  const fields = await redis.hgetall(key);
  const fresh: CircuitReport[] = [];
  const stale: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const report = parseReport(value);
    if (report && Date.parse(report.reportedAt) >= cutoff) fresh.push(report);
    else stale.push(name);
  }
  if (stale.length) await redis.hdel(key, ...stale).catch(() => undefined);
  return fresh;
}

function parseReport(value: string): CircuitReport | undefined {
  try {
    const report = JSON.parse(value) as CircuitReport;
    return typeof report.provider === 'string' && typeof report.reportedAt === 'string' ? report : undefined;
  } catch {
    return undefined;
  }
}
