import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import type { Logger } from '../../logging/logger.ts';
import type { ProviderCallContext, ProviderResult } from '../provider-call.ts';
import { ProviderError, isProviderError } from '../resilience/provider-error.ts';
import type { ProviderPolicy } from '../resilience/provider-policy.ts';
import type { RateLimiter } from '../resilience/rate-limiter.ts';
import { matchesCompany } from './company-match.ts';
import { createYahooFetch } from './yahoo-finance-fetch.ts';
import {
  type FinancialsData,
  QUOTE_SUMMARY_MODULES,
  YAHOO_FINANCE,
  companyCandidate,
  listedEquities,
  parseQuoteSummary,
  toFinancials,
} from './yahoo-finance-transform.ts';

export const YAHOO_QUERY_URL = 'https://query2.finance.yahoo.com';
const YAHOO_COOKIE_URL = 'https://finance.yahoo.com';
const QUERY_HOSTS = ['query1.finance.yahoo.com', 'query2.finance.yahoo.com'];
const COOKIE_HOSTS = ['finance.yahoo.com', 'fc.yahoo.com', 'guce.yahoo.com', 'consent.yahoo.com'];

export interface YahooFinanceClientOptions {
  /**
   * Where Yahoo's JSON API (query1/query2.finance.yahoo.com) is reached. Default
   * https://query2.finance.yahoo.com. Any other value (a test server, a proxy) receives the
   * cookie and crumb requests too, unless `cookieBaseUrl` says otherwise.
   */
  baseUrl?: string;
  /** Where the cookie/consent pages (finance.yahoo.com, ...) are reached. Default: see `baseUrl`. */
  cookieBaseUrl?: string;
  /** Yahoo's own policy: its breaker must not trip the others; its rate limit ~1/s. */
  policy: ProviderPolicy;
  /**
   * Spacing of every HTTP request, the cookie/crumb steps included (the policy's rate limit
   * counts one slot per call). Give it here or on the policy, not both. Default: none.
   */
  rateLimit?: { limiter: RateLimiter; perSecond: number };
  /** Search results checked against the domain, most relevant first. Default 3. */
  maxCandidates?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface YahooFinanceClient {
  /**
   * Financials of the listed company behind `ctx.domain`: a search by `companyName` (else the
   * domain's first label), then the quote summaries of the top equity results until one's
   * website is the domain (or, without a website, its name is `companyName`). Null when no
   * listed company matches: a private company is an answer, not an error.
   */
  financials(ctx: ProviderCallContext & { companyName?: string }): Promise<ProviderResult<FinancialsData> | null>;
}

const text = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');

/** yahoo-finance2's console-style logger onto ours; its Node-version warning is known (STACK.md: Node 20). */
function libraryLogger(logger?: Logger) {
  const log = logger?.child({ component: 'yahoo-finance2' });
  return {
    debug: (...args: unknown[]) => log?.debug(text(args)),
    info: (...args: unknown[]) => log?.debug(text(args)),
    dir: (...args: unknown[]) => log?.debug(text(args)),
    warn: (...args: unknown[]) => (String(args[0]).includes('Unsupported environment') ? log?.debug(text(args)) : log?.warn(text(args))),
    error: (...args: unknown[]) => log?.error(text(args)),
  };
}

export function createYahooFinanceClient(options: YahooFinanceClientOptions): YahooFinanceClient {
  const { policy } = options;
  const baseUrl = options.baseUrl ?? YAHOO_QUERY_URL;
  const cookieBaseUrl = options.cookieBaseUrl ?? (new URL(baseUrl).hostname.endsWith('.yahoo.com') ? YAHOO_COOKIE_URL : baseUrl);
  const maxCandidates = options.maxCandidates ?? 3;
  const now = options.now ?? (() => new Date());
  const routes = Object.fromEntries([...QUERY_HOSTS.map((host) => [host, baseUrl]), ...COOKIE_HOSTS.map((host) => [host, cookieBaseUrl])]);

  // One jar per client: its cookies and crumb are this client's session with Yahoo.
  const cookieJar = new ExtendedCookieJar();
  const yahoo = new YahooFinance({
    fetch: createYahooFetch({ routes, apiHosts: new Set(QUERY_HOSTS), rateLimit: options.rateLimit }),
    cookieJar,
    // No calls to the npm registry on errors, no survey notice on the console.
    versionCheck: false,
    suppressNotices: ['yahooSurvey'],
    validation: { logErrors: false, logOptionsErrors: false },
    logger: libraryLogger(options.logger),
  });

  /** One library call under the policy; anything but a ProviderError is a response we could not use. */
  function call(ctx: ProviderCallContext, what: string, fn: (moduleOptions: { validateResult: false; fetchOptions: { signal: AbortSignal } }) => Promise<unknown>) {
    return policy.execute(async (signal) => {
      try {
        return await fn({ validateResult: false, fetchOptions: { signal } });
      } catch (error) {
        if (isProviderError(error) && error.code === 'unauthorized') {
          // Yahoo refused the cookie/crumb session (expired, "Invalid Crumb"). yahoo-finance2 caches
          // the crumb module-wide and would keep sending it: forget the session so that the next
          // attempt starts a new one, and let the policy retry.
          await getCrumbClear(cookieJar);
          throw new ProviderError(YAHOO_FINANCE, 'unauthorized', `${error.message}; the session is renewed on the next attempt`, {
            status: error.status,
            retryable: true,
          });
        }
        if (isProviderError(error)) throw error;
        const name = error instanceof Error ? error.name : 'error';
        throw new ProviderError(YAHOO_FINANCE, 'invalid_response', `yahoo-finance ${what} failed (${name})`, { cause: error });
      }
    }, ctx.signal);
  }

  return {
    async financials(ctx) {
      const query = ctx.companyName?.trim() || (ctx.domain.replace(/^www\./, '').split('.')[0] ?? ctx.domain);
      const found = await call(ctx, 'search', (moduleOptions) => yahoo.search(query, { quotesCount: 8, newsCount: 0, enableFuzzyQuery: false }, moduleOptions));
      for (const symbol of listedEquities(found).slice(0, maxCandidates)) {
        let body: unknown;
        try {
          body = await call(ctx, 'quoteSummary', (moduleOptions) => yahoo.quoteSummary(symbol, { modules: [...QUOTE_SUMMARY_MODULES] }, moduleOptions));
        } catch (error) {
          // A delisted or unknown symbol in the search results: try the next one.
          if (isProviderError(error) && error.code === 'not_found') continue;
          throw error;
        }
        const summary = parseQuoteSummary(body);
        if (!matchesCompany(companyCandidate(summary), { domain: ctx.domain, companyName: ctx.companyName })) continue;
        return {
          provider: YAHOO_FINANCE,
          data: toFinancials(symbol, summary),
          sourceUrl: `https://finance.yahoo.com/quote/${encodeURIComponent(symbol)}`,
          fetchedAt: now(),
        };
      }
      return null;
    },
  };
}
