import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALERTS_DELIVER_JOB_OPTIONS, ALERTS_DELIVER_QUEUE, type AlertDeliveryJobInput, alertDeliveryJobId } from '@partnerforge/shared/schemas';
import { loadSlackConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startSlackProcess } from './main.ts';

const REDIS_URL = process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the slack-app process', () => {
  it('without a bot token answers /health only', async () => {
    const running = await startSlackProcess(loadSlackConfig({ SLACK_PORT: '0', SLACK_HOST: '127.0.0.1' }), silent);
    try {
      const res = await fetch(`http://127.0.0.1:${running.port}/health`);
      expect(await res.json()).toEqual({ status: 'ok', slack: 'off' });
      expect((await fetch(`http://127.0.0.1:${running.port}/slack/events`, { method: 'POST' })).status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  it('in HTTP mode with Redis serves /health and delivers alerts from the shared queue', async () => {
    const prefix = `pftest-main-${randomBytes(6).toString('hex')}`;
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_BOT_ID: 'B0PF',
      SLACK_BOT_USER_ID: 'U0BOT',
      SLACK_API_URL: 'http://slack.test/api',
      SLACK_PORT: '0',
      SLACK_HOST: '127.0.0.1',
      PF_SERVICE_API_KEY: 'pf_unused_x',
      REDIS_URL,
      PF_REDIS_PREFIX: prefix,
    });
    const running = await startSlackProcess(config, silent);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const producer = new Queue(ALERTS_DELIVER_QUEUE, { connection: redis, prefix });
    try {
      await vi.waitFor(async () => {
        const health = await (await fetch(`http://127.0.0.1:${running.port}/health`)).json();
        expect(health).toEqual({ status: 'ok', slack: 'http', alerts: 'on' });
      });
      const slack = nock('http://slack.test').post('/api/chat.postMessage', (body) => body.channel === 'C0DEALS').reply(200, { ok: true, ts: '1.1' });
      const alert: AlertDeliveryJobInput = {
        alertId: 'a-main',
        dedupeKey: 'change-main',
        recipient: { email: 'ada@acme.com' },
        channelId: 'C0DEALS',
        frequency: 'immediate',
        domain: 'costco.com',
        category: 'hot_lead',
        significance: 'high',
        title: 'Costco is now a hot lead',
        body: 'Score 86 (was 72).',
      };
      // As the service will enqueue it: the contract's attempts and backoff, an id without ':'.
      await producer.add(ALERTS_DELIVER_QUEUE, alert, {
        jobId: alertDeliveryJobId(alert),
        attempts: ALERTS_DELIVER_JOB_OPTIONS.attempts,
        backoff: { type: 'exponential', delay: ALERTS_DELIVER_JOB_OPTIONS.backoffMs },
      });
      await vi.waitFor(() => expect(slack.isDone()).toBe(true), { timeout: 10_000 });
    } finally {
      await running.stop();
      await producer.obliterate({ force: true });
      await producer.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});
