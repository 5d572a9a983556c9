import type { Response } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerforge/shared/schemas';
import type { LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { WEBHOOK_SECRET, enrichmentJobsOf, postStageChange, startProspectSites, waitForEnrichmentsOf } from './support/stage-triggers.ts';
import { startTestService, type TestService } from './support/test-service.ts';

const DOMAINS = ['acme-shop.com', 'refused-shop.com', 'other-stage.com', 'fifteen-shop.com', 'pushed-shop.com'];
let sites: LocalSites;
let t: TestService;
/** Every push the service asked for, in order (the salesforce.push job stands behind this seam). */
const pushes: string[] = [];

beforeAll(async () => {
  sites = await startProspectSites();
  t = await startTestService({
    database: 'postgres',
    redis: false,
    env: { SALESFORCE_WEBHOOK_SECRET: WEBHOOK_SECRET, PF_SALESFORCE_TRIGGER_STAGES: 'Qualification, Needs Analysis', PF_HTTP_RESOLVE: sites.pins(DOMAINS), YAHOO_FINANCE_ENABLED: 'false' },
    runtime: { requestSalesforcePush: async (accountId) => void pushes.push(accountId) },
  });
});
afterAll(async () => {
  await t?.stop();
  await sites?.close();
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

const move = (overrides: Record<string, unknown> = {}) => ({
  opportunityId: '006Hs00001AbCdEIAX',
  accountId: '001Hs00002XyZaBIAZ',
  stageName: 'Qualification',
  previousStageName: 'Prospecting',
  website: 'https://www.acme-shop.com/',
  ...overrides,
});

describe('POST /v1/webhooks/salesforce/opportunity', () => {
  it('enqueues one enrichment of the Account for a signed move, without an API key, and collapses repeats', async () => {
    const db = t.service.runtime.db;
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postStageChange(t.baseUrl, move(), { timestamp });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { outcome: string; jobId: string; accountId: string; domain: string };
    expect(accepted).toMatchObject({ outcome: 'enqueued', domain: 'acme-shop.com', deduplicated: false });

    const account = await db.selectFrom('accounts').selectAll().where('id', '=', accepted.accountId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ domain: 'acme-shop.com', salesforce_id: '001Hs00002XyZaBIAZ', website: 'https://www.acme-shop.com/' });

    // The very same delivery again, while the job may still run…
    const again = await postStageChange(t.baseUrl, move(), { timestamp });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: 'duplicate' });
    // …and a retry signed anew after the enrichment finished, when single flight alone would no longer collapse it.
    await waitForEnrichmentsOf(db, 'acme-shop.com');
    const retried = await postStageChange(t.baseUrl, move(), { timestamp: timestamp + 20 });
    expect(await retried.json()).toEqual({ outcome: 'duplicate' });

    const jobs = await enrichmentJobsOf(db, 'acme-shop.com');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: accepted.jobId, trigger: 'salesforce_stage' });
    const trigger = await db.selectFrom('salesforce_stage_triggers').selectAll().where('opportunity_id', '=', '006Hs00001AbCdEIAX').executeTakeFirstOrThrow();
    expect(trigger).toMatchObject({ stage_name: 'Qualification', source: 'webhook', outcome: 'enqueued', account_id: accepted.accountId, enrichment_job_id: accepted.jobId });
    // Audited once, like an enrichment started through the API, with what moved it.
    const audited = await db.selectFrom('audit_log').select(['actor_user_id', 'target_id', 'details']).where('action', '=', 'enrichment.triggered').where('target_id', '=', 'acme-shop.com').execute();
    expect(audited).toEqual([
      {
        actor_user_id: null,
        target_id: 'acme-shop.com',
        details: expect.objectContaining({ via: 'job', trigger: 'salesforce_stage', source: 'webhook', jobId: accepted.jobId, opportunityId: '006Hs00001AbCdEIAX', stageName: 'Qualification', accountSalesforceId: '001Hs00002XyZaBIAZ' }),
      },
    ]);
  });

  it('treats a later move of the same Opportunity into another configured stage as a new trigger', async () => {
    const db = t.service.runtime.db;
    await waitForEnrichmentsOf(db, 'acme-shop.com');
    const res = await postStageChange(t.baseUrl, move({ stageName: 'needs analysis', previousStageName: 'Qualification', changedAt: new Date(Date.now() + 1000).toISOString() }));
    expect(res.status).toBe(202);
    expect(await enrichmentJobsOf(db, 'acme-shop.com')).toHaveLength(2);
  });

  it('refuses a forged signature, a stale timestamp and a missing signature with 401, and enqueues nothing', async () => {
    const body = move({ opportunityId: '006Hs00001RefusAAA', accountId: '001Hs00002RefusAAA', website: 'refused-shop.com' });
    const forged = await expectError(await postStageChange(t.baseUrl, body, { secret: 'not-the-secret' }), 401, 'unauthorized');
    expect(forged.details).toEqual({ reason: 'mismatch' });
    // Signed correctly, but 5 minutes and 1 second ago: a replay.
    const stale = await expectError(await postStageChange(t.baseUrl, body, { timestamp: Math.floor(Date.now() / 1000) - 301 }), 401, 'unauthorized');
    expect(stale.details).toEqual({ reason: 'stale' });
    const missing = await expectError(await postStageChange(t.baseUrl, body, { signature: null }), 401, 'unauthorized');
    expect(missing.details).toEqual({ reason: 'missing' });
    // A valid signature over another body does not cover this one.
    const swapped = await postStageChange(t.baseUrl, body, { signature: (await import('../src/salesforce/triggers/webhook-signature.ts')).signWebhookBody(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), '{}') });
    await expectError(swapped, 401, 'unauthorized');

    expect(await enrichmentJobsOf(t.service.runtime.db, 'refused-shop.com')).toHaveLength(0);
    const account = await t.service.runtime.db.selectFrom('accounts').select('id').where('domain', '=', 'refused-shop.com').executeTakeFirst();
    expect(account).toBeUndefined();
  });

  it('enqueues nothing for a move into a stage that is not configured', async () => {
    const res = await postStageChange(t.baseUrl, move({ opportunityId: '006Hs00001OtherAAA', accountId: '001Hs00002OtherAAA', stageName: 'Closed Won', website: 'other-stage.com' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'ignored', reason: 'stage_not_configured' });
    expect(await enrichmentJobsOf(t.service.runtime.db, 'other-stage.com')).toHaveLength(0);
  });

  it('validates the body after the signature, and takes 15-character ids as their 18-character form', async () => {
    const invalid = await expectError(await postStageChange(t.baseUrl, { opportunityId: 'nope', stageName: '' }), 400, 'validation_failed');
    expect(JSON.stringify(invalid.details)).toContain('opportunityId');
    await expectError(await postStageChange(t.baseUrl, undefined, { rawBody: '{not json' }), 400, 'invalid_json');

    const res = await postStageChange(t.baseUrl, move({ opportunityId: '006D000000IqhSL', accountId: '001D000000IqhSL', website: 'fifteen-shop.com' }));
    expect(res.status).toBe(202);
    const account = await t.service.runtime.db.selectFrom('accounts').select('salesforce_id').where('domain', '=', 'fifteen-shop.com').executeTakeFirstOrThrow();
    expect(account.salesforce_id).toBe('001D000000IqhSLIAZ');
  });
});

