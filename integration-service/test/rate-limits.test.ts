import { Redis } from 'ioredis';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerforge/shared/schemas';
import { createApiKeyForUser } from '../src/users/users.service.ts';
import { userWithKey } from './support/account-fixtures.ts';
import { TEST_REDIS_URL } from './support/test-env.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// Per-key limits counted in real Redis by the running service, seen through the HTTP headers.

describe('per-key rate limits', () => {
  let t: TestService;
  let redis: Redis;
  const call = (key: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const keyIdOf = async (email: string) =>
    (await t.service.runtime.db.selectFrom('api_keys').innerJoin('users', 'users.id', 'api_keys.user_id').select('api_keys.id').where('users.email', '=', email).executeTakeFirstOrThrow()).id;
  const windowKey = async (email: string, window: string) => `${t.config.redis.prefix}:ratelimit:${await keyIdOf(email)}:${window}`;

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: true, env: { PF_ENRICHMENT_CONCURRENCY_PER_USER: '2' } });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.stop();
  });

  it('allows a standard key 100 reads a minute, then answers 429 with Retry-After and the X-RateLimit headers, and resets with the window', async () => {
    const { key } = await userWithKey(t.service.runtime.db, 'reader@example.com', 'ae', 'West');
    const first = await call(key, '/v1/me');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('100');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('99');
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);

    for (let i = 2; i <= 100; i += 1) expect((await call(key, '/v1/me')).status).toBe(200);
    const refused = await call(key, '/v1/me');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('100');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body = ErrorBodySchema.parse(await refused.json());
    expect(body.error).toMatchObject({ code: 'rate_limited', details: { limit: 100, window: 'reads a minute' } });
    // Writes have their own window.
    expect((await call(key, '/v1/keys', { method: 'POST', body: {} })).headers.get('x-ratelimit-limit')).toBe('20');

    // The window ends (its Redis key expires): the next read is allowed again, counted afresh.
    await redis.pexpire(await windowKey('reader@example.com', 'reads'), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await call(key, '/v1/me');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('99');
  });

  it('allows 20 writes a minute on a standard key and 100 on a power key', async () => {
    const db = t.service.runtime.db;
    const { key } = await userWithKey(db, 'writer@example.com', 'ae', 'West');
    for (let i = 1; i <= 20; i += 1) expect((await call(key, '/v1/keys', { method: 'POST', body: {} })).status).toBe(400);
    expect((await call(key, '/v1/keys', { method: 'POST', body: {} })).status).toBe(429);

    await userWithKey(db, 'power@example.com', 'ae', 'West');
    const power = await createApiKeyForUser(db, { email: 'power@example.com', rateTier: 'power' });
    const res = await call(power.key, '/v1/keys', { method: 'POST', body: {} });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('counts enrichments against the daily allowance (50 on a standard key)', async () => {
    const { key } = await userWithKey(t.service.runtime.db, 'enricher@example.com', 'ae', 'West');
    // 50 enrichments already started today.
    await redis.set(await windowKey('enricher@example.com', 'enrichments'), '50', 'PX', 3_600_000);
    const refused = await call(key, '/v1/enrichments', { method: 'POST', body: { domain: 'acme-shop.com' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('50');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(ErrorBodySchema.parse(await refused.json()).error.details).toMatchObject({ window: 'enrichments a day' });
    // Reads are not enrichments.
    expect((await call(key, '/v1/me')).status).toBe(200);
  });

  it('counts each domain of a batch against the daily allowance, refusing a batch larger than what is left', async () => {
    const { key } = await userWithKey(t.service.runtime.db, 'batcher@example.com', 'ae', 'West');
    await redis.set(await windowKey('batcher@example.com', 'enrichments'), '47', 'PX', 3_600_000);
    const refused = await call(key, '/v1/enrichments/batch', { method: 'POST', body: { domains: ['one-shop.com', 'two-shop.com', 'three-shop.com', 'four-shop.com'] } });
    expect(refused.status).toBe(429);
    expect(ErrorBodySchema.parse(await refused.json()).error.details).toMatchObject({ window: 'enrichments a day', limit: 50 });
    expect(Number(await redis.get(await windowKey('batcher@example.com', 'enrichments')))).toBe(51);
  });

  it('caps the enrichments one user runs at once; joining a running one stays free', async () => {
    const db = t.service.runtime.db;
    const { id, key } = await userWithKey(db, 'busy@example.com', 'ae', 'West');
    await db.insertInto('enrichment_jobs').values([
      { domain: 'one.com', trigger: 'api', requested_by_user_id: id },
      { domain: 'two.com', trigger: 'api', requested_by_user_id: id, status: 'running' },
    ]).execute();
    const refused = await call(key, '/v1/enrichments', { method: 'POST', body: { domain: 'three.com' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(ErrorBodySchema.parse(await refused.json()).error.details).toMatchObject({ running: 2, cap: 2 });
    const joined = await call(key, '/v1/enrichments', { method: 'POST', body: { domain: 'one.com' } });
    expect(joined.status).toBe(202);
    expect(await joined.json()).toMatchObject({ deduplicated: true });
  });

  it('does not limit admin-tier keys (the default for admins: the Slack service key)', async () => {
    const { key } = await userWithKey(t.service.runtime.db, 'ops@example.com', 'admin');
    for (let i = 1; i <= 120; i += 1) {
      const res = await call(key, '/v1/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});
