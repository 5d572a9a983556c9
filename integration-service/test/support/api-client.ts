import { fetch } from 'undici';
import { expect } from 'vitest';
import type { EnrichmentAccepted, EnrichmentJob } from '@partnerforge/shared/schemas';
import { addUser, createApiKeyForUser } from '../../src/users/users.service.ts';
import type { TestService } from './test-service.ts';

const FINAL = ['completed', 'partial', 'failed', 'cancelled'];

/** A user with a key on a test service, and the calls tests make with it. */
export async function createApiCaller(t: TestService, email = 'ae@example.com', role: 'admin' | 'ae' = 'ae') {
  await addUser(t.service.runtime.db, { email, role, team: 'Sales' });
  const { key } = await createApiKeyForUser(t.service.runtime.db, { email });
  // undici's own fetch, not the global one: nock patches the global fetch for provider stand-ins
  // and cannot pass a request body through to a real local server.
  const call = (path: string, init: { method?: string; body?: string } = {}) =>
    fetch(`${t.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
  return {
    key,
    call,
    async enrich(body: Record<string, unknown>): Promise<EnrichmentAccepted> {
      const res = await call('/v1/enrichments', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(202);
      return (await res.json()) as EnrichmentAccepted;
    },
    /** Polls the job until it finishes (or the test times out). */
    async waitForJob(jobId: string): Promise<EnrichmentJob> {
      for (;;) {
        const job = (await (await call(`/v1/enrichments/${jobId}`)).json()) as EnrichmentJob;
        if (FINAL.includes(job.status)) return job;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
