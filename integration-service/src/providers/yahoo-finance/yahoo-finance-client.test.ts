import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import { isProviderError, type ProviderError } from '../resilience/provider-error.ts';
import { createProviderPolicy } from '../resilience/provider-policy.ts';
import { createMemoryRateLimiter } from '../resilience/rate-limiter.ts';
import summaryNotFound from './__fixtures__/quote-summary-not-found.json' with { type: 'json' };
import summaryCost from './__fixtures__/quote-summary-cost.json' with { type: 'json' };
import searchCostco from './__fixtures__/search-costco.json' with { type: 'json' };
import searchNone from './__fixtures__/search-none.json' with { type: 'json' };
import { createYahooFinanceClient, type YahooFinanceClientOptions } from './yahoo-finance-client.ts';

// One fake host stands in for query1/query2.finance.yahoo.com and finance.yahoo.com alike.
const HOST = 'https://yahoo.fake.test';
const CRUMB = 'Xk2fJq9.Ab1';
const NOW = new Date('2026-11-22T10:00:00Z');
const MODULES = 'assetProfile,price,financialData,summaryDetail';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
// yahoo-finance2 caches the crumb module-wide; every test starts without a session.
beforeEach(() => getCrumbClear(new ExtendedCookieJar()));
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function client(options: Partial<YahooFinanceClientOptions> = {}) {
  const policy = createProviderPolicy({ provider: 'yahoo-finance', baseDelayMs: 5, timeoutMs: 2_000 });
  return createYahooFinanceClient({ baseUrl: HOST, policy, now: () => NOW, ...options });
}

const search = (q: string) => nock(HOST).get('/v1/finance/search').query((query) => query.q === q && query.newsCount === '0');
/** yahoo-finance2's cookie + crumb steps: a page that sets the session cookie, then getcrumb with it. */
const crumbDance = () =>
  nock(HOST)
    .get('/quote/AAPL')
    .reply(200, '<!doctype html><html></html>', {
      'set-cookie': 'A3=d=AQABBPu5wGoCEPCy&S=AQAAAtFf; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly',
    })
    .get('/v1/test/getcrumb')
    .matchHeader('cookie', /A3=d=AQABBPu5wGoCEPCy/)
    .reply(200, CRUMB, { 'content-type': 'text/plain' });
const quoteSummary = (symbol: string) =>
  nock(HOST).get(`/v10/finance/quoteSummary/${symbol}`).matchHeader('cookie', /A3=/).query({ formatted: 'false', modules: MODULES, crumb: CRUMB });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('Yahoo Finance client', () => {
  it('resolves the ticker by name, checks the website against the domain and reads the financials', async () => {
    const scopes = [search('Costco Wholesale').reply(200, searchCostco), crumbDance(), quoteSummary('COST').reply(200, summaryCost)];
    const result = await client().financials({ domain: 'costco.com', companyName: 'Costco Wholesale' });
    for (const scope of scopes) scope.done();
    expect(result).toEqual({
      provider: 'yahoo-finance',
      sourceUrl: 'https://finance.yahoo.com/quote/COST',
      fetchedAt: NOW,
      data: expect.objectContaining({ ticker: 'COST', exchange: 'NasdaqGS', marketCapUsd: 404823339008, revenueUsd: 275235004416, employees: 341000 }),
    });
    expect(result?.data.officers[0]).toEqual({ name: 'Mr. Ron M. Vachris', title: 'President, CEO & Director' });
  });

  it('keeps its session: a second lookup needs no new cookie or crumb', async () => {
    const yahoo = client();
    const first = [search('Costco Wholesale').reply(200, searchCostco), crumbDance(), quoteSummary('COST').reply(200, summaryCost)];
    await yahoo.financials({ domain: 'costco.com', companyName: 'Costco Wholesale' });
    for (const scope of first) scope.done();
    const second = [search('costco').reply(200, searchCostco), quoteSummary('COST').reply(200, summaryCost)];
    expect((await yahoo.financials({ domain: 'www.costco.com' }))?.data.ticker).toBe('COST');
    for (const scope of second) scope.done();
  });

  it('answers null for a company with no listing, without asking for a crumb', async () => {
    const scope = search('Acme Private Labs').reply(200, searchNone);
    expect(await client().financials({ domain: 'acme-labs.example', companyName: 'Acme Private Labs' })).toBeNull();
    scope.done();
  });

  it('answers null when no candidate is the prospect, skipping unknown symbols', async () => {
    const scopes = [
      search('Costco').reply(200, searchCostco),
      crumbDance(),
      // Costco's website is costco.com, not the prospect's domain.
      quoteSummary('COST').reply(200, summaryCost),
      quoteSummary('COST.NE').reply(404, summaryNotFound),
    ];
    expect(await client().financials({ domain: 'costco-catering.example', companyName: 'Costco' })).toBeNull();
    for (const scope of scopes) scope.done();
  });

  it('retries a 429 from Yahoo under its policy', async () => {
    const scopes = [
      search('Costco Wholesale').reply(429, 'Too Many Requests', { 'retry-after': '0' }),
      search('Costco Wholesale').reply(200, searchCostco),
      crumbDance(),
      quoteSummary('COST').reply(502, 'bad gateway'),
      quoteSummary('COST').reply(200, summaryCost),
    ];
    expect((await client().financials({ domain: 'costco.com', companyName: 'Costco Wholesale' }))?.data.ticker).toBe('COST');
    for (const scope of scopes) scope.done();
  });

  it('renews a session Yahoo refuses ("Invalid Crumb") and retries', async () => {
    const scopes = [
      search('Costco Wholesale').reply(200, searchCostco),
      crumbDance(),
      quoteSummary('COST').reply(401, { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } }),
      crumbDance(),
      quoteSummary('COST').reply(200, summaryCost),
    ];
    expect((await client().financials({ domain: 'costco.com', companyName: 'Costco Wholesale' }))?.data.ticker).toBe('COST');
    for (const scope of scopes) scope.done();
  });

  it('gives up as unauthorized when Yahoo keeps refusing the session', async () => {
    const scopes = [
      search('Costco Wholesale').reply(200, searchCostco),
      nock(HOST).get('/quote/AAPL').times(2).reply(200, 'ok', { 'set-cookie': 'A3=d=x; Max-Age=3600; Domain=.yahoo.com; Path=/' }),
      nock(HOST).get('/v1/test/getcrumb').times(2).reply(401, 'Unauthorized'),
    ];
    const error = await failure(client({ policy: createProviderPolicy({ provider: 'yahoo-finance', baseDelayMs: 5, retries: 1 }) }).financials({ domain: 'costco.com', companyName: 'Costco Wholesale' }));
    expect(error).toMatchObject({ provider: 'yahoo-finance', code: 'unauthorized', status: 401 });
    for (const scope of scopes) scope.done();
  });

  it('spaces every request, the crumb steps included, when given a rate limit', async () => {
    const scopes = [search('Costco Wholesale').reply(200, searchCostco), crumbDance(), quoteSummary('COST').reply(200, summaryCost)];
    const started = performance.now();
    await client({ rateLimit: { limiter: createMemoryRateLimiter(), perSecond: 5 } }).financials({ domain: 'costco.com', companyName: 'Costco Wholesale' });
    // Four requests 200 ms apart: the last one starts 600 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    for (const scope of scopes) scope.done();
  });
});
