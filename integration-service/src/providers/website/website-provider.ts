import type { SafeFetcher } from '../../http/safe-fetch.ts';
import type { ProviderCallContext, ProviderResult } from '../provider-call.ts';
import { abortable } from '../resilience/abortable.ts';
import type { ProviderPolicy } from '../resilience/provider-policy.ts';
import type { CompanyContext } from './company-context.ts';
import { fetchHomepage } from './homepage.ts';
import { type PageReader, inlinePageReader } from './page-reader.ts';
import type { HomepageReading, Outcome, WebsiteFingerprint } from './read-homepage.ts';
import { createRecentMemo, DEFAULT_MEMO_MAX_ENTRIES, DEFAULT_MEMO_WINDOW_MS } from './recent-memo.ts';
import { toWebsiteProviderError, WEBSITE } from './website-errors.ts';

/** Options of {@link createWebsiteProvider}. */
export interface WebsiteProviderOptions {
  /** The SSRF-safe fetcher (its timeout, redirect and size caps apply to every fetch). */
  fetcher: Pick<SafeFetcher, 'fetchPage'>;
  /** The `website` policy (timeout, retry, breaker, rate limit); calls run bare without one. */
  policy?: Pick<ProviderPolicy, 'execute'>;
  /** How long one fetched homepage serves both readers of a domain, ms. Default 60 000. */
  shareWindowMs?: number;
  /**
   * Homepage readings kept for sharing at most (both readers' results, a few KB each; the page
   * itself is not kept). Entries still loading are never evicted. Default 32.
   */
  maxSharedPages?: number;
  /**
   * Where fetched pages are parsed and read: on this thread, one page per event-loop turn (the
   * default), or on a thread of their own (a dedicated worker, see `page-reader.ts`).
   */
  reader?: PageReader;
}

export type { WebsiteFingerprint } from './read-homepage.ts';

/** The keyless website adapter: both readers of a prospect's homepage. */
export interface WebsiteProvider {
  /**
   * Technologies, search vendor(s) and partner platforms detected on the homepage. Throws
   * ProviderError: `network`/`server_error`/`timeout` (retried by the policy), `not_found`,
   * `bad_request` (refused address, redirect loop, page too large, bot wall, bad domain).
   */
  fingerprint(ctx: ProviderCallContext): Promise<ProviderResult<WebsiteFingerprint>>;
  /** Name, description, logo, LinkedIn page, organization facts and careers link; errors as above. */
  companyContext(ctx: ProviderCallContext): Promise<ProviderResult<CompanyContext>>;
}

function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Builds the website provider. Both readers of a domain share one homepage fetch and one parse
 * when called within `shareWindowMs` of each other (the enrichment runs them in the same wave),
 * so a prospect's site sees one request per enrichment. `sourceUrl` is the page's final URL.
 */
export function createWebsiteProvider(options: WebsiteProviderOptions): WebsiteProvider {
  const { fetcher, policy } = options;
  const reader = options.reader ?? inlinePageReader;
  const readings = createRecentMemo<HomepageReading>({
    windowMs: options.shareWindowMs ?? DEFAULT_MEMO_WINDOW_MS,
    maxEntries: options.maxSharedPages ?? DEFAULT_MEMO_MAX_ENTRIES,
  });

  function readShared(ctx: ProviderCallContext): Promise<HomepageReading> {
    ctx.signal?.throwIfAborted(); // a cancelled job starts no fetch
    const domain = ctx.domain.trim().toLowerCase();
    // Shared within one enrichment job: a later job (a forced refresh) fetches the page anew.
    const memoKey = ctx.jobId ? `${ctx.jobId} ${domain}` : domain;
    // The shared fetch belongs to no single caller: each one stops waiting on its own signal.
    const shared = () =>
      readings.get(memoKey, () =>
        fetchHomepage(fetcher, domain).then((homepage) => reader.read(homepage), (error: unknown) => {
          throw toWebsiteProviderError(error);
        }),
      );
    if (policy === undefined) return abortable(shared(), ctx.signal);
    return policy.execute((signal) => abortable(shared(), signal), ctx.signal);
  }

  return {
    async fingerprint(ctx) {
      const reading = await readShared(ctx);
      return { provider: WEBSITE, data: valueOf(reading.fingerprint), sourceUrl: reading.sourceUrl, fetchedAt: reading.fetchedAt };
    },
    async companyContext(ctx) {
      const reading = await readShared(ctx);
      return { provider: WEBSITE, data: valueOf(reading.companyContext), sourceUrl: reading.sourceUrl, fetchedAt: reading.fetchedAt };
    },
  };
}
