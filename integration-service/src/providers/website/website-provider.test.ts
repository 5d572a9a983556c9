import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSafeFetcher, type SafeFetcher } from '../../http/safe-fetch.ts';
import { isProviderError } from '../resilience/provider-error.ts';
import { createProviderPolicy } from '../resilience/provider-policy.ts';
import { classifyTechnologies } from './classify.ts';
import { extractCompanyContext } from './company-context.ts';
import { detectTechnologies } from './fingerprint.ts';
import { serverHeadersOf } from './server-headers.ts';
import {
  FIXTURE_DOMAINS,
  FIXTURE_SITES,
  readSavedPage,
  sendRedirect,
  sendSavedPage,
  startLocalSites,
  type FixtureSite,
  type LocalSites,
  type SavedPage,
} from './__fixtures__/fixture-sites.ts';
import { readHomepage } from './read-homepage.ts';
import { createWebsiteProvider } from './website-provider.ts';

/** Sites whose bare domain redirects to www, as most big sites do; the others answer on the bare domain. */
const REDIRECTS_TO_WWW = new Set(['acme-shop.com', 'globe-daily.com']);
const ERROR_SITES = ['gone-shop.com', 'flaky-shop.com', 'evil-shop.com'];

let sites: LocalSites;
let fetcher: SafeFetcher;
let flakyCalls = 0;

