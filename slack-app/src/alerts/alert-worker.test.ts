import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALERTS_DELIVER_QUEUE, type AlertDeliveryJobInput } from '@partnerforge/shared/schemas';
import { createMemoryActivityStore } from '../activity/account-activity.ts';
import { createLogger } from '../logger.ts';
import { type AlertWorker, createAlertSlackClient, createAlertWorker } from './alert-worker.ts';

// Real Redis (a random prefix per test) and the real BullMQ worker; Slack's Web API is nock.
const REDIS_URL = process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SLACK = 'http://slack.test';

interface Posted {
  channel: string;
  text: string;
  blocks: string;
  at: number;
}

let redis: Redis;
let producer: Queue;
let worker: AlertWorker;
let logLines: string[];
let posted: Posted[];
let prefix: string;

function alert(overrides: Partial<AlertDeliveryJobInput> = {}): AlertDeliveryJobInput {
  return {
    alertId: 'alert-1',
    dedupeKey: 'change-1001',
    recipient: { email: 'ada@acme.com', slackUserId: 'U0ADA' },
    frequency: 'immediate',
    domain: 'costco.com',
    category: 'search_vendor_removed',
    significance: 'critical',
    title: 'Search vendor removed: Elasticsearch',
    body: 'Costco no longer loads Elasticsearch on its homepage.',
    links: [{ label: 'Open brief', url: 'https://partnerforge.acme.test/briefs/costco.com' }],
    occurredAt: '2026-11-21T08:00:00.000Z',
    ...overrides,
  };
}

/** Adds a job the way the service will: its attempts and a (here fast) exponential backoff. */
function enqueue(data: unknown, jobId: string, attempts = 3) {
  return producer.add(ALERTS_DELIVER_QUEUE, data, { jobId, attempts, backoff: { type: 'exponential', delay: 50 } });
}

async function settled(jobId: string): Promise<Job> {
  return vi.waitFor(
    async () => {
      const state = await producer.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') throw new Error(`job ${jobId} is ${state}`);
      // Read after the state is final: a job read first can still be the active one, without its return value.
      const job = await producer.getJob(jobId);
      if (!job) throw new Error(`job ${jobId} is gone`);
      return job;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** chat.postMessage answering 200 and recording what was posted. */
function acceptPosts(times = 1) {
  return nock(SLACK)
    .post('/api/chat.postMessage')
    .times(times)
    .reply(async (request) => {
      const form = new URLSearchParams(await request.text());
      posted.push({ channel: form.get('channel') ?? '', text: form.get('text') ?? '', blocks: form.get('blocks') ?? '', at: Date.now() });
      return [200, { ok: true, channel: form.get('channel'), ts: `1700000000.${posted.length}` }];
    });
}

const openDm = (user = 'U0ADA', channel = 'D0ADA') => nock(SLACK).post('/api/conversations.open', (body) => body.users === user).reply(200, { ok: true, channel: { id: channel } });

async function startWorker(options: { channelIntervalMs?: number; digest?: { hour: number; timeZone: string } | false } = {}) {
  worker = createAlertWorker({
    connection: redis,
    prefix,
    slack: createAlertSlackClient({ token: 'xoxb-test', slackApiUrl: `${SLACK}/api`, logger: createLogger({ level: 'silent' }) }),
    activity: createMemoryActivityStore(),
    logger: createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }) }),
    channelIntervalMs: options.channelIntervalMs ?? 0,
    digest: options.digest ?? false,
  });
  await worker.start();
}

beforeEach(async () => {
  nock.disableNetConnect();
  prefix = `pftest-slack-${randomBytes(6).toString('hex')}`;
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  producer = new Queue(ALERTS_DELIVER_QUEUE, { connection: redis, prefix });
  logLines = [];
  posted = [];
});

