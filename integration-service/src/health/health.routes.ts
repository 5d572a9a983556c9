import { Router } from 'express';
import type { Redis } from 'ioredis';
import { checkDatabase } from '@partnerforge/migrations/connection';
import type { Db } from '../database/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ApiKeyWithUser } from '../auth/api-keys.repository.ts';
import { authenticate, callerOf } from '../auth/authenticate.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';
import { AppError } from '../errors/app-error.ts';
import { type DetailedHealthSources, describeDetailedHealth } from './detailed-health.ts';
import { type CheckResult, check } from './health-checks.ts';

export interface HealthDependencies {
  db: Db;
  redis?: Redis;
  queue: JobQueue;
  metrics: Metrics;
  databaseKind: 'postgres' | 'pglite';
  /** False once shutdown began, so load balancers stop routing here first. */
  isAccepting: () => boolean;
  /** Providers, circuits and Salesforce limits of `/health/detailed`. */
  health: DetailedHealthSources;
  /** The API's cache of key rows, shared with `/v1` (see `authenticate`). */
  keyCache?: TtlCache<ApiKeyWithUser | undefined>;
}

/**
 * `/health`, `/live`, `/ready` and `/metrics`: unauthenticated, for probes and scrapers.
 * `/health/detailed` shows internals (which providers have keys, API usage): admin keys only.
 */
export function healthRoutes(deps: HealthDependencies): Router {
  const router = Router();
  const startedAt = new Date();

  router.get('/live', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round(process.uptime()),
      mode: { database: deps.databaseKind, jobs: deps.queue.kind },
    });
  });

  router.get('/ready', async (_req, res) => {
    const [database, redis] = await Promise.all([
      check(() => checkDatabase(deps.db)),
      deps.redis ? check(() => (deps.redis as Redis).ping()) : Promise.resolve<CheckResult>({ status: 'not_configured' }),
    ]);
    const accepting = deps.isAccepting();
    const ready = accepting && database.status === 'ok' && redis.status !== 'down';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      ...(accepting ? {} : { reason: 'shutting down' }),
      checks: { database, redis },
    });
  });

  router.get('/health/detailed', authenticate({ db: deps.db, queue: deps.queue, keyCache: deps.keyCache }), async (req, res) => {
    if (callerOf(req).role !== 'admin') throw AppError.forbidden('The detailed health report is for admins');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await describeDetailedHealth({ ...deps, startedAt, sources: deps.health }));
  });

  router.get('/metrics', async (_req, res) => {
    // Queue depth is sampled when scraped rather than tracked on every transition.
    const counts = await deps.queue.counts().catch(() => undefined);
    if (counts) {
      for (const [job, byState] of Object.entries(counts)) {
        for (const [state, value] of Object.entries(byState)) deps.metrics.queueDepth.set({ job, state }, value);
      }
    }
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  return router;
}
