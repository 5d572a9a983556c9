import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { loadConfig } from '../src/config/config.ts';
import type { Db } from '../src/database/database.ts';
import { setUpEnrichment } from '../src/enrichment/enrichment-setup.ts';
import { insertSnapshot } from '../src/enrichment/snapshots.repository.ts';
import { createEventBus } from '../src/events/domain-events.ts';
import { createJobHandlers } from '../src/jobs/handlers.ts';
import { createInProcessQueue } from '../src/jobs/in-process-queue.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { refreshStaleIntel } from '../src/salesforce/refresh-stale.ts';
import { addUser } from '../src/users/users.service.ts';
import { startTestService, type TestService } from './support/test-service.ts';

const INSTANCE = 'https://jobs.my.salesforce.com';

describe('Salesforce jobs and schedules', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    nock.cleanAll();
  });

  it('stays off without credentials and says so once', async () => {
    service = await startTestService({ database: 'postgres', redis: false });
    expect(service.service.runtime.salesforce).toBeUndefined();
    const off = service.logs.lines().filter((l) => String(l.msg).includes('Salesforce connector stays off'));
    expect(off).toHaveLength(1);
    expect(service.logs.text()).not.toContain('salesforce schedules set');
  });

  it('sets one BullMQ job scheduler per Salesforce job at the configured intervals', async () => {
    // The schedulers run their first jobs at once: an empty org answers them.
    nock(INSTANCE).persist().get(/\/services\/data\/v62\.0\/query/).reply(200, { totalSize: 0, done: true, records: [] });
    service = await startTestService({
      database: 'postgres',
      redis: true,
      env: { SALESFORCE_ACCESS_TOKEN: 'test-token', SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_PULL_EVERY_MS: '120000', SALESFORCE_PUSH_EVERY_MS: '60000' },
    });
    expect(service.service.runtime.salesforce).toBeDefined();
    const connection = new Redis(service.config.redis.url as string, { maxRetriesPerRequest: null });
    try {
      const everyOf = async (name: string) => {
        const queue = new Queue(name, { connection, prefix: service?.config.redis.prefix });
        const schedulers = await queue.getJobSchedulers();
        await queue.close();
        return schedulers.map((s) => [s.key, s.every]);
      };
      expect(await everyOf('salesforce.pull')).toEqual([['salesforce.pull-every', 120000]]);
      expect(await everyOf('salesforce.push')).toEqual([['salesforce.push-every', 60000]]);
      expect(await everyOf('salesforce.refresh-stale')).toEqual([['salesforce.refresh-stale-every', 21600000]]);
      // The retention job rides the same queue schedules (daily by default).
      expect(await everyOf('privacy.retention')).toEqual([['privacy.retention-every', 86400000]]);
    } finally {
      connection.disconnect();
    }
  });
});

describe('the Salesforce API limit', () => {
  let service: TestService | undefined;
  afterAll(async () => {
    await service?.stop();
    nock.cleanAll();
  });

  it('pauses sync and tells the admins, through the alerts.match job', async () => {
    // The schedules' first pulls find an empty org well under its limit.
    nock(INSTANCE).persist().get(/\/services\/data\/v62\.0\/query/).reply(200, { totalSize: 0, done: true, records: [] }, { 'Sforce-Limit-Info': 'api-usage=120/15000' });
    service = await startTestService({ database: 'postgres', redis: false, env: { SALESFORCE_ACCESS_TOKEN: 'test-token', SALESFORCE_INSTANCE_URL: INSTANCE } });
    const { runtime } = service.service;
    const admin = await addUser(runtime.db, { email: 'ops-admin@example.com', role: 'admin' });
    await addUser(runtime.db, { email: 'rep@example.com', role: 'ae', team: 'West' });

    // A response that says the org used 93% of its rolling-24 h allocation.
    runtime.salesforce?.client.budget.observe('api-usage=14000/15000');
    expect(runtime.salesforce?.client.budget.state()).toMatchObject({ used: 14000, limit: 15000, paused: true });

    const alertsOf = () => runtime.db.selectFrom('alerts').select(['recipient_user_id', 'category', 'significance', 'title', 'domain']).where('category', '=', 'salesforce_api_limit').execute();
    await expect.poll(alertsOf, { timeout: 5_000, interval: 50 }).toHaveLength(1);
    expect(await alertsOf()).toEqual([{ recipient_user_id: admin.id, category: 'salesforce_api_limit', significance: 'high', title: 'Salesforce API usage passed 80% of the daily limit', domain: 'salesforce' }]);
  });
});

describe('refreshing stale intel', () => {
  let db: Db;
  let closeDb: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close: closeDb } = await createTestDatabase('postgres'));
  });
  afterAll(async () => closeDb?.());

  it('queues one enrichment per overdue Salesforce account, through single flight', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const logger = createLogger({ level: 'silent' });
    const metrics = createMetrics({ collectDefaults: false });
    const events = createEventBus();
    const enrichment = await setUpEnrichment({ config: loadConfig({}), db, logger, metrics, events });
    // Workers are never started: queued enrichments just wait, which is all this test looks at.
    const queue = createInProcessQueue({ handlers: createJobHandlers({ db, registry: enrichment.registry, events, logger }), logger, metrics });
    await db
      .insertInto('accounts')
      .values([
        { domain: 'fresh.com', salesforce_id: '001RO00000Fresh01' },
        { domain: 'stale.com', salesforce_id: '001RO00000Stale01' },
        { domain: 'never.com', salesforce_id: '001RO00000Never01' },
        { domain: 'not-in-salesforce.com' },
      ])
      .execute();
    const fingerprint = (domain: string, fetchedAt: Date) =>
      insertSnapshot(db, { domain, module: 'website.fingerprint', provider: 'website', data: {}, sourceUrl: `https://${domain}/`, fetchedAt });
    await fingerprint('fresh.com', new Date('2026-11-21T10:00:00Z'));
    // website.fingerprint lives 7 days.
    await fingerprint('stale.com', new Date('2026-11-10T10:00:00Z'));

    const first = await refreshStaleIntel({ db, registry: enrichment.registry, enqueue: queue.enqueue, now: () => now }, { limit: 10 });
    expect(first).toEqual({ examined: 3, stale: 2, queued: 2, joined: 0 });
    const jobs = await db.selectFrom('enrichment_jobs').select(['domain', 'trigger']).orderBy('domain').execute();
    expect(jobs).toEqual([{ domain: 'never.com', trigger: 'schedule' }, { domain: 'stale.com', trigger: 'schedule' }]);
    // The next run while those wait joins them instead of enriching twice; the limit caps a run.
    expect(await refreshStaleIntel({ db, registry: enrichment.registry, enqueue: queue.enqueue, now: () => now }, { limit: 1 })).toEqual({ examined: 3, stale: 2, queued: 0, joined: 1 });
    expect((await queue.counts())['enrich.domain'].waiting).toBe(2);
    await queue.close(100);
    await enrichment.close();
  });
});
