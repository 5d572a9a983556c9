import { setTimeout as sleepMs } from 'node:timers/promises';
import { type PartnerForgeClient, isPartnerForgeApiError } from '@partnerforge/shared/client';
import type { EnrichmentJob, Intel } from '@partnerforge/shared/schemas';

/** How a lookup ended. */
export type LookupOutcome =
  /** Intel to show; `job` is the enrichment that produced it (absent when cached intel was fresh). */
  | { kind: 'intel'; intel: Intel; job?: EnrichmentJob }
  /** The enrichment failed; `staleIntel` is what was known before, if anything. */
  | { kind: 'failed'; job: EnrichmentJob; staleIntel?: Intel }
  /** The enrichment was refused by a budget cap. */
  | { kind: 'budget'; job: EnrichmentJob; staleIntel?: Intel }
  /** Still running when the wait ran out. */
  | { kind: 'still_running'; jobId: string };

export interface AccountLookupOptions {
  partnerForge: PartnerForgeClient;
  /** Between two status polls of a running enrichment, ms (default 1 000). */
  pollIntervalMs?: number;
  /** Longest wait for an enrichment, ms (default 10 min). */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface LookupRequest {
  domain: string;
  /** Enrich even when the intel is fresh (the card's Re-enrich button). */
  force?: boolean;
  /** The PartnerForge user the lookup is for: the service filters by their role and accounts. */
  actingForUserId?: string;
  /** Called after each poll of a running enrichment. */
  onProgress?: (job: EnrichmentJob) => void;
}

export interface AccountLookup {
  lookup(request: LookupRequest): Promise<LookupOutcome>;
}

const FINAL = new Set<EnrichmentJob['status']>(['completed', 'partial', 'failed', 'cancelled']);

/** Intel is fresh when every module it came from is younger than its TTL. */
export function isFresh(intel: Intel): boolean {
  return intel.sources.length > 0 && intel.sources.every((s) => s.fresh);
}

export function hitBudgetCap(job: EnrichmentJob): boolean {
  return Object.values(job.modules).some((run) => run.error?.code === 'budget_exceeded');
}

/**
 * The intel of a domain, enriching it first when it is unknown or stale. Service errors
 * (PartnerForgeApiError) propagate; everything else is an outcome.
 */
export function createAccountLookup(options: AccountLookupOptions): AccountLookup {
  const pf = options.partnerForge;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxWaitMs = options.maxWaitMs ?? 600_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepMs;

  async function currentIntel(domain: string, actingForUserId?: string): Promise<Intel | undefined> {
    try {
      return await pf.getIntel(domain, actingForUserId ? { actingForUserId } : undefined);
    } catch (error) {
      if (isPartnerForgeApiError(error) && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  return {
    async lookup({ domain, force, onProgress, actingForUserId }) {
      const known = force ? undefined : await currentIntel(domain, actingForUserId);
      if (known && isFresh(known)) return { kind: 'intel', intel: known };

      const accepted = await pf.requestEnrichment({ domain, ...(force ? { force: true } : {}) }, actingForUserId ? { actingForUserId } : undefined);
      const deadline = now() + maxWaitMs;
      let job = await pf.getEnrichment(accepted.jobId);
      while (!FINAL.has(job.status)) {
        onProgress?.(job);
        if (now() >= deadline) return { kind: 'still_running', jobId: job.jobId };
        await sleep(pollIntervalMs);
        job = await pf.getEnrichment(accepted.jobId);
      }
      const stale = known ?? (force ? await currentIntel(accepted.domain, actingForUserId) : undefined);
      if (job.status === 'completed' || job.status === 'partial') {
        const intel = await currentIntel(accepted.domain, actingForUserId);
        if (intel) return { kind: 'intel', intel, job };
      }
      const staleIntel = stale ? { staleIntel: stale } : {};
      return hitBudgetCap(job) ? { kind: 'budget', job, ...staleIntel } : { kind: 'failed', job, ...staleIntel };
    },
  };
}
