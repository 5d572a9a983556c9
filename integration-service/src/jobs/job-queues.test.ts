import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { TEST_REDIS_URL, randomPrefix } from '../../test/support/test-env.ts';
import { addUser, createApiKeyForUser } from '../users/users.service.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createBullmqQueue } from './bullmq-queue.ts';
import { createJobHandlers } from './handlers.ts';
import { createEventBus } from '../events/domain-events.ts';
import { createModuleRegistry } from '../enrichment/module-registry.ts';
import { createInProcessQueue } from './in-process-queue.ts';
import type { JobHandlers } from './job-handlers.ts';
import type { JobQueue } from './job-queue.ts';

let db: Db;
let closeDb: () => Promise<void>;
let redis: Redis;
let keyId: string;

// Key use only moves forward, so every test records a later time than the one before.
let clock = Date.now() + 1e9;
const nextUsedAt = () => new Date((clock += 60_000));

/** A promise with its resolver, to hold a job open until the test lets it go. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  closeDb = testDb.close;
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  await addUser(db, { email: 'grace@example.com', role: 'admin' });
  keyId = (await createApiKeyForUser(db, { email: 'grace@example.com' })).id;
});
afterAll(async () => {
  await redis?.quit();
  await closeDb?.();
});

const lastUsed = async () => (await db.selectFrom('api_keys').select('last_used_at').where('id', '=', keyId).executeTakeFirstOrThrow()).last_used_at;

type QueueFactory = (handlers: JobHandlers) => JobQueue;
const { logger } = createCapturedLogger();
// These tests exercise the queues with the key-touch job; enrichment has no modules here.
const handlerDeps = () => ({ db, registry: createModuleRegistry([]), events: createEventBus(), logger });
const factories: Array<[string, QueueFactory]> = [
  ['in-process', (handlers) => createInProcessQueue({ handlers, logger, metrics: createMetrics({ collectDefaults: false }) })],
  ['BullMQ', (handlers) => createBullmqQueue({ connection: redis, prefix: randomPrefix(), handlers, logger, metrics: createMetrics({ collectDefaults: false }) })],
];

describe.each(factories)('%s queue', (_kind, createQueue) => {
  it('runs a job through the real handler', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    await queue.startWorkers();
    const usedAt = nextUsedAt();
    await queue.enqueue('api-keys.touch', { keyId, usedAt: usedAt.toISOString() });
    await expect.poll(async () => (await lastUsed())?.getTime(), { timeout: 10_000 }).toBe(usedAt.getTime());
    await queue.close(5_000);
  });

  it('refuses an invalid payload at enqueue time', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    await expect(queue.enqueue('api-keys.touch', { keyId: 'not-a-uuid', usedAt: 'yesterday' })).rejects.toThrow(/keyId|usedAt/);
    await queue.close(1_000);
  });

  it('collapses a job whose id is already waiting (single flight)', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    const payload = { keyId, usedAt: new Date().toISOString() };
    const first = await queue.enqueue('api-keys.touch', payload, { jobId: `touch:${keyId}` });
    const second = await queue.enqueue('api-keys.touch', payload, { jobId: `touch:${keyId}` });
    expect(first).toEqual({ id: `touch-${keyId}`, deduplicated: false });
    expect(second).toEqual({ id: `touch-${keyId}`, deduplicated: true });
    expect((await queue.counts())['api-keys.touch'].waiting).toBe(1);
    await queue.close(1_000);
  });

  it('adds a job with a fresh id (a new row\'s) and runs it', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    await queue.startWorkers();
    const usedAt = nextUsedAt();
    const added = await queue.enqueue('api-keys.touch', { keyId, usedAt: usedAt.toISOString() }, { jobId: `fresh:${usedAt.getTime()}`, fresh: true });
    expect(added).toEqual({ id: `fresh-${usedAt.getTime()}`, deduplicated: false });
    await expect.poll(async () => (await lastUsed())?.getTime(), { timeout: 10_000 }).toBe(usedAt.getTime());
    await queue.close(5_000);
  });

  it('enqueues many jobs in one call, in order, sharing an id already waiting, and runs them', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    const payload = { keyId, usedAt: new Date().toISOString() };
    await queue.enqueue('api-keys.touch', payload, { jobId: `many:waiting` });
    const usedAt = nextUsedAt();
    const enqueued = await queue.enqueueMany('api-keys.touch', [
      { payload, options: { jobId: 'many:waiting' } },
      { payload: { keyId, usedAt: usedAt.toISOString() }, options: { jobId: `many:${usedAt.getTime()}`, fresh: true } },
      { payload },
    ]);
    expect(enqueued.slice(0, 2)).toEqual([
      { id: 'many-waiting', deduplicated: true },
      { id: `many-${usedAt.getTime()}`, deduplicated: false },
    ]);
    expect(enqueued[2]).toMatchObject({ deduplicated: false });
    expect((await queue.counts())['api-keys.touch'].waiting).toBe(3);
    await queue.startWorkers();
    await expect.poll(async () => (await queue.counts())['api-keys.touch'].waiting, { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await lastUsed())?.getTime(), { timeout: 10_000 }).toBeGreaterThanOrEqual(usedAt.getTime());
    await queue.close(5_000);
  });

  it('refuses the whole of an enqueueMany with an invalid payload, adding nothing', async () => {
    const queue = createQueue(createJobHandlers(handlerDeps()));
    const valid = { keyId, usedAt: new Date().toISOString() };
    await expect(queue.enqueueMany('api-keys.touch', [{ payload: valid }, { payload: { keyId: 'not-a-uuid', usedAt: 'yesterday' } }])).rejects.toThrow(/keyId|usedAt/);
    expect((await queue.counts())['api-keys.touch'].waiting).toBe(0);
    await queue.close(1_000);
  });

  it('retries a failing handler with backoff and lets a running job finish on close', async () => {
    const real = createJobHandlers(handlerDeps());
    let executions = 0;
    const { promise: slow, resolve: releaseSlowJob } = deferred();
    const queue = createQueue({
      ...real,
      'api-keys.touch': async (payload, context) => {
        executions += 1;
        if (context.attempt === 1) throw new Error('transient failure');
        await slow;
        return real['api-keys.touch'](payload, context);
      },
    });
    await queue.startWorkers();
    const usedAt = nextUsedAt();
    await queue.enqueue('api-keys.touch', { keyId, usedAt: usedAt.toISOString() });
    await expect.poll(() => executions, { timeout: 10_000 }).toBe(2);
    const closing = queue.close(10_000);
    releaseSlowJob();
    await closing;
    expect((await lastUsed())?.getTime()).toBe(usedAt.getTime());
  });
});

describe('BullMQ queue with a fresh id', () => {
  it('skips the look for an existing job: no Redis read of the id before the add', async () => {
    const prefix = randomPrefix();
    const queue = createBullmqQueue({ connection: redis, prefix, handlers: createJobHandlers(handlerDeps()), logger, metrics: createMetrics({ collectDefaults: false }) });
    await queue.enqueue('api-keys.touch', { keyId, usedAt: new Date().toISOString() }, { jobId: 'warm-up' }); // scripts loaded
    const monitor = await new Redis(TEST_REDIS_URL).monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(prefix) && /looked|fresh/.test(arg))) commands.push(String(args[0]).toLowerCase());
    });
    await queue.enqueue('api-keys.touch', { keyId, usedAt: new Date().toISOString() }, { jobId: 'looked-up' });
    await queue.enqueue('api-keys.touch', { keyId, usedAt: new Date().toISOString() }, { jobId: 'fresh-one', fresh: true });
    await redis.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.disconnect();
    // The looked-up id is read first (HGETALL of its key); the fresh one is only added.
    expect(commands.filter((command) => command === 'hgetall')).toHaveLength(1);
    await queue.close(1_000);
  });

  it('adds a batch of fresh ids without reading any of them first', async () => {
    const prefix = randomPrefix();
    const queue = createBullmqQueue({ connection: redis, prefix, handlers: createJobHandlers(handlerDeps()), logger, metrics: createMetrics({ collectDefaults: false }) });
    await queue.enqueue('api-keys.touch', { keyId, usedAt: new Date().toISOString() }, { jobId: 'warm-up' });
    const monitor = await new Redis(TEST_REDIS_URL).monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(prefix) && arg.includes('bulk'))) commands.push(String(args[0]).toLowerCase());
    });
    const jobs = Array.from({ length: 5 }, (_, i) => ({ payload: { keyId, usedAt: new Date().toISOString() }, options: { jobId: `bulk:${i}`, fresh: true } }));
    const enqueued = await queue.enqueueMany('api-keys.touch', jobs);
    expect(enqueued.map((job) => job.id)).toEqual(['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4']);
    await redis.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.disconnect();
    expect(commands.filter((command) => command === 'hgetall')).toEqual([]);
    expect(commands.length).toBeGreaterThan(0);
    await queue.close(1_000);
  });
});
