import type { SafeFetcher } from '../../http/safe-fetch.ts';
import type { ProviderCallContext, ProviderResult } from '../provider-call.ts';
import { abortable } from '../resilience/abortable.ts';
import type { ProviderPolicy } from '../resilience/provider-policy.ts';
import { classifyTechnologies, type TechnologyClassification } from './classify.ts';
import { extractCompanyContext, type CompanyContext } from './company-context.ts';
import { detectTechnologies, type DetectedTechnology } from './fingerprint.ts';
import { fetchHomepage, type Homepage } from './homepage.ts';
import { createRecentMemo, DEFAULT_MEMO_MAX_ENTRIES, DEFAULT_MEMO_WINDOW_MS } from './recent-memo.ts';
import { serverHeadersOf } from './server-headers.ts';
import { toWebsiteProviderError, WEBSITE } from './website-errors.ts';

/** Options of {@link createWebsiteProvider}. */
export interface WebsiteProviderOptions {
  /** The SSRF-safe fetcher (its timeout, redirect and size caps apply to every fetch). */
  fetcher: Pick<SafeFetcher, 'fetchPage'>;
  /** The `website` policy (timeout, retry, breaker, rate limit); calls run bare without one. */
  policy?: Pick<ProviderPolicy, 'execute'>;
  /** How long one fetched homepage serves both readers of a domain, ms. Default 60 000. */
  shareWindowMs?: number;
  /** Homepages kept for sharing at most (each up to the fetcher's body cap). Default 32. */
  maxSharedPages?: number;
}

/** What the homepage says about the site's technology. */
export interface WebsiteFingerprint extends TechnologyClassification {
  technologies: DetectedTechnology[];
  /** Response headers naming the server, CDN or platform (see `server-headers.ts`). */
  serverHeaders: Record<string, string>;
}

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

/**
 * Builds the website provider. Both readers of a domain share one homepage fetch when called
 * within `shareWindowMs` of each other (the enrichment runs them in the same wave), so a
 * prospect's site sees one request per enrichment. `sourceUrl` is the page's final URL.
 */
export function createWebsiteProvider(options: WebsiteProviderOptions): WebsiteProvider {
  const { fetcher, policy } = options;
  const homepages = createRecentMemo<Homepage>({
    windowMs: options.shareWindowMs ?? DEFAULT_MEMO_WINDOW_MS,
    maxEntries: options.maxSharedPages ?? DEFAULT_MEMO_MAX_ENTRIES,
  });

  function readHomepage(ctx: ProviderCallContext): Promise<Homepage> {
    ctx.signal?.throwIfAborted(); // a cancelled job starts no fetch
    const domain = ctx.domain.trim().toLowerCase();
    // Shared within one enrichment job: a later job (a forced refresh) fetches the page anew.
    const memoKey = ctx.jobId ? `${ctx.jobId} ${domain}` : domain;
    // The shared fetch belongs to no single caller: each one stops waiting on its own signal.
    const shared = () =>
      homepages.get(memoKey, () =>
        fetchHomepage(fetcher, domain).catch((error: unknown) => {
          throw toWebsiteProviderError(error);
        }),
      );
    if (policy === undefined) return abortable(shared(), ctx.signal);
    return policy.execute((signal) => abortable(shared(), signal), ctx.signal);
  }

  return {
    async fingerprint(ctx) {
      const { page, fetchedAt } = await readHomepage(ctx);
      const technologies = detectTechnologies(page);
      return {
        provider: WEBSITE,
        data: { technologies, ...classifyTechnologies(technologies), serverHeaders: serverHeadersOf(page.headers) },
        sourceUrl: page.url,
        fetchedAt,
      };
    },
    async companyContext(ctx) {
      const { page, fetchedAt } = await readHomepage(ctx);
      return { provider: WEBSITE, data: extractCompanyContext(page), sourceUrl: page.url, fetchedAt };
    },
  };
}
