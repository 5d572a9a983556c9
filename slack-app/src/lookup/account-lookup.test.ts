import { describe, expect, it } from 'vitest';
import { type PartnerForgeClient, PartnerForgeApiError } from '@partnerforge/shared/client';
import type { EnrichmentJob, Intel } from '@partnerforge/shared/schemas';
import { costcoIntel } from '../__fixtures__/intel.ts';
import { createAccountLookup } from './account-lookup.ts';

const fresh: Intel = { ...costcoIntel, sources: costcoIntel.sources.map((s) => ({ ...s, fresh: true })) };
const stale: Intel = { ...fresh, sources: [{ ...fresh.sources[0]!, fresh: false }] };

function job(status: EnrichmentJob['status'], modules: EnrichmentJob['modules'] = {}): EnrichmentJob {
  return { jobId: 'j1', domain: 'costco.com', status, progress: status === 'running' ? 50 : 100, trigger: 'api', modules, retryOf: null, createdAt: '', startedAt: null, finishedAt: null, intelUrl: '' };
}

/** A stand-in for the service: intel answers in turn, job states in turn, calls recorded. */
function fakeService(intel: Array<Intel | 'not_found'>, jobs: EnrichmentJob[]) {
  const calls: string[] = [];
  const client: PartnerForgeClient = {
    me: () => Promise.reject(new Error('unused')),
    getIntelByLinkedIn: () => Promise.reject(new Error('unused')),
    lookupUser: () => Promise.reject(new Error('unused')),
    requestEnrichments: () => Promise.reject(new Error('unused')),
    async getIntel(domain) {
      calls.push(`getIntel ${domain}`);
      const next = intel.length > 1 ? intel.shift() : intel[0];
      if (next === 'not_found' || !next) throw new PartnerForgeApiError('not_found', 404, 'No intel');
      return next;
    },
    async requestEnrichment(request) {
      calls.push(`enrich ${request.domain}${request.force ? ' force' : ''}`);
      return { jobId: 'j1', domain: 'costco.com', statusUrl: '/v1/enrichments/j1', deduplicated: false };
    },
    async getEnrichment() {
      calls.push('poll');
      return (jobs.length > 1 ? jobs.shift() : jobs[0]) as EnrichmentJob;
    },
  };
  return { client, calls };
}

const lookupWith = (service: ReturnType<typeof fakeService>, maxWaitMs = 60_000) => {
  let clock = 0;
  return createAccountLookup({ partnerForge: service.client, pollIntervalMs: 1000, maxWaitMs, now: () => clock, sleep: async (ms) => (clock += ms) });
};

describe('account lookup', () => {
  it('answers fresh intel without enriching', async () => {
    const service = fakeService([fresh], []);
    expect(await lookupWith(service).lookup({ domain: 'costco.com' })).toEqual({ kind: 'intel', intel: fresh });
    expect(service.calls).toEqual(['getIntel costco.com']);
  });

  it('enriches an unknown domain, reporting progress until the job finishes', async () => {
    const service = fakeService(['not_found', fresh], [job('queued'), job('running'), job('completed')]);
    const seen: string[] = [];
    const outcome = await lookupWith(service).lookup({ domain: 'costco.com', onProgress: (j) => seen.push(j.status) });
    expect(outcome).toMatchObject({ kind: 'intel', intel: fresh, job: { status: 'completed' } });
    expect(seen).toEqual(['queued', 'running']);
    expect(service.calls).toEqual(['getIntel costco.com', 'enrich costco.com', 'poll', 'poll', 'poll', 'getIntel costco.com']);
  });

  it('refreshes stale intel, and forces a refresh on request', async () => {
    const staleService = fakeService([stale, fresh], [job('completed')]);
    expect(await lookupWith(staleService).lookup({ domain: 'costco.com' })).toMatchObject({ kind: 'intel', intel: fresh });
    const forced = fakeService([fresh], [job('completed')]);
    await lookupWith(forced).lookup({ domain: 'costco.com', force: true });
    expect(forced.calls[0]).toBe('enrich costco.com force');
  });

  it('tells a budget cap from another failure, keeping what was known before', async () => {
    const capped = job('failed', { 'tech.builtwith': { status: 'failed', error: { code: 'budget_exceeded', message: 'cap' } } });
    expect(await lookupWith(fakeService(['not_found'], [capped])).lookup({ domain: 'costco.com' })).toMatchObject({ kind: 'budget' });
    const broken = job('failed', { 'website.fingerprint': { status: 'failed', error: { code: 'timeout', message: 'slow' } } });
    expect(await lookupWith(fakeService([stale], [broken])).lookup({ domain: 'costco.com' })).toMatchObject({ kind: 'failed', staleIntel: stale });
  });

  it('gives up waiting after the configured time', async () => {
    const service = fakeService(['not_found'], [job('running')]);
    expect(await lookupWith(service, 5_000).lookup({ domain: 'costco.com' })).toEqual({ kind: 'still_running', jobId: 'j1' });
  });

  it('lets service errors through', async () => {
    const service = fakeService([fresh], []);
    service.client.getIntel = () => Promise.reject(new PartnerForgeApiError('unavailable', 0, 'down'));
    await expect(lookupWith(service).lookup({ domain: 'costco.com' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