describe('after a stage-triggered enrichment', () => {
  it('requests one push per finished enrichment, however many Opportunities of the Account moved', async () => {
    const db = t.service.runtime.db;
    const account = { accountId: '001Hs00002PushedAA', website: 'pushed-shop.com' };
    // Two Opportunities of one Account move at once: single flight gives them one job.
    const [one, two] = await Promise.all([
      postStageChange(t.baseUrl, move({ ...account, opportunityId: '006Hs00001PushOneA' })),
      postStageChange(t.baseUrl, move({ ...account, opportunityId: '006Hs00001PushTwoA' })),
    ]);
    const accepted = [(await one.json()) as { jobId: string; accountId: string; deduplicated: boolean }, (await two.json()) as { jobId: string; accountId: string; deduplicated: boolean }];
    expect(accepted[0]?.jobId).toBe(accepted[1]?.jobId);
    expect(accepted.map((a) => a.deduplicated).sort()).toEqual([false, true]);
    const accountId = accepted[0]?.accountId as string;

    await waitForEnrichmentsOf(db, 'pushed-shop.com');
    const [job] = await enrichmentJobsOf(db, 'pushed-shop.com');
    expect(job?.status).not.toBe('failed');
    for (let i = 0; i < 100 && !pushes.includes(accountId); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    // A repeated finish of the same job asks for nothing more.
    t.service.runtime.events.emit('enrichment.finished', { jobId: job?.id as string, domain: 'pushed-shop.com', status: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pushes.filter((id) => id === accountId)).toEqual([accountId]);
  });

  it('requests no push for enrichments no stage move asked for', async () => {
    // acme-shop.com's triggered jobs have pushed; an enrichment from the API for another domain pushes nothing.
    const before = pushes.length;
    t.service.runtime.events.emit('enrichment.finished', { jobId: '00000000-0000-4000-8000-000000000000', domain: 'elsewhere.com', status: 'completed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pushes).toHaveLength(before);
  });
});

describe('the webhook without SALESFORCE_WEBHOOK_SECRET', () => {
  let off: TestService;
  beforeAll(async () => {
    off = await startTestService({ database: 'postgres', redis: false });
  });
  afterAll(async () => off?.stop());

  it('answers 503 in the error shape instead of accepting unsigned calls', async () => {
    const error = await expectError(await postStageChange(off.baseUrl, move(), { signature: null }), 503, 'unavailable');
    expect(error.message).toContain('SALESFORCE_WEBHOOK_SECRET');
    await expectError(await postStageChange(off.baseUrl, move()), 503, 'unavailable');
  });
});
