import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { apiKeysRoutes } from './auth/api-keys.routes.ts';
import { authenticate } from './auth/authenticate.ts';
import { actingFor } from './access/acting-for.ts';
import { createAccountGuard } from './access/account-guard.ts';
import { rateLimit } from './rate-limits/rate-limit.middleware.ts';
import { auditOtherOwnerReads } from './audit/audit-account-reads.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { orgRoutes } from './org/org.routes.ts';
import { createMemoryWindowCounter, createRedisWindowCounter } from './rate-limits/window-counter.ts';
import type { Db } from './database/database.ts';
import { healthRoutes } from './health/health.routes.ts';
import type { DetailedHealthSources } from './health/detailed-health.ts';
import { errorMiddleware, notFoundHandler } from './http/error-middleware.ts';
import { requestContext } from './http/request-context.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { Logger } from './logging/logger.ts';
import type { Metrics } from './metrics/metrics.ts';
import { meRoutes } from './users/me.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { enrichmentRoutes } from './enrichment/enrichment.routes.ts';
import type { ModuleRegistry } from './enrichment/module-registry.ts';
import type { ModuleId } from './enrichment/module-types.ts';
import { intelRoutes } from './intel/intel.routes.ts';
import { intelLookupRoutes } from './intel/intel-lookup.routes.ts';
import { historyRoutes } from './history/history.routes.ts';
import { alertRoutes } from './alerts/alert-rules.routes.ts';
import { briefRoutes } from './briefs/brief.routes.ts';
import type { BriefLinks } from './briefs/brief-links.ts';
import { salesforceAccountUrl } from './briefs/salesforce-links.ts';
import type { Config } from './config/config.ts';
import { OPPORTUNITY_WEBHOOK_PATH, opportunityWebhookRoutes } from './salesforce/triggers/opportunity-webhook.routes.ts';
import type { StageTriggers } from './salesforce/triggers/stage-triggers.ts';
import type { ReadCaches } from './cache/read-caches.ts';
import { EVERY_KEY } from './cache/invalidation-bus.ts';

export interface AppDependencies {
  db: Db;
  databaseKind: 'postgres' | 'pglite';
  redis?: Redis;
  queue: JobQueue;
  enrichment: { registry: ModuleRegistry };
  logger: Logger;
  metrics: Metrics;
  /** Largest accepted JSON body, bytes. */
  bodyLimitBytes: number;
  isAccepting?: () => boolean;
  /** Signs and checks the links of `/briefs/:domain`. */
  briefLinks: BriefLinks;
  config: Pick<Config, 'salesforce' | 'redis' | 'rateLimits'>;
  /** Receives the Salesforce Flow webhook's stage changes. */
  stageTriggers: Pick<StageTriggers, 'webhookSecret' | 'handleMove'>;
  /** Caches of the hot reads; without them every request reads the database. */
  caches?: ReadCaches;
  /** What `/health/detailed` reports on besides the probes' checks. */
  health: DetailedHealthSources;
}

/** Builds the HTTP app from its dependencies; starting and stopping it is the caller's job. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  app.use(requestContext(deps.logger.child({ component: 'http' }), deps.metrics));
  // Before the JSON parser (its HMAC covers the raw body) and outside the API-key check of /v1;
  // a route of its own, so no other request descends into its router.
  app.post(OPPORTUNITY_WEBHOOK_PATH, opportunityWebhookRoutes({ secret: deps.stageTriggers.webhookSecret, handleMove: (move) => deps.stageTriggers.handleMove(move), bodyLimitBytes: deps.bodyLimitBytes }));
  const parseJson = express.json({ limit: deps.bodyLimitBytes });
  // Reads carry no body: skipping the parser spares every GET its content-type checks.
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : parseJson(req, res, next)));

  const v1 = express.Router();
  const { caches } = deps;
  v1.use(authenticate({ db: deps.db, queue: deps.queue, keyCache: caches?.apiKeys }));
  v1.use(actingFor(deps.db));
  if (deps.config.rateLimits.enabled) {
    v1.use(rateLimit(deps.redis ? createRedisWindowCounter(deps.redis, deps.config.redis.prefix) : createMemoryWindowCounter()));
  }
  // The role matrix: every read of one account's data goes through this guard.
  const guard = createAccountGuard({ db: deps.db, onRead: auditOtherOwnerReads(deps.db), ownership: caches?.accountOwnership });
  // The hottest reads first: each router mounted before them is tried, and passed, on every request.
  const intelOptions = { ttlMs: (module: ModuleId) => deps.enrichment.registry.get(module).ttlMs, cache: caches?.intel, aliases: caches?.aliases };
  v1.use(intelRoutes(deps.db, intelOptions, guard));
  v1.use(intelLookupRoutes(deps.db, intelOptions, guard));
  v1.use(meRoutes());
  v1.use(usersRoutes(deps.db));
  v1.use(apiKeysRoutes(deps.db, { onRevoked: (prefix) => caches?.bus.publish('api-key', prefix) }));
  v1.use(enrichmentRoutes({ db: deps.db, queue: deps.queue, aliases: caches?.aliases, guard, concurrencyCap: deps.config.rateLimits.enrichmentConcurrencyPerUser }));
  v1.use(historyRoutes(deps.db, guard));
  v1.use(alertRoutes(deps.db));
  v1.use(auditRoutes(deps.db));
  v1.use(privacyRoutes(deps.db));
  v1.use(orgRoutes(deps.db, guard, (domain) => caches?.bus.publish('account-access', domain ?? EVERY_KEY)));
  app.use('/v1', v1);
  // After /v1: the API's requests never pass through the probes' router.
  app.use(healthRoutes({ ...deps, isAccepting: deps.isAccepting ?? (() => true), keyCache: caches?.apiKeys }));
  // Outside /v1: the signed link is the credential, no API key.
  app.use(briefRoutes(deps.db, { links: deps.briefLinks, ttlMs: (module) => deps.enrichment.registry.get(module).ttlMs, salesforceAccountUrl: (id) => salesforceAccountUrl(deps.config, id) }));

  app.use(notFoundHandler);
  app.use(errorMiddleware);
  return app;
}
