import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, IntelSchema } from '@partnerforge/shared/schemas';
import { createInvalidationBus, type InvalidationBus } from '../src/cache/invalidation-bus.ts';
import { API_KEY_CACHE_TTL_MS } from '../src/cache/read-caches.ts';
import { insertSnapshot } from '../src/enrichment/snapshots.repository.ts';
import { addUser, createApiKeyForUser, revokeApiKeyByPrefix } from '../src/users/users.service.ts';
import { createCapturedLogger } from './support/log-capture.ts';
import { startTestService, type TestService } from './support/test-service.ts';
import { TEST_REDIS_URL } from './support/test-env.ts';

// The api caches key rows and intel cards; these tests show the caches never outlive a change
// by more than their documented bound, whether it is made in this process or in another one
// (another process is played by a second Redis connection on the same prefix, or a direct write).
describe('read caches of the api', () => {
  let t: TestService;
  let key: string;
  let otherRedis: Redis;
  let otherProcess: InvalidationBus;
  const get = (path: string, token = key) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const companyName = async (domain: string) => IntelSchema.parse(await (await get(`/v1/intel/${domain}`)).json()).company?.name;
  const storeContext = (domain: string, name: string) =>
    insertSnapshot(t.service.runtime.db, {
      domain,
      module: 'company.context',
      provider: 'website',
      data: { name, description: null, logoUrl: null, linkedinUrl: null },
      sourceUrl: `https://${domain}/`,
      fetchedAt: new Date(),
    });

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: true });
    await addUser(t.service.runtime.db, { email: 'sdr@example.com', role: 'sdr', team: 'West' });
    key = (await createApiKeyForUser(t.service.runtime.db, { email: 'sdr@example.com' })).key;
    otherRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    otherProcess = await createInvalidationBus({ redis: otherRedis, prefix: t.config.redis.prefix, logger: createCapturedLogger().logger });
  });
  afterAll(async () => {
    await otherProcess?.close();
    await otherRedis?.quit();
    await t?.stop();
  });

  it('serves a new snapshot as soon as the process that stored it says so', async () => {
    await storeContext('cached-co.com', 'Cached Co');
    expect(await companyName('cached-co.com')).toBe('Cached Co');
    // Written behind the api's back: the cached card is still served…
    await storeContext('cached-co.com', 'Cached Co (renamed)');
    expect(await companyName('cached-co.com')).toBe('Cached Co');
    // …until the writer's invalidation arrives over Redis, as a worker's does after each snapshot.
    otherProcess.publish('intel', 'cached-co.com');
    await expect.poll(() => companyName('cached-co.com'), { timeout: 2_000, interval: 20 }).toBe('Cached Co (renamed)');
  });

  it('refuses a key revoked through another api process at once', async () => {
    const { key: other, prefix } = await createApiKeyForUser(t.service.runtime.db, { email: 'sdr@example.com', name: 'other-api' });
    expect((await get('/v1/me', other)).status).toBe(200);
    await revokeApiKeyByPrefix(t.service.runtime.db, prefix);
    otherProcess.publish('api-key', prefix);
    await expect.poll(async () => (await get('/v1/me', other)).status, { timeout: 1_000, interval: 20 }).toBe(401);
  });

  it(`refuses a key revoked outside the api (pf keys revoke) within ${API_KEY_CACHE_TTL_MS} ms`, async () => {
    const { key: cli, prefix } = await createApiKeyForUser(t.service.runtime.db, { email: 'sdr@example.com', name: 'cli-revoked' });
    expect((await get('/v1/me', cli)).status).toBe(200);
    const revokedAt = Date.now();
    await revokeApiKeyByPrefix(t.service.runtime.db, prefix);
    await expect.poll(async () => (await get('/v1/me', cli)).status, { timeout: API_KEY_CACHE_TTL_MS + 1_500, interval: 50 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(API_KEY_CACHE_TTL_MS + 1_500);
    const body = ErrorBodySchema.parse(await (await get('/v1/me', cli)).json());
    expect(body.error.message).toContain('revoked');
  });
});
