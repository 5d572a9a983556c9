import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IntelSchema } from '@partnerforge/shared/schemas';
import { readSavedPage, startLocalSites, type FixtureSite, type LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { createApiCaller } from './support/api-client.ts';
import { BUILTWITH_URL, PROVIDER_KEYS, SIMILARWEB_URL, YAHOO_URL, builtwithApi, builtwithLookup, similarwebApi, similarwebVisits, yahooListedCompany } from './support/provider-stand-ins.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// Each test enriches its own domain; the local server plays every prospect site.
const SITES: Record<string, FixtureSite> = {
  'acme-shop.com': 'shopify-algolia',
  'globe-daily.com': 'aem-swiftype',
  'twice-shop.com': 'shopify-algolia',
  'slow-down-shop.com': 'shopify-algolia',
  'cache-shop.com': 'shopify-algolia',
  'gone-site.com': 'plain-site',
};
let sites: LocalSites;

beforeAll(async () => {
  sites = await startLocalSites((host, path, res) => {
    const domain = host.replace(/^www\./, '');
    const site = SITES[domain];
    // gone-site.com is down: the connection succeeds but the server errors on every page.
    if (!site || domain === 'gone-site.com' || path !== '/') {
      res.writeHead(domain === 'gone-site.com' ? 503 : 404).end();
      return;
    }
    const page = readSavedPage(site);
    res.writeHead(200, page.headers).end(page.body);
  });
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await sites?.close();
});

const homepageFetches = (domain: string) => sites.requests.filter((r) => r.replace(/^www\./, '').startsWith(`${domain} /`)).length;

function serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PF_HTTP_RESOLVE: sites.pins(Object.keys(SITES)),
    BUILTWITH_API_URL: BUILTWITH_URL,
    BUILTWITH_API_KEY: PROVIDER_KEYS.builtwith,
    SIMILARWEB_API_URL: SIMILARWEB_URL,
    SIMILARWEB_API_KEY: PROVIDER_KEYS.similarweb,
    YAHOO_FINANCE_URL: YAHOO_URL,
    YAHOO_FINANCE_ENABLED: 'false',
    PF_PROVIDER_RETRY_BASE_MS: '10',
    PF_PROVIDER_TIMEOUT_MS: '3000',
    // Breaker behaviour has its own tests; here a failing test must not trip the next one.
    PF_CIRCUIT_FAILURES: '100',
    PF_PROVIDER_RATE_LIMITS: 'builtwith=100,similarweb=100,yahoo-finance=100,website=100',
    ...extra,
  };
}

