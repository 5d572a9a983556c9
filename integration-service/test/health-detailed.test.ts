import { Redis } from 'ioredis';
import nock from 'nock';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetailedHealthSchema, ErrorBodySchema, type DetailedHealth, type ProviderHealth } from '@partnerforge/shared/schemas';
import { startCircuitBoard } from '../src/health/circuit-board.ts';
import { createCircuitStatus } from '../src/providers/resilience/circuit-status.ts';
import { requestJson } from '../src/providers/resilience/provider-http.ts';
import { createProviderPolicy } from '../src/providers/resilience/provider-policy.ts';
import { readApiUsage } from '../src/salesforce/api-usage.repository.ts';
import { addUser, createApiKeyForUser } from '../src/users/users.service.ts';
import { type TestService, startTestService } from './support/test-service.ts';
import { TEST_REDIS_URL } from './support/test-env.ts';

const INSTANCE = 'https://health-test.my.salesforce.com';
const BUILTWITH = 'https://api.builtwith.test';
// Secret values of the configuration: none may appear in the answer.
const SECRETS = {
  BUILTWITH_API_KEY: 'bw-secret-4f1c9a',
  SIMILARWEB_API_KEY: 'sw-secret-77b2e0',
  SALESFORCE_ACCESS_TOKEN: 'sf-token-secret-00D1c2',
  SALESFORCE_WEBHOOK_SECRET: 'webhook-secret-9e8d7c6b5a',
  PF_BRIEF_SIGNING_KEY: 'brief-signing-secret-0a1b2c3d4e5f',
};

const provider = (doc: DetailedHealth, name: string) => (doc.providers as ProviderHealth[]).find((p) => p.provider === name) as ProviderHealth;

