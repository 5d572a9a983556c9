import { abortable } from '../resilience/abortable.ts';
import { errorForStatus, errorForTransport, redactUrl } from '../resilience/provider-http.ts';
import type { RateLimiter } from '../resilience/rate-limiter.ts';
import { YAHOO_FINANCE } from './yahoo-finance-transform.ts';

export interface YahooFetchOptions {
  /** Yahoo host → base URL its requests go to instead (query hosts, cookie/consent pages). */
  routes: Readonly<Record<string, string>>;
  /** Hosts whose error statuses become ProviderErrors (the JSON API); others pass through to yahoo-finance2. */
  apiHosts: ReadonlySet<string>;
  /** Spaces every HTTP request, crumb steps included. None when absent. */
  rateLimit?: { limiter: RateLimiter; perSecond: number };
}

/** `url` sent to its route, keeping path and query (a base path prefix is kept too). */
export function routeYahooUrl(url: URL, routes: Readonly<Record<string, string>>): URL {
  const base = routes[url.hostname];
  if (!base) return url;
  const target = new URL(base);
  target.pathname = `${target.pathname.replace(/\/+$/, '')}${url.pathname}`;
  target.search = url.search;
  return target;
}

/**
 * The `fetch` yahoo-finance2 is given: routes Yahoo's hosts (so tests and proxies can stand in
 * for them), applies the rate limit, and turns an error status of the JSON API into our
 * ProviderError before the library sees it — so retries, the breaker and the error codes
 * work as for every other provider. The cookie and consent pages pass through untouched:
 * yahoo-finance2 reads their redirects and cookies itself.
 */
export function createYahooFetch(options: YahooFetchOptions): typeof fetch {
  return async (input, init) => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    const target = routeYahooUrl(original, options.routes);
    const signal = init?.signal ?? undefined;
    if (options.rateLimit) await options.rateLimit.limiter.acquire(YAHOO_FINANCE, options.rateLimit.perSecond, signal);
    let response: Response;
    try {
      response = await abortable(fetch(target, init), signal);
    } catch (error) {
      throw errorForTransport(YAHOO_FINANCE, redactUrl(original), error, signal);
    }
    if (response.status >= 400 && options.apiHosts.has(original.hostname)) {
      const text = await response.text().catch(() => '');
      throw errorForStatus(YAHOO_FINANCE, redactUrl(original), response.status, response.headers, text);
    }
    return response;
  };
}