beforeAll(async () => {
  const pages = new Map<string, SavedPage>(Object.entries(FIXTURE_DOMAINS).map(([site, domain]) => [domain, readSavedPage(site as FixtureSite)]));
  sites = await startLocalSites((host, path, response) => {
    const domain = host.replace(/^www\./, '');
    const page = pages.get(domain);
    if (page !== undefined && path === '/') {
      if (REDIRECTS_TO_WWW.has(domain) && host === domain) return sendRedirect(response, `http://www.${domain}/`);
      return sendSavedPage(response, page);
    }
    if (host === 'flaky-shop.com' && flakyCalls++ === 0) return void response.writeHead(503).end('try later');
    if (host === 'flaky-shop.com') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<title>Flaky Shop</title>');
    if (host === 'evil-shop.com') return sendRedirect(response, 'http://169.254.169.254/latest/meta-data/');
    response.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
  const down = ['down-shop.com', 'www.down-shop.com'].flatMap((host) => [80, 443].map((port) => `${host}:${port}:127.0.0.1:${sites.closedPort}`));
  fetcher = createSafeFetcher({ resolve: [sites.pins([...Object.values(FIXTURE_DOMAINS), ...ERROR_SITES]), ...down].join(',') });
});

afterAll(async () => {
  await fetcher.close();
  await sites.close();
});

afterEach(() => {
  sites.requests.length = 0;
  vi.useRealTimers();
});

/** Requests that reached the site of `domain` (bare or www). */
const requestsTo = (domain: string) => sites.requests.filter((request) => request.replace(/^www\./, '').startsWith(`${domain} `));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

/** A provider without a policy, with its own (empty) share memo. */
const provider = () => createWebsiteProvider({ fetcher });

describe('fingerprint', () => {

  it('detects Shopify and Algolia on the retailer, over http when https is refused', async () => {
    const result = await provider().fingerprint({ domain: 'acme-shop.com' });
    expect(result).toMatchObject({ provider: 'website', sourceUrl: 'http://www.acme-shop.com/', fetchedAt: expect.any(Date) });
    expect(result.data).toMatchObject({ searchVendor: 'Algolia', searchVendors: ['Algolia'], partnerPlatforms: ['Shopify'] });
    expect(result.data.technologies.map((t) => t.name)).toEqual(expect.arrayContaining(['Shopify', 'Algolia', 'jsDelivr', 'Cloudflare']));
    expect(result.data.serverHeaders).toEqual({
      server: 'cloudflare',
      'powered-by': 'Shopify',
      'cf-cache-status': 'DYNAMIC',
      'x-shopify-stage': 'production',
      'x-shopid': '56789012345',
    });
  });

  it('detects Adobe Experience Manager with Elasticsearch (Swiftype) search on the publisher', async () => {
    const result = await provider().fingerprint({ domain: 'globe-daily.com' });
    expect(result.sourceUrl).toBe('http://www.globe-daily.com/');
    expect(result.data).toMatchObject({ searchVendor: 'Elasticsearch', searchVendors: ['Elasticsearch'], partnerPlatforms: ['Adobe Experience Manager'] });
    expect(result.data.technologies.map((t) => t.name)).toEqual(expect.arrayContaining(['Adobe Experience Manager', 'Swiftype']));
    expect(result.data.serverHeaders).toMatchObject({ server: 'Apache', 'x-dispatcher': 'dispatcher2useast1', 'x-vhost': 'publish', via: '1.1 varnish, 1.1 varnish' });
  });

  it('detects Salesforce Commerce Cloud with Coveo on the store', async () => {
    const result = await provider().fingerprint({ domain: 'northpeak-outdoor.com' });
    expect(result.sourceUrl).toBe('http://northpeak-outdoor.com/');
    expect(result.data).toMatchObject({ searchVendor: 'Coveo', searchVendors: ['Coveo'], partnerPlatforms: ['Salesforce Commerce Cloud'] });
  });

  it('detects Magento with Elasticsearch (ElasticSuite) search, and reads the company, on the supplier', async () => {
    const fingerprint = await provider().fingerprint({ domain: 'kestrel-supply.com' });
    expect(fingerprint.data).toMatchObject({ searchVendor: 'Elasticsearch', searchVendors: ['Elasticsearch'], partnerPlatforms: ['Magento / Adobe Commerce'] });
    const context = await provider().companyContext({ domain: 'kestrel-supply.com' });
    expect(context.data).toMatchObject({ name: 'Kestrel Supply Co.', linkedinUrl: 'https://www.linkedin.com/company/kestrel-supply' });
  });

  it('finds no search vendor and no partner platform on the plain site', async () => {
    const result = await provider().fingerprint({ domain: 'harbor-dental.com' });
    expect(result.data).toMatchObject({ searchVendor: null, searchVendors: [], partnerPlatforms: [], serverHeaders: { server: 'nginx/1.24.0' } });
    expect(result.data.technologies.map((t) => t.name)).toEqual(expect.arrayContaining(['Nginx', 'jQuery', 'Google Analytics']));
  });
});

describe('companyContext', () => {

  it.each([
    ['acme-shop.com', 'Acme Shop', 'https://www.linkedin.com/company/acme-shop', /^Acme Shop makes durable outdoor gear/],
    ['globe-daily.com', 'The Globe Daily', 'https://www.linkedin.com/company/globe-daily-news', /independent newspaper/],
    ['northpeak-outdoor.com', 'Northpeak Outdoor', 'https://www.linkedin.com/company/northpeak-outdoor', /technical outerwear/],
    ['harbor-dental.com', 'Harbor Dental Studio', 'https://www.linkedin.com/company/harbor-dental-studio', /dental practice/],
  ])('reads %s: name, description and LinkedIn page', async (domain, name, linkedinUrl, description) => {
    const result = await provider().companyContext({ domain });
    expect(result.provider).toBe('website');
    expect(result.data).toMatchObject({ name, linkedinUrl, description: expect.stringMatching(description) });
  });

  it('tolerates the malformed JSON-LD blocks of the publisher', async () => {
    const { data } = await provider().companyContext({ domain: 'globe-daily.com' });
    expect(data.organization).toMatchObject({ type: 'NewsMediaOrganization', legalName: 'Globe Daily Media Group plc' });
    expect(data.careersUrl).toBe('https://careers.globe-daily.com/');
  });
});

describe('one homepage fetch per domain', () => {
  it('reads a page once for both readers with the same results as two separate parses', () => {
    for (const site of FIXTURE_SITES) {
      const page = { url: `https://www.${FIXTURE_DOMAINS[site]}/`, status: 200, redirects: [], ...readSavedPage(site) };
      const reading = readHomepage({ page, fetchedAt: new Date(0) });
      const technologies = detectTechnologies(page);
      expect(reading.fingerprint).toEqual({ ok: true, value: { technologies, ...classifyTechnologies(technologies), serverHeaders: serverHeadersOf(page.headers) } });
      expect(reading.companyContext).toEqual({ ok: true, value: extractCompanyContext(page) });
      expect(reading).toMatchObject({ sourceUrl: page.url, fetchedAt: new Date(0) });
    }
  });

  it('serves fingerprint and companyContext from one fetch, concurrent or a moment apart', async () => {
    const shared = provider();
    const [fingerprint, context] = await Promise.all([shared.fingerprint({ domain: 'acme-shop.com' }), shared.companyContext({ domain: 'acme-shop.com' })]);
    await shared.fingerprint({ domain: 'ACME-SHOP.com' });
    expect(fingerprint.sourceUrl).toBe(context.sourceUrl);
    expect(fingerprint.fetchedAt).toEqual(context.fetchedAt);
    // One redirect chain: the bare domain, then www.
    expect(requestsTo('acme-shop.com')).toEqual(['acme-shop.com /', 'www.acme-shop.com /']);
  });

  it('shares a fetch within one enrichment job only: the next job reads the page anew', async () => {
    const shared = provider();
    await Promise.all([shared.fingerprint({ domain: 'northpeak-outdoor.com', jobId: 'job-1' }), shared.companyContext({ domain: 'northpeak-outdoor.com', jobId: 'job-1' })]);
    expect(requestsTo('northpeak-outdoor.com')).toHaveLength(1);
    await shared.fingerprint({ domain: 'northpeak-outdoor.com', jobId: 'job-2' });
    expect(requestsTo('northpeak-outdoor.com')).toHaveLength(2);
  });

  it('fetches again once the share window has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const windowed = createWebsiteProvider({ fetcher, shareWindowMs: 60_000 });
    await windowed.fingerprint({ domain: 'harbor-dental.com' });
    vi.setSystemTime(Date.now() + 30_000);
    await windowed.companyContext({ domain: 'harbor-dental.com' });
    expect(requestsTo('harbor-dental.com')).toHaveLength(1);
    vi.setSystemTime(Date.now() + 61_000);
    await windowed.companyContext({ domain: 'harbor-dental.com' });
    expect(requestsTo('harbor-dental.com')).toHaveLength(2);
  });
});

describe('failures', () => {
  it('answers not_found when the homepage is a 404', async () => {
    const error = await rejection(provider().fingerprint({ domain: 'gone-shop.com' }));
    expect(isProviderError(error) && [error.provider, error.code, error.status, error.retryable]).toEqual(['website', 'not_found', 404, false]);
  });

  it('answers network when nothing answers', async () => {
    const error = await rejection(provider().companyContext({ domain: 'down-shop.com' }));
    expect(isProviderError(error) && [error.code, error.retryable]).toEqual(['network', true]);
    expect(String((error as Error).message)).toContain('ECONNREFUSED');
  });

  it('answers bad_request for a site redirecting to an internal address, and the policy does not retry it', async () => {
    const policy = createProviderPolicy({ provider: 'website', retries: 2, baseDelayMs: 1 });
    const error = await rejection(createWebsiteProvider({ fetcher, policy }).fingerprint({ domain: 'evil-shop.com' }));
    expect(isProviderError(error) && [error.code, error.retryable]).toEqual(['bad_request', false]);
    expect(requestsTo('evil-shop.com')).toEqual(['evil-shop.com /']);
  });

  it('retries a 503 through the policy, fetching again since a failure is not shared', async () => {
    flakyCalls = 0;
    const policy = createProviderPolicy({ provider: 'website', retries: 1, baseDelayMs: 1 });
    const result = await createWebsiteProvider({ fetcher, policy }).companyContext({ domain: 'flaky-shop.com' });
    expect(result.data.name).toBe('Flaky Shop');
    expect(requestsTo('flaky-shop.com')).toEqual(['flaky-shop.com /', 'flaky-shop.com /']);
  });

  it('stops waiting when the call is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    const error = await rejection(provider().fingerprint({ domain: 'harbor-dental.com', signal: controller.signal }));
    expect(error).toEqual(new Error('job cancelled'));
    expect(requestsTo('harbor-dental.com')).toEqual([]);
  });
});
