import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@partnerforge/migrations/connection';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { ProviderHealth } from '@partnerforge/shared/schemas';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { randomPrefix } from '../../test/support/test-env.ts';
import { loadConfig } from '../config/config.ts';
import type { Database, Db } from '../database/database.ts';
import { createModuleRegistry } from '../enrichment/module-registry.ts';
import { createEventBus } from '../events/domain-events.ts';
import { createBullmqQueue } from '../jobs/bullmq-queue.ts';
import { createJobHandlers } from '../jobs/handlers.ts';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createCircuitStatus } from '../providers/resilience/circuit-status.ts';
import { requestJson } from '../providers/resilience/provider-http.ts';
import { createProviderPolicy } from '../providers/resilience/provider-policy.ts';
import { describeDetailedHealth } from './detailed-health.ts';

const SIMILARWEB = 'https://api.similarweb.test';
const config = loadConfig({ SIMILARWEB_API_KEY: 'sw-unit-secret-31337', SALESFORCE_ACCESS_TOKEN: 'sf-unit-token-424242', SALESFORCE_INSTANCE_URL: 'https://unit.my.salesforce.com' });
const { logger } = createCapturedLogger();
const metrics = () => createMetrics({ collectDefaults: false });

let db: Db;
let closeDb: () => Promise<void>;
beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  closeDb = testDb.close;
  nock.disableNetConnect();
});
afterAll(async () => {
  await closeDb?.();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('describeDetailedHealth', () => {
  it('reads the breakers of this process when there is no Redis (embedded mode)', async () => {
    const circuits = createCircuitStatus();
    const policy = createProviderPolicy({ provider: 'similarweb', retries: 0, breaker: { consecutiveFailures: 1 }, circuits });
    const scope = nock(SIMILARWEB).get('/v1/website/acme.com/total-traffic-and-engagement/visits').query(true).reply(502);
    await expect(
      policy.execute((signal) => requestJson('similarweb', `${SIMILARWEB}/v1/website/acme.com/total-traffic-and-engagement/visits?api_key=sw-unit-secret-31337`, { signal })),
    ).rejects.toMatchObject({ code: 'server_error' });
    scope.done();
    const queue = createInProcessQueue({ handlers: createJobHandlers({ db, registry: createModuleRegistry([]), events: createEventBus(), logger }), logger, metrics: metrics() });

    const doc = await describeDetailedHealth({ db, queue, databaseKind: 'postgres', startedAt: new Date(), sources: { config, circuits, processId: 'embedded:1' } });
    expect(doc.checks).toEqual({ database: { status: 'ok' }, redis: { status: 'not_configured' } });
    expect(doc.circuitsSource).toBe('process');
    const similarweb = (doc.providers as ProviderHealth[]).find((p) => p.provider === 'similarweb');
    expect(similarweb?.circuit).toMatchObject({ state: 'open', lastFailure: { code: 'server_error' }, processes: [{ processId: 'embedded:1', state: 'open' }] });
    expect(JSON.stringify(doc)).not.toContain('sw-unit-secret-31337');
    expect(doc.status).toBe('degraded');
    await queue.close(100);
  });

  it('still answers when Redis and the database are down, with those parts marked down', async () => {
    // Nothing listens on port 1: the database refuses at once, Redis commands wait in its offline queue.
    const deadRedis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => 1_000 });
    deadRedis.on('error', () => undefined);
    void deadRedis.connect().catch(() => undefined);
    const deadDb = await openDatabase<Database>({ databaseUrl: 'postgres://pf@127.0.0.1:1/none' });
    const queue = createBullmqQueue({ connection: deadRedis, prefix: randomPrefix(), handlers: createJobHandlers({ db: deadDb.db, registry: createModuleRegistry([]), events: createEventBus(), logger }), logger, metrics: metrics() });
    try {
      const started = Date.now();
      const doc = await describeDetailedHealth({ db: deadDb.db, redis: deadRedis, queue, databaseKind: 'postgres', startedAt: new Date(), sources: { config, circuits: createCircuitStatus(), processId: 'api:1' } });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(doc.status).toBe('degraded');
      expect(doc.checks.database.status).toBe('down');
      expect(doc.checks.redis).toEqual({ status: 'down', error: 'no answer within 2000 ms' });
      // The breakers fall back to this process's own, Salesforce and the queue say they could not be read.
      expect(doc.circuitsSource).toBe('process');
      expect((doc.providers as ProviderHealth[]).map((p) => p.circuit.state)).toEqual(['closed', 'closed', 'closed', 'closed']);
      expect(doc.salesforce).toMatchObject({ status: 'down' });
      expect(doc.queue).toMatchObject({ status: 'down' });
      expect(JSON.stringify(doc)).not.toContain('sf-unit-token-424242');
    } finally {
      await deadDb.close();
      deadRedis.disconnect();
    }
  });
});
