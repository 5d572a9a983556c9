import { isFetchRefusedError } from '../../http/fetch-refused-error.ts';
import type { FetchedPage, SafeFetcher } from '../../http/safe-fetch.ts';
import { abortable } from '../resilience/abortable.ts';

/** A homepage that answered, and how it was reached. */
export interface Homepage {
  page: FetchedPage;
  /** The candidate URL that answered (before its redirects; `page.url` is where they ended). */
  answeredUrl: string;
  /** Every URL tried, in order, with its outcome. */
  attempts: HomepageAttempt[];
  fetchedAt: Date;
}

/** One URL tried: its HTTP status when it answered, else why it did not. */
export interface HomepageAttempt {
  url: string;
  status?: number;
  error?: string;
}

/**
 * Why no homepage could be read: `invalid_domain` (not a plain host name), `unreachable` (no
 * candidate answered at all: DNS, refused connection, TLS failure, reset), `error_status` (a
 * candidate answered, but only with an error status).
 */
export type HomepageUnavailableCode = 'invalid_domain' | 'unreachable' | 'error_status';

const MARKER = Symbol.for('partnerforge.HomepageUnavailableError');

/** No candidate URL gave a usable homepage; `attempts` says what each one did. */
export class HomepageUnavailableError extends Error {
  override readonly name = 'HomepageUnavailableError';
  readonly [MARKER] = true;

  constructor(
    readonly code: HomepageUnavailableCode,
    readonly domain: string,
    readonly attempts: readonly HomepageAttempt[],
    /** For `error_status`: the first error status answered. */
    readonly status?: number,
  ) {
    super(`No homepage for ${domain}: ${describeAttempts(code, attempts)}`);
  }
}

/** Type guard for {@link HomepageUnavailableError}, by marker rather than `instanceof`. */
export function isHomepageUnavailableError(error: unknown): error is HomepageUnavailableError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
}

/** A URL to try for a homepage. */
export interface HomepageCandidate {
  url: string;
  /**
   * Tried only when no earlier candidate answered at all: plain http is for sites without TLS,
   * and a site whose https answered (even 4xx/5xx) would only redirect http back to https.
   */
  onlyIfUnreachable: boolean;
}

/**
 * The URLs tried for a domain, in order: `https://<domain>/`, then its `www.` variant (the bare
 * one for a `www.` domain), then `http://<domain>/`. Throws `invalid_domain` for anything but a
 * plain host name (no scheme, port, path or IP literal).
 */
export function homepageCandidates(domain: string): HomepageCandidate[] {
  const host = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!isPlainHostName(host)) throw new HomepageUnavailableError('invalid_domain', domain, []);
  const alternate = host.startsWith('www.') ? host.slice(4) : `www.${host}`;
  return [
    { url: `https://${host}/`, onlyIfUnreachable: false },
    { url: `https://${alternate}/`, onlyIfUnreachable: false },
    { url: `http://${host}/`, onlyIfUnreachable: true },
  ];
}

/**
 * Fetches a domain's homepage with the safe fetcher (which follows redirects), trying
 * {@link homepageCandidates} in order and stopping at the first that answers 2xx or 3xx, so a
 * healthy site costs one fetch. A candidate that answers 4xx/5xx, cannot be reached or times
 * out is followed by the next; a fetch the SSRF guard or a cap refuses (blocked address,
 * redirect loop, oversized body) ends the search and is rethrown: the same host under another
 * scheme is no safer. `signal` stops the search and the wait. Throws
 * {@link HomepageUnavailableError} when no candidate gives a page.
 */
export async function fetchHomepage(fetcher: Pick<SafeFetcher, 'fetchPage'>, domain: string, signal?: AbortSignal): Promise<Homepage> {
  return fetchFirstAnswer(fetcher, domain, homepageCandidates(domain), signal);
}

/** The search behind {@link fetchHomepage}, over any candidate list. */
export async function fetchFirstAnswer(
  fetcher: Pick<SafeFetcher, 'fetchPage'>,
  domain: string,
  candidates: readonly HomepageCandidate[],
  signal?: AbortSignal,
): Promise<Homepage> {
  const attempts: HomepageAttempt[] = [];
  let errorStatus: number | undefined;
  for (const candidate of candidates) {
    if (candidate.onlyIfUnreachable && attempts.some((attempt) => attempt.status !== undefined)) continue;
    signal?.throwIfAborted();
    let page: FetchedPage;
    try {
      page = await abortable(fetcher.fetchPage(candidate.url), signal);
    } catch (error) {
      if (signal?.aborted || (isFetchRefusedError(error) && error.code !== 'timeout')) throw error;
      attempts.push({ url: candidate.url, error: describeError(error) });
      continue;
    }
    attempts.push({ url: candidate.url, status: page.status });
    if (page.status < 400) return { page, answeredUrl: candidate.url, attempts, fetchedAt: new Date() };
    errorStatus ??= page.status;
  }
  throw new HomepageUnavailableError(errorStatus === undefined ? 'unreachable' : 'error_status', domain, attempts, errorStatus);
}

/** `acme.com`, `shop.acme.co.uk`: letters, digits and hyphens in dot-separated labels, not all digits. */
function isPlainHostName(host: string): boolean {
  if (!/^[a-z0-9.-]+$/.test(host) || !host.includes('.') || /^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => label.length > 0 && label.length <= 63 && !label.startsWith('-') && !label.endsWith('-'));
}

/** Undici and Node errors carry the useful part in `code`, often on their cause. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  const message = cause?.message ?? error.message;
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

function describeAttempts(code: HomepageUnavailableCode, attempts: readonly HomepageAttempt[]): string {
  if (code === 'invalid_domain') return 'not a host name';
  return attempts.map((attempt) => `${attempt.url} → ${attempt.status ?? attempt.error ?? '?'}`).join('; ');
}
