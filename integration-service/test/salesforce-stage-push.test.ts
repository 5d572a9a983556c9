import nock from 'nock';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { toCaseSafeId } from '../src/salesforce/triggers/salesforce-id.ts';
import { SALESFORCE_INSTANCE, SALESFORCE_TOKEN } from './support/salesforce-records.ts';
import { WEBHOOK_SECRET, postStageChange, startProspectSites } from './support/stage-triggers.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// The whole path with nothing of ours replaced: a signed Flow call → one enrichment → the
// salesforce.push job → one sObject Collections PATCH carrying only PartnerForge fields.

interface PatchBody {
  allOrNone: boolean;
  records: Array<Record<string, unknown> & { attributes: { type: string }; id: string }>;
}

/** A 15-character id, as a Flow may send it: the push must use its 18-character form. */
const ACCOUNT_ID = '001Hs00002Pushd';
let sites: LocalSites;
let t: TestService;

beforeAll(async () => {
  sites = await startProspectSites();
  t = await startTestService({
    database: 'postgres',
    redis: false,
    env: {
      SALESFORCE_INSTANCE_URL: SALESFORCE_INSTANCE,
      SALESFORCE_ACCESS_TOKEN: SALESFORCE_TOKEN,
      SALESFORCE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // No polling pass and no CDC: the webhook is the trigger under test.
      PF_SALESFORCE_TRIGGER_POLL_MS: '0',
      PF_HTTP_RESOLVE: sites.pins(['stage-pushed.com']),
      YAHOO_FINANCE_ENABLED: 'false',
    },
  });
});
afterAll(async () => {
  await t?.stop();
  await sites?.close();
  nock.cleanAll();
});

it('pushes the PartnerForge fields of the Account once its stage-triggered enrichment finishes', async () => {
  const patches: PatchBody[] = [];
  nock(SALESFORCE_INSTANCE, { reqheaders: { authorization: `Bearer ${SALESFORCE_TOKEN}` } })
    .patch('/services/data/v62.0/composite/sobjects')
    .reply(async (request) => {
      patches.push((await request.json()) as PatchBody);
      return [200, [{ id: toCaseSafeId(ACCOUNT_ID), success: true, errors: [] }], { 'Sforce-Limit-Info': 'api-usage=120/100000' }];
    });

  const res = await postStageChange(t.baseUrl, {
    opportunityId: '006Hs00001Pushd',
    accountId: ACCOUNT_ID,
    stageName: 'Qualification',
    previousStageName: 'Prospecting',
    website: 'https://www.stage-pushed.com/',
  });
  expect(res.status).toBe(202);

  await vi.waitFor(() => expect(patches).toHaveLength(1), { timeout: 30_000, interval: 100 });
  const [patch] = patches;
  expect(patch?.allOrNone).toBe(false);
  expect(patch?.records).toHaveLength(1);
  const record: Record<string, unknown> = patch?.records[0] ?? {};
  expect(record).toMatchObject({ attributes: { type: 'Account' }, id: toCaseSafeId(ACCOUNT_ID) });
  // Nothing but the mapped fields: an Account's own fields are never written.
  for (const field of Object.keys(record).filter((name) => name !== 'attributes' && name !== 'id')) expect(field).toMatch(/^PartnerForge_\w+__c$/);
  expect(record.PartnerForge_Search_Vendor__c).toBe('Algolia');
  expect(String(record.PartnerForge_Brief_URL__c)).toContain('/briefs/stage-pushed.com?token=');
});
