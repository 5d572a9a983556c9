import { Router } from 'express';
import type { Redis } from 'ioredis';
import { checkDatabase } from '@partnerforge/migrations/connection';
import type { Db } from '../database/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface HealthDependencies {
  db: Db;
  redis?: Redis;
  queue: JobQueue;
  metrics: Metrics;
  databaseKind: 'postgres' | 'pglite';
  /** False once shutdown began, so load balancers stop routing here first. */
  isAccepting: () => boolean;
}

type CheckResult = { status: 'ok' } | { status: 'down'; error: string } | { status: 'not_configured' };

async function check(probe: () => Promise<unknown>, timeoutMs = 2_000): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** `/health`, `/live`, `/ready` and `/metrics`: unauthenticated, for probes and scrapers. */
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