describe('enrichment with every provider answering', () => {
  let t: TestService;
  let api: Awaited<ReturnType<typeof createApiCaller>>;
  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: true, env: serviceEnv({ YAHOO_FINANCE_ENABLED: 'true' }) });
    api = await createApiCaller(t);
  });
  afterAll(async () => t?.stop());

  it('completes, scores, and serves intel where every fact has a key-free source', async () => {
    const scopes = [
      builtwithApi('acme-shop.com').reply(200, builtwithLookup),
      similarwebApi('acme-shop.com').reply(200, similarwebVisits),
      yahooListedCompany('acme-shop.com', 'ACME', 'Acme Shop Inc.'),
    ];
    const accepted = await api.enrich({ domain: 'https://WWW.Acme-Shop.com/collections?q=1' });
    expect(accepted).toMatchObject({ domain: 'acme-shop.com', deduplicated: false, statusUrl: `/v1/enrichments/${accepted.jobId}` });
    const job = await api.waitForJob(accepted.jobId);
    expect(job.status).toBe('completed');
    expect(job.progress).toBe(100);
    expect(Object.fromEntries(Object.entries(job.modules).map(([id, m]) => [id, m.status]))).toEqual({
      'website.fingerprint': 'completed',
      'company.context': 'completed',
      'tech.builtwith': 'completed',
      'traffic.similarweb': 'completed',
      'financials.yahoo': 'completed',
      score: 'completed',
    });
    for (const scope of scopes) scope.done();

    const res = await api.call('/v1/intel/acme-shop.com');
    expect(res.status).toBe(200);
    const intel = IntelSchema.parse(await res.json());
    expect(intel.company?.name).toBe('Acme Shop');
    expect(intel.searchVendor).toBe('Algolia');
    expect(intel.partnerPlatforms).toEqual(expect.arrayContaining(['Shopify']));
    expect(intel.technologies.find((tech) => tech.name === 'Shopify')?.sources).toContain('website.fingerprint');
    expect(intel.traffic?.monthlyVisits).toBeGreaterThan(0);
    expect(intel.financials).toMatchObject({ ticker: 'ACME' });
    expect(intel.tier).not.toBeNull();
    expect(intel.breakdown.map((b) => b.factor).sort()).toEqual(['partner_technology', 'tech_spend', 'traffic', 'vertical']);
    // BuiltWith's recorded answer lists Adobe technology, which outranks Shopify (10 vs 7 points).
    expect(intel.breakdown.find((b) => b.factor === 'partner_technology')).toMatchObject({ points: 10, reason: expect.stringMatching(/Adobe/) });
    expect(intel.sources.map((s) => s.module).sort()).toEqual(['company.context', 'financials.yahoo', 'score', 'tech.builtwith', 'traffic.similarweb', 'website.fingerprint']);
    expect(intel.sources.every((s) => s.sourceUrl.length > 0 && s.fresh)).toBe(true);
    expect(JSON.stringify(intel)).not.toContain(PROVIDER_KEYS.builtwith);
    expect(JSON.stringify(intel)).not.toContain(PROVIDER_KEYS.similarweb);

    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/pf_enrichment_total\{status="completed"\} 1/);
    expect(metrics).toMatch(/pf_module_executions_total\{module="tech.builtwith",status="completed"\} 1/);
    expect(metrics).toMatch(/pf_api_cost_usd_total\{provider="builtwith"/);

    // Paid calls are charged to the ledger with their cost.
    const usage = await t.service.runtime.db.selectFrom('api_usage').select(['provider', 'cost_usd', 'domain']).where('domain', '=', 'acme-shop.com').execute();
    expect(usage.map((u) => [u.provider, Number(u.cost_usd)]).sort()).toEqual([['builtwith', 0.1], ['similarweb', 0.08]]);
  });
});

