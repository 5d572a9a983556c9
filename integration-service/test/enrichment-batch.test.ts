import { sql } from 'kysely';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrichmentBatchAcceptedSchema, EnrichmentJobSchema, ErrorBodySchema, type EnrichmentBatchAccepted } from '@partnerforge/shared/schemas';
import { seedAccount, userWithKey } from './support/account-fixtures.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// POST /v1/enrichments/batch on real Postgres and BullMQ. The API role only, so the jobs stay
// queued where a test can see them (and join them); the pipeline itself has its own tests.

const CAP = 4;

describe('POST /v1/enrichments/batch', () => {
  let t: TestService;
  const users: Record<string, { id: string; key: string }> = {};
  const post = (who: string, path: string, body: unknown) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${users[who]?.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const batch = async (who: string, body: unknown): Promise<EnrichmentBatchAccepted> => {
    const res = await post(who, '/v1/enrichments/batch', body);
    expect(res.status).toBe(202);
    return EnrichmentBatchAcceptedSchema.parse(await res.json());
  };
  const activeJobs = (domains: string[]) =>
    t.service.runtime.db.selectFrom('enrichment_jobs').select(['id', 'domain', 'requested_by_user_id']).where('domain', 'in', domains).where('status', 'in', ['queued', 'running']).execute();

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: true, env: { PF_ROLE: 'api', PF_ENRICHMENT_CONCURRENCY_PER_USER: String(CAP) } });
    const db = t.service.runtime.db;
    users.admin = await userWithKey(db, 'admin@example.com', 'admin');
    users.owner = await userWithKey(db, 'owner@example.com', 'ae', 'West');
    users.teammate = await userWithKey(db, 'teammate@example.com', 'ae', 'West');
    users.manager = await userWithKey(db, 'manager@example.com', 'manager', 'East');
    await seedAccount(db, 'acme-shop.com', users.owner.id);
  });
  afterAll(async () => t?.stop());

  it('accepts the domains, refuses what is not one, and gives inputs of one domain one job', async () => {
    const answer = await batch('owner', { domains: ['acme-shop.com', 'not a domain', 'https://www.Acme-Shop.com/cart', '10.0.0.1', 'globex.com', 'ops@initech.io'] });

    expect(answer.accepted.map((a) => [a.domain, a.deduplicated])).toEqual([
      ['acme-shop.com', false],
      ['acme-shop.com', true],
      ['globex.com', false],
      ['initech.io', false],
    ]);
    expect(answer.accepted[1]?.jobId).toBe(answer.accepted[0]?.jobId);
    for (const accepted of answer.accepted) expect(accepted.statusUrl).toBe(`/v1/enrichments/${accepted.jobId}`);
    expect(answer.refused.map((r) => [r.input, r.error.code])).toEqual([
      ['not a domain', 'validation_failed'],
      ['10.0.0.1', 'validation_failed'],
    ]);
    expect(answer.refused[0]?.error.message).toContain('is not a company domain');

    const jobs = await activeJobs(['acme-shop.com', 'globex.com', 'initech.io']);
    expect(jobs.map((j) => j.domain).sort()).toEqual(['acme-shop.com', 'globex.com', 'initech.io']);
    expect(new Set(jobs.map((j) => j.requested_by_user_id))).toEqual(new Set([users.owner?.id]));
    // Each job is visible through the single-job route, and waiting in BullMQ.
    for (const accepted of answer.accepted) {
      const res = await fetch(`${t.baseUrl}${accepted.statusUrl}`, { headers: { authorization: `Bearer ${users.owner?.key}` } });
      expect(EnrichmentJobSchema.parse(await res.json())).toMatchObject({ jobId: accepted.jobId, domain: accepted.domain, status: 'queued', trigger: 'api' });
    }
    expect((await t.service.runtime.queue.counts())['enrich.domain'].waiting).toBe(3);
  });

  it('writes one audit row per accepted domain, marked as a batch, in input order', async () => {
    const rows = await t.service.runtime.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'action', 'target_type', 'target_id', 'details'])
      .where(sql<boolean>`details->>'batch' = 'true'`)
      .where('actor_user_id', '=', users.owner?.id as string)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.target_id)).toEqual(['acme-shop.com', 'globex.com', 'initech.io']);
    const jobs = new Map((await activeJobs(['acme-shop.com', 'globex.com', 'initech.io'])).map((j) => [j.domain, j.id]));
    for (const row of rows) {
      expect(row).toMatchObject({ action: 'enrichment.triggered', target_type: 'account' });
      expect(row.details).toEqual({ via: 'api', jobId: jobs.get(row.target_id as string), deduplicated: false, force: false, trigger: 'api', batch: true });
    }
  });

  it("joins a domain's active job, whoever started it", async () => {
    const single = await post('admin', '/v1/enrichments', { domain: 'umbrella.com' });
    expect(single.status).toBe(202);
    const { jobId } = (await single.json()) as { jobId: string };
    const answer = await batch('owner', { domains: ['umbrella.com', 'globex.com'] });
    expect(answer.refused).toEqual([]);
    expect(answer.accepted).toEqual([
      { jobId, domain: 'umbrella.com', statusUrl: `/v1/enrichments/${jobId}`, deduplicated: true },
      expect.objectContaining({ domain: 'globex.com', deduplicated: true }),
    ]);
    expect(await activeJobs(['umbrella.com'])).toHaveLength(1);
  });

  it('refuses a team account to an AE who may only read it, and accepts the rest', async () => {
    const answer = await batch('teammate', { domains: ['acme-shop.com', 'hooli.com'] });
    expect(answer.refused).toEqual([{ input: 'acme-shop.com', error: { code: 'forbidden', message: 'acme-shop.com is a team account you may read but not change' } }]);
    expect(answer.accepted.map((a) => [a.domain, a.deduplicated])).toEqual([['hooli.com', false]]);
  });

  it('decides each domain of a batch as the single POST does, whoever owns it and however', async () => {
    const db = t.service.runtime.db;
    users.mixer = await userWithKey(db, 'mixer@example.com', 'ae', 'West');
    await seedAccount(db, 'west-team-shop.com', users.owner!.id);
    // Owned only through owner_user_id, no assignment: the owner's team is looked up on its own.
    await db.insertInto('accounts').values({ domain: 'east-owned-shop.com', name: 'East', owner_user_id: users.manager!.id }).execute();
    const domains = ['west-team-shop.com', 'east-owned-shop.com', 'fresh-mixed-shop.com'];
    const answer = await batch('mixer', { domains });
    const refusedByBatch = Object.fromEntries(answer.refused.map((r) => [r.input, r.error.message]));
    expect(answer.accepted.map((a) => a.domain)).toEqual(['fresh-mixed-shop.com']);
    for (const domain of domains.slice(0, 2)) {
      const single = await post('mixer', '/v1/enrichments', { domain });
      expect([domain, single.status]).toEqual([domain, 403]);
      expect(refusedByBatch[domain]).toBe(ErrorBodySchema.parse(await single.json()).error.message);
    }
    expect(refusedByBatch['east-owned-shop.com']).toMatch(/owned outside your team/);
  });

  it('refuses the inputs past the concurrency cap with its code, and accepts those before', async () => {
    const domains = ['one-shop.com', 'two-shop.com', 'three-shop.com', 'four-shop.com', 'five-shop.com', 'six-shop.com'];
    const answer = await batch('manager', { domains });
    expect(answer.accepted.map((a) => a.domain)).toEqual(domains.slice(0, CAP));
    expect(answer.refused.map((r) => [r.input, r.error.code])).toEqual(domains.slice(CAP).map((d) => [d, 'rate_limited']));
    expect(answer.refused[0]?.error.message).toContain(`at most ${CAP} at once`);
  });

  it('answers 400 to more than 500 domains, to none, and to unknown fields', async () => {
    const tooMany = Array.from({ length: 501 }, (_, i) => `shop-${i}.com`);
    for (const body of [{ domains: tooMany }, { domains: [] }, { domains: ['globex.com'], priority: 'high' }]) {
      const res = await post('owner', '/v1/enrichments/batch', body);
      expect(res.status).toBe(400);
      expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect(await activeJobs(['shop-0.com'])).toEqual([]);
  });
});
