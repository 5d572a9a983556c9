import type { Redis } from 'ioredis';
import type { Config } from '../config/config.ts';
import type { Db } from '../database/database.ts';
import type { EventBus } from '../events/domain-events.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createBudgetGuard } from '../budget/budget-guard.ts';
import { createSafeFetcher } from '../http/safe-fetch.ts';
import { createBuiltWithClient } from '../providers/builtwith/builtwith-client.ts';
import type { CircuitStatus } from '../providers/resilience/circuit-status.ts';
import { createProviderPolicy } from '../providers/resilience/provider-policy.ts';
import { createMemoryRateLimiter, createRedisRateLimiter } from '../providers/resilience/rate-limiter.ts';
import { createSimilarWebClient } from '../providers/similarweb/similarweb-client.ts';
import { type PageReader, inlinePageReader, startPageReaderThread } from '../providers/website/page-reader.ts';
import { createWebsiteProvider } from '../providers/website/website-provider.ts';
import { createYahooFinanceClient } from '../providers/yahoo-finance/yahoo-finance-client.ts';
import { loadScoringProfile } from '../scoring/load-scoring-profile.ts';
import { type ModuleRegistry, createModuleRegistry } from './module-registry.ts';
import { createProviderModules } from './modules/provider-modules.ts';
import { createScoreModule } from './modules/score.module.ts';

export interface EnrichmentSetupOptions {
  config: Config;
  db: Db;
  redis?: Redis;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  /** Where the policies record their breakers' transitions (`/health/detailed`). */
  circuits?: CircuitStatus;
}

export interface Enrichment {
  registry: ModuleRegistry;
  /**
   * Moves page reading to a thread of its own, which loads the fingerprint rules and their match
   * plans (~1 s) and compiles the readers on a sample page before it says it is ready: a
   * dedicated worker awaits it before taking jobs (see `page-reader.ts`). Others read pages on
   * the event loop and load the rules with the first page.
   */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds every provider adapter behind its policy (timeout, retry, breaker, shared rate limit)
 * and the module registry over them. Paid providers without a key stay off and say so once.
 */
export async function setUpEnrichment(options: EnrichmentSetupOptions): Promise<Enrichment> {
  const { config, db, redis, metrics, events } = options;
  const logger = options.logger.child({ component: 'enrichment' });
  const providers = config.providers;
  const profile = await loadScoringProfile(config.scoringProfilePath);
  const limiter = redis ? createRedisRateLimiter(redis, `${config.redis.prefix}:ratelimit`) : createMemoryRateLimiter();
  const policyFor = (provider: string) =>
    createProviderPolicy({
      provider,
      timeoutMs: providers.timeoutMs,
      retries: providers.retries,
      baseDelayMs: providers.retryBaseMs,
      breaker: { consecutiveFailures: providers.circuit.failures, halfOpenAfterMs: providers.circuit.openMs },
      rateLimit: { limiter, perSecond: providers.rateLimits[provider] ?? 5 },
      metrics,
      logger,
      circuits: options.circuits,
    });
  const budget = createBudgetGuard({ db, events, metrics, logger });
  const fetcher = createSafeFetcher({ resolve: providers.httpResolve, timeoutMs: providers.timeoutMs });
  // Inline until warmUp moves reading to its thread; the provider holds this forwarder.
  let pageReader: PageReader = inlinePageReader;
  const reader: PageReader = { read: (homepage) => pageReader.read(homepage), close: () => pageReader.close() };

  const { builtwith, similarweb, yahooFinance } = providers;
  const off = [
    !builtwith.apiKey && 'BuiltWith (BUILTWITH_API_KEY)',
    !similarweb.apiKey && 'SimilarWeb (SIMILARWEB_API_KEY)',
    !yahooFinance.enabled && 'Yahoo Finance (YAHOO_FINANCE_ENABLED=false)',
  ].filter(Boolean);
  if (off.length) logger.info({ off }, 'providers without configuration stay off');

  const modules = createProviderModules({
    website: createWebsiteProvider({ fetcher, policy: policyFor('website'), reader }),
    builtwith: builtwith.apiKey ? createBuiltWithClient({ baseUrl: builtwith.baseUrl, apiKey: builtwith.apiKey, policy: policyFor('builtwith'), budget }) : undefined,
    similarweb: similarweb.apiKey ? createSimilarWebClient({ baseUrl: similarweb.baseUrl, apiKey: similarweb.apiKey, policy: policyFor('similarweb'), budget }) : undefined,
    yahooFinance: yahooFinance.enabled
      ? Object.assign(createYahooFinanceClient({ baseUrl: yahooFinance.baseUrl, policy: policyFor('yahoo-finance') }), { baseUrl: yahooFinance.baseUrl })
      : undefined,
  });
  const registry = createModuleRegistry([
    ...modules,
    createScoreModule({ profile, profileSource: config.scoringProfilePath ? `file://${config.scoringProfilePath}` : 'urn:partnerforge:scoring-profile:default' }),
  ]);
  return {
    registry,
    async warmUp() {
      if (pageReader !== inlinePageReader) return;
      try {
        pageReader = await startPageReaderThread(logger);
      } catch (error) {
        // A worker that cannot start the thread still works: it reads pages on its event loop.
        logger.error({ err: error }, 'the page reader thread did not start: pages are read on the main thread');
      }
    },
    async close() {
      await Promise.all([fetcher.close(), reader.close()]);
    },
  };
}
