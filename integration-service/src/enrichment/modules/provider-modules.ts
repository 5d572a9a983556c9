import type { ProviderCallContext, ProviderResult } from '../../providers/provider-call.ts';
import { ProviderError } from '../../providers/resilience/provider-error.ts';
import { CompanyContextDataSchema, readModuleData } from '../../intel/module-data.ts';
import { DEFAULT_TTL_MS, type EnrichmentModule, type ModuleRunContext } from '../module-types.ts';

/** The provider adapters the modules call; a paid one is absent when its key is not configured. */
export interface ProviderClients {
  website: {
    fingerprint(ctx: ProviderCallContext): Promise<ProviderResult<unknown>>;
    companyContext(ctx: ProviderCallContext): Promise<ProviderResult<unknown>>;
  };
  builtwith?: { lookup(ctx: ProviderCallContext): Promise<ProviderResult<unknown>> };
  similarweb?: { traffic(ctx: ProviderCallContext): Promise<ProviderResult<unknown>> };
  yahooFinance?: {
    /** Base URL, to name the search that found no listed company as the source. */
    baseUrl: string;
    financials(ctx: ProviderCallContext & { companyName?: string }): Promise<ProviderResult<unknown> | null>;
  };
}

/** Module costs in USD per run, from PROVIDERS.md until a contract says otherwise. */
export const MODULE_COSTS = { builtwith: 0.1, similarweb: 0.08 } as const;

const callContext = (c: ModuleRunContext): ProviderCallContext => ({ domain: c.domain, jobId: c.jobId, userId: c.userId, teamId: c.teamId, signal: c.signal });

function notConfigured(provider: string): never {
  throw new ProviderError(provider, 'not_configured', `${provider} is not configured`, { retryable: false });
}

/** The provider-backed modules, in registry order. */
export function createProviderModules(clients: ProviderClients): EnrichmentModule[] {
  const { website, builtwith, similarweb, yahooFinance } = clients;
  return [
    {
      id: 'website.fingerprint',
      dependsOn: [],
      providers: ['website'],
      ttlMs: DEFAULT_TTL_MS['website.fingerprint'],
      costUsd: 0,
      enabled: true,
      run: (c) => website.fingerprint(callContext(c)),
    },
    {
      id: 'company.context',
      dependsOn: [],
      providers: ['website'],
      ttlMs: DEFAULT_TTL_MS['company.context'],
      costUsd: 0,
      enabled: true,
      run: (c) => website.companyContext(callContext(c)),
    },
    {
      id: 'tech.builtwith',
      dependsOn: [],
      providers: ['builtwith'],
      ttlMs: DEFAULT_TTL_MS['tech.builtwith'],
      costUsd: MODULE_COSTS.builtwith,
      enabled: Boolean(builtwith),
      run: (c) => (builtwith ? builtwith.lookup(callContext(c)) : notConfigured('builtwith')),
    },
    {
      id: 'traffic.similarweb',
      dependsOn: [],
      providers: ['similarweb'],
      ttlMs: DEFAULT_TTL_MS['traffic.similarweb'],
      costUsd: MODULE_COSTS.similarweb,
      enabled: Boolean(similarweb),
      run: (c) => (similarweb ? similarweb.traffic(callContext(c)) : notConfigured('similarweb')),
    },
    {
      id: 'financials.yahoo',
      // The company's name (from its own site) drives ticker resolution.
      dependsOn: ['company.context'],
      providers: ['yahoo-finance'],
      ttlMs: DEFAULT_TTL_MS['financials.yahoo'],
      costUsd: 0,
      enabled: Boolean(yahooFinance),
      async run(c) {
        if (!yahooFinance) notConfigured('yahoo-finance');
        const companyName = readModuleData(CompanyContextDataSchema, c.inputs['company.context'])?.name ?? c.account?.name ?? undefined;
        const result = await yahooFinance.financials({ ...callContext(c), companyName });
        if (result) return result;
        // "Not a listed company" is a finding too, with the search that established it.
        const query = encodeURIComponent(companyName ?? c.domain);
        return { provider: 'yahoo-finance', data: { ticker: null, publicCompany: false }, sourceUrl: `${yahooFinance.baseUrl}/v1/finance/search?q=${query}`, fetchedAt: new Date() };
      },
    },
  ];
}
