import { readFileSync } from 'node:fs';
import nock from 'nock';

/** Hosts the tests point provider base URLs at; nock answers for them. */
export const BUILTWITH_URL = 'http://builtwith.test';
export const SIMILARWEB_URL = 'http://similarweb.test';
export const YAHOO_URL = 'http://yahoo.test';
export const PROVIDER_KEYS = { builtwith: 'bw-secret-key-123', similarweb: 'sw-secret-key-456' };

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
export const builtwithLookup = fixture('builtwith/__fixtures__/domain-lookup.json');
export const similarwebVisits = fixture('similarweb/__fixtures__/visits-monthly.json');

/** BuiltWith's Domain API for one domain. */
export const builtwithApi = (domain: string) => nock(BUILTWITH_URL).get('/v21/api.json').query((q) => q.LOOKUP === domain && q.KEY === PROVIDER_KEYS.builtwith);

/** SimilarWeb's monthly visits for one domain. */
export const similarwebApi = (domain: string) => nock(SIMILARWEB_URL).get(`/v1/website/${domain}/total-traffic-and-engagement/visits`).query(true);

export interface YahooListedCompanyOptions {
  /** The company's officers (default: the recorded answer's); titles name their roles. */
  officers?: Array<{ name: string; title: string }>;
  /** Expect the cookie + crumb steps (default true); false once a client holds a session. */
  session?: boolean;
}

/**
 * Yahoo Finance as yahoo-finance2 talks to it: a search, the cookie + crumb steps, then the
 * quote summary of a listed company whose website is the domain.
 */
export function yahooListedCompany(domain: string, symbol: string, name: string, options: YahooListedCompanyOptions = {}) {
  const summary = fixture('yahoo-finance/__fixtures__/quote-summary-cost.json') as { quoteSummary: { result: Array<Record<string, Record<string, unknown>>> } };
  const result = summary.quoteSummary.result[0] as Record<string, Record<string, unknown>>;
  (result.assetProfile as Record<string, unknown>).website = `https://www.${domain}`;
  if (options.officers) (result.assetProfile as Record<string, unknown>).companyOfficers = options.officers.map((officer) => ({ maxAge: 1, ...officer }));
  Object.assign(result.price as Record<string, unknown>, { symbol, longName: name, shortName: name });
  const search = nock(YAHOO_URL)
    .get('/v1/finance/search')
    .query(true)
    .reply(200, { count: 1, quotes: [{ exchange: 'NMS', quoteType: 'EQUITY', symbol, shortname: name, longname: name, isYahooFinance: true, index: 'quotes', score: 1 }], news: [] });
  const session =
    options.session === false
      ? search
      : search
          .get('/quote/AAPL')
          .reply(200, '<!doctype html><html></html>', { 'set-cookie': 'A3=d=AQABBPu5wGoC&S=AQAAAtFf; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly' })
          .get('/v1/test/getcrumb')
          .reply(200, 'Crumb.Test1', { 'content-type': 'text/plain' });
  return session.get(`/v10/finance/quoteSummary/${symbol}`).query(true).reply(200, summary);
}
