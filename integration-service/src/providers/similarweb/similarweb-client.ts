import type { BudgetGuard } from '../../budget/budget-guard.ts';
import type { ProviderCallContext, ProviderResult } from '../provider-call.ts';
import { joinUrl } from '../resilience/parse-vendor-body.ts';
import { redactUrl, requestJson } from '../resilience/provider-http.ts';
import type { ProviderPolicy } from '../resilience/provider-policy.ts';
import { SIMILARWEB, type TrafficData, lastFullMonths, throwOnSimilarWebError, transformVisits } from './similarweb-transform.ts';

export interface SimilarWebClientOptions {
  /** API origin. Default https://api.similarweb.com; tests point it at a fake host. */
  baseUrl?: string;
  apiKey: string;
  /** The similarweb policy (timeout, retry, breaker, shared rate limit ~10/s per account). */
  policy: ProviderPolicy;
  budget: BudgetGuard;
  /** Price of one visits call in USD, for budgets. Default 0.08 (PROVIDERS.md). */
  costUsd?: number;
  /** Clock; decides which months are "the last 6 full months". Default `new Date()`. */
  now?: () => Date;
}

export interface SimilarWebClient {
  /**
   * Total visits (desktop + mobile, world, subdomains included) for the last 6 full months.
   * Throws ProviderError: `not_found` (no data for the domain), `budget_exceeded`, ...
   */
  traffic(ctx: ProviderCallContext): Promise<ProviderResult<TrafficData>>;
}

export const SIMILARWEB_ENDPOINT = 'total-traffic-and-engagement/visits';

export function createSimilarWebClient(options: SimilarWebClientOptions): SimilarWebClient {
  const { apiKey, policy, budget } = options;
  const baseUrl = options.baseUrl ?? 'https://api.similarweb.com';
  const costUsd = options.costUsd ?? 0.08;
  const now = options.now ?? (() => new Date());

  return {
    async traffic(ctx) {
      const { startMonth, endMonth } = lastFullMonths(now());
      const url = joinUrl(baseUrl, `/v1/website/${encodeURIComponent(ctx.domain)}/${SIMILARWEB_ENDPOINT}`);
      url.searchParams.set('api_key', apiKey);
      url.searchParams.set('start_date', startMonth);
      url.searchParams.set('end_date', endMonth);
      // `world`: country-level requests answer 403 on plans that only cover the world (PROVIDERS.md).
      url.searchParams.set('country', 'world');
      url.searchParams.set('granularity', 'monthly');
      url.searchParams.set('main_domain_only', 'false');
      const response = await budget.charge({ ...ctx, provider: SIMILARWEB, endpoint: SIMILARWEB_ENDPOINT, costUsd }, () =>
        policy.execute(async (signal) => {
          const answer = await requestJson(SIMILARWEB, url, { signal });
          throwOnSimilarWebError(ctx.domain, answer.body);
          return answer;
        }, ctx.signal),
      );
      return { provider: SIMILARWEB, data: transformVisits(response.body), sourceUrl: redactUrl(url), fetchedAt: now() };
    },
  };
}
