import path from 'node:path';
import { Redis } from 'ioredis';
import { openDatabase } from '@partnerforge/migrations/connection';
import { migrateToLatest } from '@partnerforge/migrations';
import type { Config } from '../config/config.ts';
import type { Database, Db } from '../database/database.ts';
import { createBullmqQueue } from '../jobs/bullmq-queue.ts';
import { createJobHandlers } from '../jobs/handlers.ts';
import { createEventBus, type EventBus } from '../events/domain-events.ts';
import { type Enrichment, setUpEnrichment } from '../enrichment/enrichment-setup.ts';
import { requeueUnfinishedEnrichments } from '../enrichment/requeue-unfinished.ts';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { wireAlertTriggers } from '../alerts/alert-triggers.ts';
import { type BriefLinks, createBriefLinks } from '../briefs/brief-links.ts';
import { salesforceAccountUrl } from '../briefs/salesforce-links.ts';
import { createStageTriggers, type StageTriggers } from '../salesforce/triggers/stage-triggers.ts';
import { openTriggerConnection } from '../salesforce/triggers/trigger-connection.ts';
import { createSessionProvider } from '../salesforce/salesforce-auth.ts';
import { defaultRequestPush, type RequestPush, wireStageTriggerPush } from '../salesforce/triggers/push-after-enrichment.ts';
import { setUpSalesforce } from '../salesforce/salesforce-setup.ts';
import { createSalesforceSync, type SalesforceSync } from '../salesforce/salesforce-sync.ts';
import { createInvalidationBus } from '../cache/invalidation-bus.ts';
import { type ReadCaches, createReadCaches, wireIntelInvalidation } from '../cache/read-caches.ts';
import { createCircuitStatus } from '../providers/resilience/circuit-status.ts';
import { type CircuitBoard, defaultProcessId, startCircuitBoard } from '../health/circuit-board.ts';
import type { DetailedHealthSources } from '../health/detailed-health.ts';
import { createApiUsageRecorder } from '../salesforce/api-usage.repository.ts';

/** Everything a process holds open, built once from the configuration. */
export interface Runtime {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Db;
  databaseKind: 'postgres' | 'pglite';
  redis?: Redis;
  queue: JobQueue;
  events: EventBus;
  enrichment: Enrichment;
  /** Signs and checks pre-call brief links. */
  briefLinks: BriefLinks;
  /** Opportunity stage-change triggers (webhook funnel; CDC and polling in worker processes). */
  stageTriggers: StageTriggers;
  /** The Salesforce connector; undefined without Salesforce credentials. */
  salesforce?: SalesforceSync;
  /** The API's caches of hot reads (keys, aliases, intel cards) and the bus that invalidates them. */
  caches: ReadCaches;
  /** What `/health/detailed` reads: this process's breakers and Salesforce budget, the configuration. */
  health: DetailedHealthSources;
  /** Closes the queue (waiting up to `timeoutMs` for jobs), Redis and the database, in that order. */
  close(timeoutMs: number): Promise<void>;
}

export interface CreateRuntimeOptions {
  /** Run pending migrations first (default: the config's PF_MIGRATE_ON_START). */
  migrate?: boolean;
  metrics?: Metrics;
  /**
   * Run jobs in this process even when Redis is configured (the CLI's one-shot `pf enrich`:
   * it must not depend on a worker being up, nor pick up other processes' jobs).
   */
  inProcessJobs?: boolean;
  /** How a finished stage-triggered enrichment asks for its Salesforce push (default: the salesforce.push job). */
  requestSalesforcePush?: RequestPush;
}