describe('GET /health/detailed', () => {
  let t: TestService;
  let adminKey: string;
  let aeKey: string;
  let workerRedis: Redis;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    // The api alone: jobs and provider calls happen in worker processes.
    t = await startTestService({
      database: 'postgres',
      redis: true,
      env: { PF_ROLE: 'api', SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_LIMIT_SHARE: '0.75', YAHOO_FINANCE_ENABLED: 'false', ...SECRETS },
    });
    const db = t.service.runtime.db;
    await addUser(db, { email: 'ops@example.com', role: 'admin', team: 'Ops' });
    await addUser(db, { email: 'ae@example.com', role: 'ae', team: 'Sales' });
    adminKey = (await createApiKeyForUser(db, { email: 'ops@example.com' })).key;
    aeKey = (await createApiKeyForUser(db, { email: 'ae@example.com' })).key;
    workerRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    workerRedis?.disconnect();
    await t?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function getHealth(key?: string) {
    const res = await fetch(`${t.baseUrl}/health/detailed`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: res.status, text: await res.text() };
  }
  async function adminHealth(): Promise<{ doc: DetailedHealth; text: string }> {
    const { status, text } = await getHealth(adminKey);
    expect(status).toBe(200);
    return { doc: DetailedHealthSchema.parse(JSON.parse(text)), text };
  }

  it('refuses a caller without a key (401) and a non-admin (403) in the standard error shape', async () => {
    const anonymous = await getHealth();
    expect(anonymous.status).toBe(401);
    expect(ErrorBodySchema.parse(JSON.parse(anonymous.text)).error.code).toBe('unauthorized');
    const ae = await getHealth(aeKey);
    expect(ae.status).toBe(403);
    expect(ErrorBodySchema.parse(JSON.parse(ae.text)).error.code).toBe('forbidden');
  });

  it('gives an admin the checks, the mode, every provider, Salesforce and the queue', async () => {
    const { doc } = await adminHealth();
    expect(doc.status).toBe('ok');
    expect(doc.checks).toEqual({ database: { status: 'ok' }, redis: { status: 'ok' } });
    expect(doc.mode).toEqual({ database: 'postgres', jobs: 'bullmq', role: 'api' });
    expect(doc.circuitsSource).toBe('redis');
    expect((doc.providers as ProviderHealth[]).map((p) => [p.provider, p.configured, p.setting, p.rateLimitPerSecond, p.circuit.state])).toEqual([
      ['website', true, null, 5, 'closed'],
      ['builtwith', true, null, 10, 'closed'],
      ['similarweb', true, null, 10, 'closed'],
      ['yahoo-finance', false, 'YAHOO_FINANCE_ENABLED', 1, 'closed'],
    ]);
    expect(doc.salesforce).toMatchObject({ configured: true, auth: 'access_token', apiUsage: null, pauseAtShare: 0.75, sync: { paused: false } });
    expect(doc.queue).toMatchObject({ status: 'ok', counts: { 'enrich.domain': { waiting: 0, active: 0, delayed: 0, failed: 0 } } });
  });

  it('shows a breaker opened by failing calls in a worker process as open, and closed after recovery', async () => {
    // A worker's policy, publishing to the deployment's Redis prefix as a worker runtime does.
    const circuits = createCircuitStatus();
    const board = startCircuitBoard({ redis: workerRedis, prefix: t.config.redis.prefix, status: circuits, processId: 'worker-1:4242' });
    const policy = createProviderPolicy({ provider: 'builtwith', retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 300 }, circuits });
    const lookup = () => policy.execute((signal) => requestJson('builtwith', `${BUILTWITH}/v21/api.json?KEY=${SECRETS.BUILTWITH_API_KEY}&LOOKUP=acme.com`, { signal }));
    try {
      const failing = nock(BUILTWITH).get('/v21/api.json').query(true).times(2).reply(503, 'down for maintenance');
      for (let i = 0; i < 2; i++) await expect(lookup()).rejects.toMatchObject({ code: 'server_error' });
      failing.done();
      expect(policy.circuitState()).toBe('open');

      const opened = await adminHealth();
      const builtwith = provider(opened.doc, 'builtwith');
      expect(opened.doc.status).toBe('degraded');
      expect(builtwith.circuit).toMatchObject({ state: 'open', lastFailure: { code: 'server_error' } });
      expect(builtwith.circuit.lastFailure?.reason).toContain('503');
      expect(Date.parse(builtwith.circuit.since ?? '')).toBeGreaterThan(Date.now() - 10_000);
      expect(builtwith.circuit.processes).toMatchObject([{ processId: 'worker-1:4242', state: 'open' }]);
      expect(provider(opened.doc, 'similarweb').circuit.state).toBe('closed');
      for (const secret of Object.values(SECRETS)) expect(opened.text).not.toContain(secret);

      // After the open period one probe passes, and the circuit closes.
      await new Promise((resolve) => setTimeout(resolve, 350));
      const healthy = nock(BUILTWITH).get('/v21/api.json').query(true).reply(200, { Results: [] });
      await lookup();
      healthy.done();
      const recovered = await adminHealth();
      expect(provider(recovered.doc, 'builtwith').circuit).toMatchObject({ state: 'closed', lastFailure: { code: 'server_error' } });
      expect(recovered.doc.status).toBe('ok');
    } finally {
      await board.close();
    }
    // A cleanly stopped worker takes its reports with it.
    expect(provider((await adminHealth()).doc, 'builtwith').circuit.processes).toEqual([]);
  });

  it('drops the report of a process that stopped refreshing it', async () => {
    const key = `${t.config.redis.prefix}:health:circuits`;
    const stale = { provider: 'similarweb', state: 'open', since: '2026-01-01T00:00:00.000Z', lastFailure: null, processId: 'gone:1', reportedAt: new Date(Date.now() - 120_000).toISOString() };
    await workerRedis.hset(key, 'similarweb|gone:1', JSON.stringify(stale));
    expect(provider((await adminHealth()).doc, 'similarweb').circuit.state).toBe('closed');
    expect(await workerRedis.hexists(key, 'similarweb|gone:1')).toBe(0);
  });

  it('shows the Salesforce API usage after a response carried Sforce-Limit-Info, and the pause above the share', async () => {
    const scope = nock(INSTANCE).get('/services/data/v62.0/limits').reply(200, {}, { 'Sforce-Limit-Info': 'api-usage=12000/15000' });
    const client = t.service.runtime.salesforce?.client;
    expect(client).toBeDefined();
    await client?.request({ method: 'GET', url: '/limits' }, { operation: 'limits' });
    scope.done();

    const { doc, text } = await adminHealth();
    expect(doc.salesforce).toMatchObject({
      configured: true,
      apiUsage: { used: 12000, max: 15000, share: 0.8 },
      sync: { paused: true, reason: 'threshold' },
    });
    // Stored for the api processes that make no calls themselves.
    expect(await readApiUsage(t.service.runtime.db)).toMatchObject({ used: 12000, limit: 15000, paused: true });
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