afterEach(async () => {
  await worker?.close();
  await producer.obliterate({ force: true }).catch(() => undefined);
  await producer.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('alerts.deliver worker', () => {
  it("posts an immediate alert to the recipient's DM, finding them by e-mail when needed", async () => {
    await startWorker();
    const lookup = nock(SLACK).post('/api/users.lookupByEmail', (body) => body.email === 'ada@acme.com').reply(200, { ok: true, user: { id: 'U0ADA' } });
    const dm = openDm();
    const post = acceptPosts();
    await enqueue(alert({ recipient: { email: 'Ada@Acme.com' } }), 'a-email');
    expect((await settled('a-email')).returnvalue).toBe('posted');
    for (const scope of [lookup, dm, post]) scope.done();
    expect(posted).toEqual([expect.objectContaining({ channel: 'D0ADA', text: 'CRITICAL: Search vendor removed: Elasticsearch (costco.com)' })]);
    expect(posted[0]?.blocks).toContain('https://partnerforge.acme.test/briefs/costco.com');
  });

  it('posts the same change once, even when its job runs twice (at once, and again later)', async () => {
    await startWorker();
    nock(SLACK).post('/api/conversations.open').times(3).reply(200, { ok: true, channel: { id: 'D0ADA' } });
    acceptPosts(3);
    await Promise.all([enqueue(alert(), 'run-1'), enqueue(alert({ alertId: 'alert-1-again' }), 'run-2')]);
    const results = await Promise.all([settled('run-1'), settled('run-2')]);
    await enqueue(alert(), 'run-3');
    results.push(await settled('run-3'));

    expect(results.map((j) => j.returnvalue).sort()).toEqual(['duplicate', 'duplicate', 'posted']);
    expect(posted).toHaveLength(1);
    // Another destination is another delivery of the same change.
    await enqueue(alert({ channelId: 'C0DEALS' }), 'run-channel');
    expect((await settled('run-channel')).returnvalue).toBe('posted');
    expect(posted.map((p) => p.channel)).toEqual(['D0ADA', 'C0DEALS']);
  });

  it('waits out a 429 for its Retry-After without using up an attempt', async () => {
    await startWorker();
    const attempts: number[] = [];
    nock(SLACK)
      .post('/api/chat.postMessage')
      .reply(() => {
        attempts.push(Date.now());
        return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }];
      });
    acceptPosts();
    await enqueue(alert({ channelId: 'C0DEALS' }), 'limited', 1);
    const job = await settled('limited');
    // The job had a single attempt: the 429 did not use it up.
    expect(job.opts.attempts).toBe(1);
    expect(job.returnvalue).toBe('posted');
    expect((posted[0]?.at ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(logLines.join('')).toContain('slack rate limited; queue paused');
  });

  it('keeps about one message per interval in a channel', async () => {
    await startWorker({ channelIntervalMs: 500 });
    acceptPosts(3);
    await Promise.all([1, 2, 3].map((n) => enqueue(alert({ alertId: `a${n}`, dedupeKey: `change-${n}`, channelId: 'C0DEALS' }), `spaced-${n}`)));
    await Promise.all([1, 2, 3].map((n) => settled(`spaced-${n}`)));
    const times = posted.map((p) => p.at).sort((a, b) => a - b);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('retries a failing post with backoff, then records the failure', async () => {
    await startWorker();
    const failing = nock(SLACK).post('/api/chat.postMessage').times(2).reply(503, 'upstream unavailable');
    await enqueue(alert({ channelId: 'C0DEALS' }), 'doomed', 2);
    const job = await settled('doomed');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(2);
    failing.done();
    const failures = await vi.waitFor(async () => {
      const all = await worker.ledger.failures();
      if (Object.keys(all).length === 0) throw new Error('not recorded yet');
      return all;
    });
    expect(failures['change-1001|channel:C0DEALS']).toMatchObject({ alertId: 'alert-1', attempts: 2, destination: 'channel:C0DEALS', jobId: 'doomed' });
    expect(logLines.join('')).toContain('alert delivery failed for good');
  });

  it('fails at once on a permanent Slack refusal or an invalid payload, and records both', async () => {
    await startWorker();
    nock(SLACK).post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });
    await enqueue(alert({ channelId: 'C0GONE' }), 'gone', 5);
    await enqueue({ alertId: 'x', frequency: 'hourly' }, 'invalid', 5);
    const [gone, invalid] = await Promise.all([settled('gone'), settled('invalid')]);
    expect([gone.attemptsMade, invalid.attemptsMade]).toEqual([1, 1]);
    const failures = await vi.waitFor(async () => {
      const all = await worker.ledger.failures();
      if (Object.keys(all).length < 2) throw new Error('not recorded yet');
      return all;
    });
    expect(failures['change-1001|channel:C0GONE']?.error).toContain('channel_not_found');
    expect(failures['invalid|invalid']?.error).toContain('Invalid alerts.deliver payload');
  });

  it('collects daily-digest alerts and posts them once, in one message, on schedule', async () => {
    await startWorker({ digest: { hour: 8, timeZone: 'Europe/Paris' } });
    const schedulers = await worker.digestQueue.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: 'alerts-daily-digest', pattern: '0 8 * * *', tz: 'Europe/Paris' })]);

    const digest = { frequency: 'daily_digest' as const };
    await enqueue(alert({ ...digest }), 'd1');
    await enqueue(alert({ ...digest, alertId: 'alert-2', dedupeKey: 'change-1002', significance: 'high', title: 'New CFO: Jane Doe' }), 'd2');
    await enqueue(alert({ ...digest, alertId: 'alert-1-dup' }), 'd3');
    const results = await Promise.all(['d1', 'd2', 'd3'].map(settled));
    expect(results.map((j) => j.returnvalue)).toEqual(['in_digest', 'in_digest', 'duplicate']);
    expect(posted).toEqual([]);

    openDm();
    acceptPosts();
    expect(await worker.runDigests(new Date('2026-11-22T07:00:00Z'))).toEqual({ posted: 1, failed: 0 });
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toBe('PartnerForge daily digest: 2 changes');
    expect(posted[0]?.blocks).toContain('PartnerForge daily digest · 2026-11-22');
    expect(posted[0]?.blocks).toContain('Search vendor removed: Elasticsearch');
    expect(posted[0]?.blocks).toContain('New CFO: Jane Doe');

    // Nothing twice: not by the next run, not by the same change arriving as an immediate alert.
    expect(await worker.runDigests()).toEqual({ posted: 0, failed: 0 });
    await enqueue(alert(), 'after-digest');
    expect((await settled('after-digest')).returnvalue).toBe('duplicate');
    expect(posted).toHaveLength(1);
  });
});
