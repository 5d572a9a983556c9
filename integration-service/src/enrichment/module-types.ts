import type { ModuleId } from '@partnerforge/shared/schemas';
import type { Logger } from '../logging/logger.ts';
import type { ProviderCallContext, ProviderResult } from '../providers/provider-call.ts';

export type { ModuleId };

/** What a module run sees: the domain, who asked, and the data of the modules it depends on. */
export interface ModuleRunContext extends ProviderCallContext {
  domain: string;
  jobId: string;
  log: Logger;
  signal: AbortSignal;
  /** Latest data of each dependency (fresh from this job or cached); absent when it failed. */
  inputs: Partial<Record<ModuleId, unknown>>;
  /** What the CRM knows of the account (e.g. its vertical), when it is one. */
  account?: { vertical: string | null; name: string | null };
}

/**
 * One unit of enrichment. Modules register with the ids they depend on; the orchestrator runs
 * dependency waves in parallel and gives each its dependencies' data.
 */
export interface EnrichmentModule {
  id: ModuleId;
  /** Modules whose data this one reads; they run in an earlier wave. */
  dependsOn: readonly ModuleId[];
  /** The provider(s) that serve it, for status and cost reporting. */
  providers: readonly string[];
  /** A snapshot younger than this is reused instead of fetched again, ms. */
  ttlMs: number;
  /** Cost of one run in USD (0 for keyless providers). */
  costUsd: number;
  /** False when its provider is not configured (no key): the module is skipped, not failed. */
  enabled: boolean;
  /**
   * Computed from other modules' data rather than fetched (the score). A derived module's
   * success does not make a job whose every provider failed look partial.
   */
  derived?: boolean;
  run(context: ModuleRunContext): Promise<ProviderResult<unknown>>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Default freshness per module: stacks change slowly, traffic monthly, financials quarterly. */
export const DEFAULT_TTL_MS: Record<ModuleId, number> = {
  'website.fingerprint': 7 * DAY,
  'company.context': 30 * DAY,
  'tech.builtwith': 30 * DAY,
  'traffic.similarweb': 30 * DAY,
  'financials.yahoo': 7 * DAY,
  score: 0,
};
