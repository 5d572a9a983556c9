import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, IntelSchema } from '@partnerforge/shared/schemas';
import { EVERY_KEY, createInvalidationBus, type InvalidationBus } from '../src/cache/invalidation-bus.ts';
import { ACCOUNT_OWNERSHIP_CACHE_TTL_MS, API_KEY_CACHE_TTL_MS } from '../src/cache/read-caches.ts';
import { assignAccount } from '../src/org/org.service.ts';
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
  let adminKey: string;
  let otherRedis: Redis;
  let otherProcess: InvalidationBus;
  const get = (path: string, token = key) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const intelStatus = async (domain: string) => (await get(`/v1/intel/${domain}`)).status;
  const assignThroughApi = (domain: string, email: string) =>
    fetch(`${t.baseUrl}/v1/assignments`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ domain, email, role: 'owner' }) });
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
    await addUser(t.service.runtime.db, { email: 'ae-east@example.com', role: 'ae', team: 'East' });
    await addUser(t.service.runtime.db, { email: 'admin@example.com', role: 'admin' });
    adminKey = (await createApiKeyForUser(t.service.runtime.db, { email: 'admin@example.com' })).key;
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

  it('answers a cached card with the same JSON and ETag every time, and 304 to a conditional read', async () => {
    await storeContext('etag-co.com', 'ETag Co');
    const first = await get('/v1/intel/etag-co.com');
    const second = await get('/v1/intel/etag-co.com');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(IntelSchema.parse(await first.json()).company?.name).toBe('ETag Co');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]+-[\w+/-]+"$/);
    expect(second.headers.get('etag')).toBe(tag);
    // undici's request, not fetch: fetch adds `cache-control: no-cache` to a conditional request, which rules out a 304.
    const conditional = await request(`${t.baseUrl}/v1/intel/etag-co.com`, { headers: { authorization: `Bearer ${key}`, 'if-none-match': tag as string } });
    await conditional.body.dump();
    expect(conditional.statusCode).toBe(304);
    // A new snapshot is a new card: a new tag, so the conditional read gets the new body.
    await storeContext('etag-co.com', 'ETag Co (renamed)');
    otherProcess.publish('intel', 'etag-co.com');
    await expect.poll(async () => (await get('/v1/intel/etag-co.com')).headers.get('etag'), { timeout: 2_000, interval: 100 }).not.toBe(tag);
  });

  it('follows a domain alias from memory: added by hand, it applies within the alias table\'s 5 s', async () => {
    await storeContext('alias-co.com', 'Alias Co');
    await t.service.runtime.db.insertInto('domain_aliases').values({ alias: 'alias-co.ca', domain: 'alias-co.com' }).execute();
    // 250 ms apart: the SDR's key is on the standard tier (100 reads a minute).
    await expect.poll(() => companyName('alias-co.ca'), { timeout: 6_500, interval: 250 }).toBe('Alias Co');
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

  describe('account ownership (the role matrix of every read)', () => {
    it('closes an account to another team as soon as an owner is assigned through the API', async () => {
      await storeContext('owned-api.com', 'Owned Through The API');
      expect(await intelStatus('owned-api.com')).toBe(200); // unowned: everyone reads it, and now it is cached
      expect((await assignThroughApi('owned-api.com', 'ae-east@example.com')).status).toBe(201);
      // No wait: the route that changed the ownership invalidated it.
      expect(await intelStatus('owned-api.com')).toBe(403);
    });

    it('follows an invalidation from another process at once', async () => {
      await storeContext('owned-elsewhere.com', 'Owned Elsewhere');
      expect(await intelStatus('owned-elsewhere.com')).toBe(200);
      await assignAccount(t.service.runtime.db, { domain: 'owned-elsewhere.com', email: 'ae-east@example.com', role: 'owner' });
      otherProcess.publish('account-access', EVERY_KEY);
      await expect.poll(() => intelStatus('owned-elsewhere.com'), { timeout: 1_000, interval: 20 }).toBe(403);
    });

    it(`follows an owner set outside the API (the CLI, the Salesforce owner sync) within ${ACCOUNT_OWNERSHIP_CACHE_TTL_MS} ms`, async () => {
      await storeContext('owned-by-cli.com', 'Owned By The CLI');
      expect(await intelStatus('owned-by-cli.com')).toBe(200);
      const assignedAt = Date.now();
      await assignAccount(t.service.runtime.db, { domain: 'owned-by-cli.com', email: 'ae-east@example.com', role: 'owner' });
      // Served from the cache for a while: the bound is the point of this test, not a flake guard.
      expect(await intelStatus('owned-by-cli.com')).toBe(200);
      // 250 ms apart: the SDR's key is on the standard tier (100 reads a minute).
      await expect.poll(() => intelStatus('owned-by-cli.com'), { timeout: ACCOUNT_OWNERSHIP_CACHE_TTL_MS + 1_500, interval: 250 }).toBe(403);
      expect(Date.now() - assignedAt).toBeLessThan(ACCOUNT_OWNERSHIP_CACHE_TTL_MS + 1_500);
    });
  });
});
