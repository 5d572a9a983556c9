import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { describeBlockedAddress } from './blocked-addresses.ts';
import { FetchRefusedError, isFetchRefusedError } from './fetch-refused-error.ts';
import { createGuardedConnector } from './guarded-connector.ts';
import { parseResolvePins, pinKey, type ResolvePins } from './parse-resolve-pins.ts';
import { discardBody, readCappedBody } from './read-capped-body.ts';

/** Options of {@link createSafeFetcher}; all optional. */
export interface SafeFetcherOptions {
  /**
   * `PF_HTTP_RESOLVE` pins, "host:port:address,host2:port:address" like curl --resolve. Pinned
   * host:port pairs connect to their address and are the only ones allowed to reach private or
   * loopback addresses (how tests serve a "prospect site" on 127.0.0.1). Default: none.
   */
  resolve?: string;
  /** Redirects followed before refusing with `too_many_redirects`. Default 5. */
  maxRedirects?: number;
  /** Body cap in bytes (after decompression); past it the fetch aborts with `body_too_large`. Default 3 MB. */
  maxBodyBytes?: number;
  /** Whole-fetch budget in ms (every redirect, connect and body read); then `timeout`. Default 10 000. */
  timeoutMs?: number;
  /** User-Agent header sent with every request. Default {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
}

/** A fetched page; `body` is decoded text. */
export interface FetchedPage {
  /** Final URL, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** Every URL that answered with a redirect, in order: the chain is `[...redirects, url]`. */
  redirects: string[];
}

/** Fetches prospect websites without letting a URL, redirect or DNS answer reach internal addresses. */
export interface SafeFetcher {
  /** GETs `url`, following redirects; throws {@link FetchRefusedError} when a guard or cap stops it. */
  fetchPage(url: string): Promise<FetchedPage>;
  /** Closes pooled connections; call on shutdown and after tests. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_USER_AGENT = 'PartnerForgeBot/0.1 (account enrichment)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Builds the SSRF-safe fetcher used by the website-fingerprint and company-context providers.
 * The address check happens after DNS resolution on the address actually connected to (see
 * `guarded-connector.ts`), for the first URL and every redirect, which is followed by hand.
 */
export function createSafeFetcher(options: SafeFetcherOptions = {}): SafeFetcher {
  const pins = parseResolvePins(options.resolve);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
    'accept-encoding': 'identity',
  };
  const agent = new Agent({
    connect: createGuardedConnector({ pins, connectTimeoutMs: timeoutMs }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  async function fetchPage(url: string): Promise<FetchedPage> {
    const controller = new AbortController();
    // Made only when it happens: an error's stack trace is not free, and three fetches per homepage is common.
    let timedOut: FetchRefusedError | undefined;
    const timer = setTimeout(() => controller.abort((timedOut = new FetchRefusedError('timeout', `Fetching ${url} took longer than ${timeoutMs} ms`, url))), timeoutMs);
    try {
      let current = checkUrl(url, pins);
      const redirects: string[] = [];
      for (;;) {
        const response = await request(current, { dispatcher: agent, method: 'GET', headers, signal: controller.signal });
        const location = REDIRECT_STATUSES.has(response.statusCode) ? firstHeader(response.headers.location) : undefined;
        if (location === undefined) {
          const body = await readCappedBody(response.body, response.headers, maxBodyBytes, current.href);
          return { url: current.href, status: response.statusCode, headers: definedHeaders(response.headers), body, redirects };
        }
        discardBody(response.body);
        redirects.push(current.href);
        if (redirects.length > maxRedirects) {
          throw new FetchRefusedError('too_many_redirects', `${url} redirected more than ${maxRedirects} times`, current.href);
        }
        current = checkUrl(resolveLocation(location, current), pins);
      }
    } catch (error) {
      if (timedOut !== undefined) throw timedOut;
      throw unwrapRefusal(error);
    } finally {
      clearTimeout(timer);
    }
  }

  return { fetchPage, close: () => agent.close() };
}

/** Parses and vets a URL before any connection: http(s) only, no credentials, no unpinned internal IP literal. */
function checkUrl(text: string, pins: ResolvePins): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchRefusedError('bad_url', `"${text}" is not an absolute URL`, text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRefusedError('bad_scheme', `Only http and https URLs are fetched, not ${url.protocol}`, text);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchRefusedError('bad_url', 'URLs with credentials (user:password@) are not fetched', redact(url));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  if (isIP(host) !== 0 && !pins.has(pinKey(host, port))) {
    const why = describeBlockedAddress(host);
    if (why !== undefined) throw new FetchRefusedError('blocked_address', `Refused ${url.href}: ${host} is ${why}`, url.href);
  }
  return url;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new FetchRefusedError('bad_url', `${base.href} redirected to an invalid URL "${location}"`, base.href);
  }
}

/** undici may wrap an error raised in the connector; surface our refusal itself. */
function unwrapRefusal(error: unknown): unknown {
  if (isFetchRefusedError(error)) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return isFetchRefusedError(cause) ? cause : error;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function definedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
