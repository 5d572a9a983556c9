import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDeliveryJobId, type AlertDeliveryJob } from '@partnerforge/shared/schemas';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { TEST_REDIS_URL, randomPrefix } from '../../test/support/test-env.ts';
import { createModuleRegistry } from '../enrichment/module-registry.ts';
import { createEventBus } from '../events/domain-events.ts';
import { createMetrics } from '../metrics/metrics.ts';
import type { Db } from '../database/database.ts';
import { createBullmqQueue } from './bullmq-queue.ts';
import { CONSUMED_JOB_NAMES, consumerOf } from './catalog.ts';
import { createJobHandlers } from './handlers.ts';
import { createInProcessQueue } from './in-process-queue.ts';

// alerts.deliver is the Slack app's to consume: the service only puts jobs on its queue.
const delivery: AlertDeliveryJob = {
  alertId: '5b0f8a9e-6a43-4c1e-9a55-3b1f3b0c9d11',
  dedupeKey: 'change:5b0f8a9e',
  recipient: { email: 'ae@example.com', slackUserId: 'U012AE' },
  frequency: 'immediate',
  domain: 'globe-daily.com',
  category: 'search_vendor_change',
  significance: 'critical',
  title: 'Search vendor removed: Elasticsearch',
  body: 'An open evaluation window.',
  links: [],
};
// No handler here touches the database; the catalog alone decides what is consumed.
const handlers = () => createJobHandlers({ db: undefined as unknown as Db, registry: createModuleRegistry([]), events: createEventBus(), logger: createCapturedLogger().logger });
const metrics = () => createMetrics({ collectDefaults: false });

let redis: Redis;
beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => redis?.quit());

describe('produce-only jobs', () => {
  it('are named by the catalog and get no worker here', () => {
    expect(consumerOf('alerts.deliver')).toEqual({ app: 'slack-app', purpose: 'Slack delivery' });
    expect(CONSUMED_JOB_NAMES).not.toContain('alerts.deliver');
    expect(CONSUMED_JOB_NAMES).toEqual(expect.arrayContaining(['enrich.domain', 'alerts.match', 'api-keys.touch']));
  });

  it('wait on BullMQ for the Slack app, under the deployment prefix, untouched by our workers', async () => {
    const prefix = randomPrefix();
    const queue = createBullmqQueue({ connection: redis, prefix, handlers: handlers(), logger: createCapturedLogger().logger, metrics: metrics() });
    await queue.startWorkers();
    const jobId = alertDeliveryJobId(delivery);
    await queue.enqueue('alerts.deliver', delivery, { jobId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await queue.counts())['alerts.deliver']).toMatchObject({ waiting: 1, active: 0, failed: 0 });
    expect(await redis.exists(`${prefix}:alerts.deliver:${jobId}`)).toBe(1);
    await queue.close(2_000);
  });

  it('are dropped without Redis, with a log line saying why', async () => {
    const logs = createCapturedLogger();
    const queue = createInProcessQueue({ handlers: handlers(), logger: logs.logger, metrics: metrics() });
    await queue.startWorkers();
    await queue.enqueue('alerts.deliver', delivery);
    await queue.enqueue('alerts.deliver', delivery);
    expect((await queue.counts())['alerts.deliver']).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    const lines = logs.lines().filter((line) => String(line.msg).includes('Slack delivery needs REDIS_URL'));
    expect(lines.map((line) => line.level)).toEqual(['warn', 'debug']);
    await expect(queue.enqueue('alerts.deliver', { ...delivery, significance: 'urgent' } as unknown as AlertDeliveryJob)).rejects.toThrow(/significance/);
    await queue.close(1_000);
  });
});
