import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { createBudgetGuard } from '../../budget/budget-guard.ts';
import type { Db } from '../../database/database.ts';
import { createEventBus } from '../../events/domain-events.ts';
import { createProviderPolicy } from '../resilience/provider-policy.ts';
import { isProviderError, type ProviderError } from '../resilience/provider-error.ts';
import creditsError from './__fixtures__/domain-error-credits.json' with { type: 'json' };
import lookupFixture from './__fixtures__/domain-lookup.json' with { type: 'json' };
import { createBuiltWithClient } from './builtwith-client.ts';

const HOST = 'https://builtwith.fake.test';
const KEY = 'bw-key-00000000-1111-2222-3333-444444444444';
const NOW = new Date('2026-11-22T10:00:00Z');
let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  closeDb = testDb.close;
});
afterEach(async () => {
  nock.cleanAll();
  await db.deleteFrom('api_usage').execute();
  await db.deleteFrom('budgets').execute();
});
afterAll(async () => {
  nock.enableNetConnect();
  await closeDb?.();
});

function client() {
  const policy = createProviderPolicy({ provider: 'builtwith', baseDelayMs: 5, timeoutMs: 2_000, breaker: { consecutiveFailures: 50 } });
  const budget = createBudgetGuard({ db, events: createEventBus(), now: () => NOW });
  return createBuiltWithClient({ baseUrl: HOST, apiKey: KEY, policy, budget, now: () => NOW });
}
const domainApi = () => nock(HOST).get('/v21/api.json').query({ KEY, LOOKUP: 'costco.com' });
const usage = () => db.selectFrom('api_usage').select(['provider', 'endpoint', 'domain', 'cost_usd', 'status_code']).orderBy('id').execute();

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('BuiltWith client', () => {
  it('looks a domain up, normalizes the stack, cites a key-free source and charges the lookup', async () => {
    const scope = domainApi().reply(200, lookupFixture, { 'x-api-credits-remaining': '1999' });
    const result = await client().lookup({ domain: 'costco.com' });
    scope.done();
    expect(result.provider).toBe('builtwith');
    expect(result.sourceUrl).toBe(`${HOST}/v21/api.json?LOOKUP=costco.com`);
    expect(result.fetchedAt).toEqual(NOW);
    expect(result.data.techSpendUsd).toBe(12450);
    expect(result.data.technologies).toHaveLength(4);
    expect(await usage()).toEqual([{ provider: 'builtwith', endpoint: 'v21/api.json', domain: 'costco.com', cost_usd: '0.1000', status_code: 200 }]);
  });

  it('waits out a 429 for its retryAfterSeconds, then succeeds', async () => {
    const scope = domainApi().reply(429, { retryAfterSeconds: 0.3 }).get('/v21/api.json').query(true).reply(200, lookupFixture);
    const started = performance.now();
    await client().lookup({ domain: 'costco.com' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    scope.done();
  });

  it('reports an unknown domain (404) as not_found after one request, at no cost', async () => {
    const scope = domainApi().once().reply(404, { error: 'not found' });
    expect(await failure(client().lookup({ domain: 'costco.com' }))).toMatchObject({ code: 'not_found', status: 404 });
    scope.done();
    expect(await usage()).toMatchObject([{ cost_usd: '0.0000', status_code: 404 }]);
  });

  it('refuses a key or quota error (403) without retrying, never echoing the key', async () => {
    const scope = domainApi().once().reply(403, `Invalid key ${KEY}`);
    const error = await failure(client().lookup({ domain: 'costco.com' }));
    expect(error).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(error.message).not.toContain(KEY);
    scope.done();
  });

  it('treats an error reported in a 200 (out of credits) as a failed, uncharged call', async () => {
    const scope = domainApi().once().reply(200, creditsError);
    expect(await failure(client().lookup({ domain: 'costco.com' }))).toMatchObject({ code: 'unauthorized' });
    scope.done();
    expect(await usage()).toMatchObject([{ cost_usd: '0.0000', status_code: 200 }]);
  });

  it('makes no request when the budget refuses the lookup', async () => {
    await db.insertInto('budgets').values({ team_id: null, provider: 'builtwith', limit_usd: 0.05 }).execute();
    // No interceptor and no network: a request would fail as `network`, not `budget_exceeded`.
    expect(await failure(client().lookup({ domain: 'costco.com' }))).toMatchObject({ code: 'budget_exceeded' });
    expect(await usage()).toEqual([]);
  });
});