describe.each([
  { mode: 'PostgreSQL + BullMQ', database: 'postgres' as const, redis: true },
  { mode: 'embedded PGlite + in-process jobs', database: 'pglite' as const, redis: false },
])('enrichment on $mode', ({ database, redis }) => {
  let t: TestService;
  let api: Awaited<ReturnType<typeof createApiCaller>>;
  beforeAll(async () => {
    t = await startTestService({ database, redis, env: serviceEnv() });
    api = await createApiCaller(t);
  });
  afterAll(async () => t?.stop());

  it('shares one job between concurrent requests: one provider call per module', async () => {
    const before = homepageFetches('twice-shop.com');
    const scopes = [builtwithApi('twice-shop.com').reply(200, builtwithLookup), similarwebApi('twice-shop.com').reply(200, similarwebVisits)];
    const [first, second] = await Promise.all([api.enrich({ domain: 'twice-shop.com' }), api.enrich({ domain: 'www.twice-shop.com' })]);
    expect(second?.jobId).toBe(first?.jobId);
    expect([first?.deduplicated, second?.deduplicated].sort()).toEqual([false, true]);
    const job = await api.waitForJob(first!.jobId);
    expect(job.status).toBe('completed');
    for (const scope of scopes) scope.done();
    // Fingerprint and company context read the same single homepage fetch.
    expect(homepageFetches('twice-shop.com') - before).toBe(1);
    expect(job.modules['financials.yahoo']?.status).toBe('skipped');
  });

  it('serves a fresh result from the database, and fetches again only when forced', async () => {
    builtwithApi('cache-shop.com').reply(200, builtwithLookup);
    similarwebApi('cache-shop.com').reply(200, similarwebVisits);
    expect((await api.waitForJob((await api.enrich({ domain: 'cache-shop.com' })).jobId)).status).toBe('completed');
    const fetchesBefore = homepageFetches('cache-shop.com');

    // No interceptor is left: a provider call would fail the module.
    const cached = await api.waitForJob((await api.enrich({ domain: 'cache-shop.com' })).jobId);
    expect(cached.status).toBe('completed');
    expect(cached.modules['tech.builtwith']?.status).toBe('cached');
    expect(cached.modules['website.fingerprint']?.status).toBe('cached');
    expect(homepageFetches('cache-shop.com')).toBe(fetchesBefore);

    const scope = builtwithApi('cache-shop.com').reply(200, builtwithLookup);
    similarwebApi('cache-shop.com').reply(200, similarwebVisits);
    const forced = await api.waitForJob((await api.enrich({ domain: 'cache-shop.com', force: true, modules: ['tech.builtwith'] })).jobId);
    expect(forced.modules['tech.builtwith']?.status).toBe('completed');
    expect(Object.keys(forced.modules)).toEqual(['tech.builtwith']);
    scope.done();
  });

  it('ends partial when a provider keeps failing, and a retry fetches only what is missing', async () => {
    builtwithApi('globe-daily.com').reply(200, builtwithLookup);
    // Four executions: the first try and three retries, all failing.
    const failing = similarwebApi('globe-daily.com').times(4).reply(500, { meta: { status: 'Error' } });
    const job = await api.waitForJob((await api.enrich({ domain: 'globe-daily.com' })).jobId);
    expect(job.status).toBe('partial');
    expect(job.modules['traffic.similarweb']).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    expect(job.modules['website.fingerprint']?.status).toBe('completed');
    failing.done();
    const intel = IntelSchema.parse(await (await api.call('/v1/intel/globe-daily.com')).json());
    expect(intel.searchVendor).toMatch(/Swiftype|Elastic/);
    expect(intel.partnerPlatforms).toContain('Adobe Experience Manager');
    expect(intel.traffic).toBeNull();

    const fetchesBefore = homepageFetches('globe-daily.com');
    const recovered = similarwebApi('globe-daily.com').reply(200, similarwebVisits);
    const retryRes = await api.call(`/v1/enrichments/${job.jobId}/retry`, { method: 'POST' });
    expect(retryRes.status).toBe(202);
    const retry = await api.waitForJob(((await retryRes.json()) as { jobId: string }).jobId);
    expect(retry).toMatchObject({ status: 'completed', retryOf: job.jobId });
    expect(retry.modules['traffic.similarweb']?.status).toBe('completed');
    expect(retry.modules['tech.builtwith']?.status).toBe('cached');
    expect(homepageFetches('globe-daily.com')).toBe(fetchesBefore);
    recovered.done();
    expect((await api.call(`/v1/enrichments/${retry.jobId}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('ends failed when every provider fails, without inventing a score', async () => {
    builtwithApi('gone-site.com').reply(403, { Errors: [{ Message: 'bad key' }] });
    similarwebApi('gone-site.com').reply(404, { meta: { status: 'Error', error_code: 401, error_message: 'Data not found' } });
    const job = await api.waitForJob((await api.enrich({ domain: 'gone-site.com' })).jobId);
    expect(job.status).toBe('failed');
    expect(job.modules['tech.builtwith']?.error?.code).toBe('unauthorized');
    expect(job.modules['website.fingerprint']?.status).toBe('failed');
    expect(job.modules.score?.status).toBe('failed');
    expect((await api.call('/v1/intel/gone-site.com')).status).toBe(404);
  });

  it('waits out a 429 for as long as Retry-After asks', async () => {
    const times: number[] = [];
    const scope = builtwithApi('slow-down-shop.com')
      .reply(() => {
        times.push(Date.now());
        return [429, { error: 'slow down' }, { 'Retry-After': '1' }];
      })
      .get('/v21/api.json')
      .query(true)
      .reply(() => {
        times.push(Date.now());
        return [200, builtwithLookup];
      });
    similarwebApi('slow-down-shop.com').reply(200, similarwebVisits);
    const job = await api.waitForJob((await api.enrich({ domain: 'slow-down-shop.com' })).jobId);
    expect(job.modules['tech.builtwith']?.status).toBe('completed');
    scope.done();
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('refuses what is not a company domain, and says how to get intel not yet gathered', async () => {
    for (const domain of ['127.0.0.1', 'localhost', 'https://user:pw@acme-shop.com', 'costco']) {
      const res = await api.call('/v1/enrichments', { method: 'POST', body: JSON.stringify({ domain }) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    const missing = await api.call('/v1/intel/never-enriched.com');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found', details: { hint: { method: 'POST', path: '/v1/enrichments' } } } });
  });
});
