import type { BudgetGuard } from '../../budget/budget-guard.ts';
import type { ProviderCallContext, ProviderResult } from '../provider-call.ts';
import { joinUrl } from '../resilience/parse-vendor-body.ts';
import { redactUrl, requestJson } from '../resilience/provider-http.ts';
import type { ProviderPolicy } from '../resilience/provider-policy.ts';
import { BUILTWITH, type BuiltWithData, throwOnBuiltWithErrors, transformBuiltWith } from './builtwith-transform.ts';

export interface BuiltWithClientOptions {
  /** API origin. Default https://api.builtwith.com; tests point it at a fake host. */
  baseUrl?: string;
  apiKey: string;
  /** The builtwith policy (timeout, retry, breaker, shared rate limit ~10/s on paid plans). */
  policy: ProviderPolicy;
  budget: BudgetGuard;
  /** Price of one domain lookup in USD, for budgets. Default 0.10 (PROVIDERS.md). */
  costUsd?: number;
  now?: () => Date;
}

export interface BuiltWithClient {
  /**
   * The domain's technology stack from the Domain API (v21). Throws ProviderError: `not_found`
   * (404 or no technologies on record), `budget_exceeded`, `unauthorized` (bad key, no credits), ...
   */
  lookup(ctx: ProviderCallContext): Promise<ProviderResult<BuiltWithData>>;
}

export const BUILTWITH_ENDPOINT = 'v21/api.json';

export function createBuiltWithClient(options: BuiltWithClientOptions): BuiltWithClient {
  const { apiKey, policy, budget } = options;
  const baseUrl = options.baseUrl ?? 'https://api.builtwith.com';
  const costUsd = options.costUsd ?? 0.1;
  const now = options.now ?? (() => new Date());

  return {
    async lookup(ctx) {
      const url = joinUrl(baseUrl, BUILTWITH_ENDPOINT);
      url.searchParams.set('KEY', apiKey);
      url.searchParams.set('LOOKUP', ctx.domain);
      const response = await budget.charge({ ...ctx, provider: BUILTWITH, endpoint: BUILTWITH_ENDPOINT, costUsd }, () =>
        policy.execute(async (signal) => {
          const answer = await requestJson(BUILTWITH, url, { signal });
          // Inside the policy: an internal error (-99) reported in a 200 is retried like a 500.
          throwOnBuiltWithErrors(ctx.domain, answer.body);
          return answer;
        }, ctx.signal),
      );
      return { provider: BUILTWITH, data: transformBuiltWith(ctx.domain, response.body), sourceUrl: redactUrl(url), fetchedAt: now() };
    },
  };
}
