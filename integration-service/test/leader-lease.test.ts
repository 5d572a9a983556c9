import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaderLease, type LeaderLease } from '../src/coordination/leader-lease.ts';
import { createCapturedLogger } from './support/log-capture.ts';
import { SALESFORCE_INSTANCE, SALESFORCE_TOKEN, queryPage } from './support/salesforce-records.ts';
import { TEST_REDIS_URL, randomPrefix } from './support/test-env.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// Two "processes" (two leases with their own Redis connections) compete for one duty.
describe('a leader lease over Redis', () => {
  const connections: Redis[] = [];
  const leases: LeaderLease[] = [];
  beforeAll(() => {
    for (let i = 0; i < 3; i++) connections.push(new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }));
  });
  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.stop()));
    await Promise.all(connections.map((c) => c.quit()));
  });

  const compete = (redis: Redis, key: string, log: string[], name: string) => {
    const lease = createLeaderLease({ redis, key, ttlMs: 600, renewEveryMs: 100, logger: createCapturedLogger().logger });
    leases.push(lease);
    return {
      lease,
      running: lease.run(async () => {
        log.push(`${name} started`);
        return { stop: async () => void log.push(`${name} stopped`) };
      }),
    };
  };

  it('lets one process do the duty, and another take over when it stops', async () => {
    const key = `${randomPrefix()}:watch`;
    const log: string[] = [];
    const a = compete(connections[0] as Redis, key, log, 'a');
    await a.running;
    const b = compete(connections[1] as Redis, key, log, 'b');
    await b.running;
    // b keeps trying while a renews: still one duty after several renewal periods.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(log).toEqual(['a started']);
    expect([a.lease.leading, b.lease.leading]).toEqual([true, false]);

    // Handing the lease back lets b start at its next try, well before the TTL.
    await a.lease.stop();
    await expect.poll(() => b.lease.leading, { timeout: 1_000, interval: 20 }).toBe(true);
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
  });

  it('stops the duty of a leader whose lease another process now holds', async () => {
    const key = `${randomPrefix()}:watch`;
    const log: string[] = [];
    const a = compete(connections[2] as Redis, key, log, 'a');
    await a.running;
    expect(a.lease.leading).toBe(true);
    // As if a's lease had expired (a paused past the TTL) and someone else took it.
    await (connections[0] as Redis).set(key, 'someone-else', 'PX', 5_000);
    await expect.poll(() => a.lease.leading, { timeout: 1_000, interval: 20 }).toBe(false);
    expect(log).toEqual(['a started', 'a stopped']);
    // It does not steal the lease back while it is held.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await (connections[0] as Redis).get(key)).toBe('someone-else');
  });

  it('leads at once without Redis (one process runs everything)', async () => {
    const log: string[] = [];
    const lease = createLeaderLease({ key: 'unused', logger: createCapturedLogger().logger });
    leases.push(lease);
    await lease.run(async () => {
      log.push('started');
      return { stop: async () => void log.push('stopped') };
    });
    expect(lease.leading).toBe(true);
    await lease.stop();
    expect(log).toEqual(['started', 'stopped']);
  });
});

describe('watching Salesforce from several worker processes', () => {
  const services: TestService[] = [];
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    nock.cleanAll();
  });

  it('watches from exactly one of them', async () => {
    nock(SALESFORCE_INSTANCE).persist().get(/\/services\/data\/v62\.0\/query/).reply(200, queryPage([]));
    const env = { SALESFORCE_INSTANCE_URL: SALESFORCE_INSTANCE, SALESFORCE_ACCESS_TOKEN: SALESFORCE_TOKEN, PF_SALESFORCE_TRIGGER_POLL_MS: '3600000', PF_REDIS_PREFIX: randomPrefix() };
    for (let i = 0; i < 2; i++) services.push(await startTestService({ database: 'postgres', redis: true, env }));
    expect(services.map((service) => service.service.runtime.stageTriggers.watching).sort()).toEqual([false, true]);
  });
});
