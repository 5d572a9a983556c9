import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { createBudgetGuard } from '../../budget/budget-guard.ts';
import type { Db } from '../../database/database.ts';
import { createEventBus } from '../../events/domain-events.ts';
import { isProviderError, type ProviderError } from '../resilience/provider-error.ts';
import { createProviderPolicy } from '../resilience/provider-policy.ts';
import notFound from './__fixtures__/error-data-not-found.json' with { type: 'json' };
import monthly from './__fixtures__/visits-monthly.json' with { type: 'json' };
import { createSimilarWebClient } from './similarweb-client.ts';

const HOST = 'https://similarweb.fake.test';
const KEY = 'sw-0123456789abcdef';
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
});
afterAll(async () => {
  nock.enableNetConnect();
  await closeDb?.();
});

function client() {
  const policy = createProviderPolicy({ provider: 'similarweb', baseDelayMs: 5, timeoutMs: 2_000 });
  const budget = createBudgetGuard({ db, events: createEventBus(), now: () => NOW });
  return createSimilarWebClient({ baseUrl: HOST, apiKey: KEY, policy, budget, now: () => NOW });
}
const visitsApi = (domain = 'costco.com') =>
  nock(HOST).get(`/v1/website/${domain}/total-traffic-and-engagement/visits`).query({
    api_key: KEY,
    start_date: '2026-05',
    end_date: '2026-10',
    country: 'world',
    granularity: 'monthly',
    main_domain_only: 'false',
  });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('SimilarWeb client', () => {
  it('reads the last 6 full months of world visits and charges the call', async () => {
    const scope = visitsApi().reply(200, monthly);
    const teamId = (await db.insertInto('teams').values({ name: 'West' }).returning('id').executeTakeFirstOrThrow()).id;
    const result = await client().traffic({ domain: 'costco.com', teamId });
    scope.done();
    expect(result).toMatchObject({ provider: 'similarweb', fetchedAt: NOW, data: { monthlyVisits: 117727739 } });
    expect(result.data.visitsByMonth).toHaveLength(6);
    expect(result.sourceUrl).toBe(
      `${HOST}/v1/website/costco.com/total-traffic-and-engagement/visits?start_date=2026-05&end_date=2026-10&country=world&granularity=monthly&main_domain_only=false`,
    );
    expect(result.sourceUrl).not.toContain(KEY);
    const rows = await db.selectFrom('api_usage').select(['provider', 'team_id', 'cost_usd', 'status_code']).execute();
    expect(rows).toEqual([{ provider: 'similarweb', team_id: teamId, cost_usd: '0.0800', status_code: 200 }]);
  });

  it('retries a 503 and then succeeds', async () => {
    const scope = visitsApi().reply(503, 'maintenance').get(/visits/).query(true).reply(200, monthly);
    expect((await client().traffic({ domain: 'costco.com' })).data.monthlyVisits).toBe(117727739);
    scope.done();
  });

  it('reports "Data not found" as not_found, uncharged', async () => {
    const scope = visitsApi('nobody.example').once().reply(200, notFound);
    expect(await failure(client().traffic({ domain: 'nobody.example' }))).toMatchObject({ code: 'not_found' });
    scope.done();
    expect(await db.selectFrom('api_usage').select('cost_usd').execute()).toEqual([{ cost_usd: '0.0000' }]);
  });

  it('does not retry a 400', async () => {
    const scope = visitsApi().once().reply(400, { meta: { status: 'Error', error_code: 400, error_message: 'Invalid date range' } });
    expect(await failure(client().traffic({ domain: 'costco.com' }))).toMatchObject({ code: 'bad_request', status: 400 });
    scope.done();
  });
});