/** Opens the database (PostgreSQL or embedded PGlite), Redis when configured, and the job queue. */
export async function createRuntime(config: Config, logger: Logger, options: CreateRuntimeOptions = {}): Promise<Runtime> {
  const log = logger.child({ component: 'runtime' });
  const dataDir = path.resolve(config.database.dataDir, 'pglite');
  const database = await openDatabase<Database>({
    databaseUrl: config.database.url,
    dataDir: config.database.url ? undefined : dataDir,
    poolMax: config.database.poolMax,
    onIdleConnectionError: (error) => log.warn({ err: error }, 'PostgreSQL closed an idle pooled connection; the next query opens a new one'),
  });
  log.info(database.kind === 'pglite' ? { database: 'pglite', dataDir } : { database: 'postgres' }, 'database opened');

  let redis: Redis | undefined;
  let caches: ReadCaches | undefined;
  let circuitBoard: CircuitBoard | undefined;
  try {
    if (options.migrate ?? config.database.migrateOnStart) {
      const applied = await migrateToLatest(database.db);
      log.info({ applied }, 'migrations up to date');
    }
    const metrics = options.metrics ?? createMetrics();
    const events = createEventBus();
    if (config.redis.url) {
      redis = new Redis(config.redis.url, { maxRetriesPerRequest: null, lazyConnect: true });
      redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
      await redis.connect();
    }
    caches = createReadCaches(database.db, await createInvalidationBus({ redis, prefix: config.redis.prefix, logger }));
    wireIntelInvalidation(events, caches.bus);
    // Breaker transitions: kept here, and published to Redis for the api of a scaled-out deployment.
    const circuits = createCircuitStatus();
    const processId = defaultProcessId();
    if (redis) circuitBoard = startCircuitBoard({ redis, prefix: config.redis.prefix, status: circuits, processId, logger: log });
    const enrichment = await setUpEnrichment({ config, db: database.db, redis, logger, metrics, events, circuits });
    const briefLinks = createBriefLinks({ keys: config.briefs.signingKeys, publicUrl: config.http.publicUrl, ttlDays: config.briefs.linkTtlDays, logger: log });
    const alertLinks = { brief: (domain: string) => briefLinks.url(domain), salesforceAccount: (id: string) => salesforceAccountUrl(config, id) };
    // Handlers enqueue follow-up jobs through the queue built from them: bound once it exists.
    const enqueue: JobQueue['enqueue'] = (name, payload, enqueueOptions) => queue.enqueue(name, payload, enqueueOptions);
    // The budget's readings are stored, so the api shows what the workers' calls last read.
    const salesforceClient = setUpSalesforce({ config, events, metrics, logger, onBudgetChange: createApiUsageRecorder(database.db, { logger: log }) });
    const salesforce = salesforceClient
      ? createSalesforceSync({ db: database.db, client: salesforceClient, config, briefLinks, registry: enrichment.registry, enqueue, logger })
      : undefined;
    const handlers = createJobHandlers({ db: database.db, registry: enrichment.registry, events, logger, metrics, enqueue, alertLinks, salesforce });
    let queue: JobQueue;
    if (redis && !options.inProcessJobs) {
      queue = createBullmqQueue({ connection: redis, prefix: config.redis.prefix, handlers, logger, metrics, concurrency: config.worker.concurrency });
    } else {
      log.info(redis ? 'jobs of this one-shot command run in this process' : 'REDIS_URL not set: jobs run in this process');
      queue = createInProcessQueue({ handlers, logger, metrics, concurrency: config.worker.concurrency });
      // Nothing outlived the last process but the job rows: pick their work up again.
      const requeued = options.inProcessJobs ? 0 : await requeueUnfinishedEnrichments(database.db, queue);
      if (requeued > 0) log.info({ requeued }, 'unfinished enrichments queued again');
    }
    wireAlertTriggers({ events, queue, logger });
    // The webhook looks up Accounts it was not told the Website of; workers also stream and poll.
    const triggerConnection = salesforceClient
      ? await openTriggerConnection({ session: createSessionProvider(config.salesforce), apiVersion: config.salesforce.apiVersion, logger })
      : undefined;
    const stageTriggers = createStageTriggers({ config, db: database.db, queue, logger, connection: triggerConnection, redis, redisPrefix: config.redis.prefix });
    wireStageTriggerPush({ events, db: database.db, requestPush: options.requestSalesforcePush ?? defaultRequestPush(queue), logger });
    // The queue's own schedule (a BullMQ job scheduler, or a timer it clears on close); one-shot CLI runs schedule nothing.
    if (!options.inProcessJobs && config.retentionIntervalMs > 0) await queue.repeat('privacy.retention', {}, config.retentionIntervalMs);

    return {
      config,
      logger,
      metrics,
      db: database.db,
      databaseKind: database.kind,
      redis,
      queue,
      events,
      enrichment,
      briefLinks,
      stageTriggers,
      salesforce,
      caches,
      health: { config, circuits, salesforceBudget: salesforceClient?.budget, processId },
      async close(timeoutMs) {
        await stageTriggers.stop();
        await queue.close(timeoutMs);
        await circuitBoard?.close();
        await enrichment.close();
        await caches?.bus.close();
        if (redis) await redis.quit().catch(() => redis?.disconnect());
        await database.close();
      },
    };
  } catch (error) {
    await circuitBoard?.close();
    await caches?.bus.close();
    redis?.disconnect();
    await database.close();
    throw error;
  }
}
