import { abortable } from './abortable.ts';
import { ProviderError } from './provider-error.ts';

/** `fetch` options for {@link requestJson}; `signal` aborts the request (timeouts, cancelled jobs). */
export interface ProviderRequestInit extends Omit<RequestInit, 'signal'> {
  signal?: AbortSignal;
}

/** A successful (2xx) JSON answer. `body` is unvalidated: adapters parse it with their zod schema. */
export interface ProviderResponse<T = unknown> {
  statusCode: number;
  headers: Headers;
  body: T;
  /** The requested URL without credentials, safe to log and to store as a snapshot's source. */
  url: string;
}

/** Query parameters that carry credentials at the vendors we call (BuiltWith `KEY`, SimilarWeb `api_key`, ...). */
const SECRET_PARAM = /^(key|api[-_]?key|apikey|access[-_]?token|token|secret|client[-_]?secret|password|signature|sig|crumb)$/i;

/**
 * The URL with credential query parameters and user-info removed, for error messages, logs and
 * `sourceUrl`. Removed rather than masked, so the result is also a clean citation.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparsable url]';
  }
  parsed.username = '';
  parsed.password = '';
  // A copy of the names: deleting while iterating the live list would skip entries.
  for (const name of Array.from(parsed.searchParams.keys())) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.delete(name);
  }
  return parsed.href;
}

/**
 * A `Retry-After` header value in ms: delta-seconds ("120") or an HTTP date. Undefined when
 * absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** BuiltWith answers a 429 with `{ "retryAfterSeconds": n }` in the body instead of a header. */
function retryAfterFromBody(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { retryAfterSeconds?: unknown } | null;
    const seconds = Number(body?.retryAfterSeconds);
    return body?.retryAfterSeconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The {@link ProviderError} for an HTTP error status: 429 → rate_limited and 5xx → server_error
 * (both retryable, with the vendor's Retry-After), 401/403 → unauthorized, 404 → not_found,
 * any other status → bad_request (never retried: the same request would fail the same way).
 * The body is read only for BuiltWith's `retryAfterSeconds`; it never goes into the message,
 * since vendors may echo the request (and its key) back.
 */
export function errorForStatus(provider: string, safeUrl: string, status: number, headers: Headers, bodyText = ''): ProviderError {
  const retryAfterMs = parseRetryAfterMs(headers.get('retry-after')) ?? (status === 429 ? retryAfterFromBody(bodyText) : undefined);
  const say = (what: string) => `${provider} answered ${status} (${what}) for ${safeUrl}`;
  if (status === 429) return new ProviderError(provider, 'rate_limited', say('rate limited'), { status, retryAfterMs });
  if (status >= 500) return new ProviderError(provider, 'server_error', say('server error'), { status, retryAfterMs });
  if (status === 401 || status === 403) return new ProviderError(provider, 'unauthorized', say('key refused or quota used up'), { status });
  if (status === 404) return new ProviderError(provider, 'not_found', say('not found'), { status });
  return new ProviderError(provider, 'bad_request', say('request refused'), { status });
}

/**
 * The {@link ProviderError} for a request that got no answer: `timeout` when its signal fired
 * (our timeout or a cancelled job), `network` otherwise. Only the system error code is kept
 * (ECONNREFUSED, ENOTFOUND, ...): raw messages can quote the full URL, key included.
 */
export function errorForTransport(provider: string, safeUrl: string, error: unknown, signal?: AbortSignal): ProviderError {
  if (signal?.aborted) {
    return new ProviderError(provider, 'timeout', `${provider} request to ${safeUrl} was aborted (timed out or cancelled)`);
  }
  return new ProviderError(provider, 'network', `${provider} request to ${safeUrl} failed (${describeTransportError(error)})`);
}

function describeTransportError(error: unknown): string {
  const withCode = error as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  const code = withCode?.cause?.code ?? withCode?.code;
  if (typeof code === 'string') return code;
  return typeof withCode?.name === 'string' ? withCode.name : 'unknown error';
}

/**
 * GETs (or sends `init`) `url` with global fetch and returns its JSON body. Every failure is a
 * {@link ProviderError} (see {@link errorForStatus} and {@link errorForTransport}); a 2xx body
 * that is not JSON is `invalid_response`. Errors and the returned `url` are key-free.
 */
export async function requestJson(provider: string, url: string | URL, init: ProviderRequestInit = {}): Promise<ProviderResponse> {
  const safeUrl = redactUrl(url);
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  let response: Response;
  let text: string;
  try {
    response = await abortable(fetch(url, { ...init, headers }), init.signal);
    text = await abortable(response.text(), init.signal);
  } catch (error) {
    throw errorForTransport(provider, safeUrl, error, init.signal);
  }
  if (!response.ok) throw errorForStatus(provider, safeUrl, response.status, response.headers, text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError(provider, 'invalid_response', `${provider} answered ${response.status} with a body that is not JSON for ${safeUrl}`, {
      status: response.status,
    });
  }
  return { statusCode: response.status, headers: response.headers, body, url: safeUrl };
}
