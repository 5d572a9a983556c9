import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { Connection } from 'jsforce';
import { startService, type RunningService } from '../src/main.ts';
import { startOpportunityCdc } from '../src/salesforce/triggers/opportunity-cdc.ts';
import { opportunityChangeEvent, startCometdStandIn, type CometdStandIn } from './support/cometd-stand-in.ts';
import { SALESFORCE_TOKEN, queryPage } from './support/salesforce-records.ts';
import { enrichmentJobsOf, startProspectSites } from './support/stage-triggers.ts';
import { startTestService, type TestService } from './support/test-service.ts';

const CHANNEL = '/data/OpportunityChangeEvent';
// Opportunity → its Account and the Account's Website, as Salesforce would answer the lookup.
const OPPORTUNITIES: Record<string, { accountId: string; website: string }> = {
  '006Hs00001CdcOneAA': { accountId: '001Hs00002CdcOneAA', website: 'https://www.cdc-shop.com' },
  '006Hs00001CdcTwoAA': { accountId: '001Hs00002CdcTwoAA', website: 'cdc-later.com' },
  '006Hs00001CdcLostA': { accountId: '001Hs00002CdcLostA', website: 'cdc-lost.com' },
};
const [OPP_ONE, OPP_TWO, OPP_LOST] = Object.keys(OPPORTUNITIES) as [string, string, string];

let sites: LocalSites;
let salesforce: CometdStandIn;
let t: TestService;
let restarted: RunningService | undefined;

function answerQuery(soql: string) {
  const ids = [...soql.matchAll(/'([A-Za-z0-9]{18})'/g)].map((m) => m[1] as string);
  const records = ids.flatMap((id) => {
    const opportunity = OPPORTUNITIES[id];
    if (!opportunity) return [];
    return [{ attributes: { type: 'Opportunity' }, Id: id, AccountId: opportunity.accountId, Account: { attributes: { type: 'Account' }, Website: opportunity.website } }];
  });
  return queryPage(records);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const storedReplayId = async (service: RunningService) =>
  (await service.runtime.db.selectFrom('salesforce_sync_state').select('replay_id').where('key', '=', 'opportunities.cdc').executeTakeFirst())?.replay_id;

beforeAll(async () => {
  sites = await startProspectSites();
  salesforce = await startCometdStandIn({ version: '62.0', token: SALESFORCE_TOKEN, answerQuery });
  t = await startTestService({
    database: 'postgres',
    redis: false,
    env: {
      SALESFORCE_INSTANCE_URL: salesforce.url,
      SALESFORCE_ACCESS_TOKEN: SALESFORCE_TOKEN,
      PF_SALESFORCE_CDC_ENABLED: 'true',
      PF_SALESFORCE_TRIGGER_POLL_MS: '0',
      PF_HTTP_RESOLVE: sites.pins(['cdc-shop.com', 'cdc-later.com', 'cdc-lost.com']),
      YAHOO_FINANCE_ENABLED: 'false',
    },
  });
});
afterAll(async () => {
  await restarted?.stop();
  await t?.stop();
  await salesforce?.close();
  await sites?.close();
});

it('enqueues one enrichment per CDC stage move, collapses a redelivery, and resumes after the stored replay id', async () => {
  // A fresh deployment asks for new events only.
  await until('the subscription', () => salesforce.subscriptions.length === 1);
  expect(salesforce.subscriptions[0]).toEqual({ channel: CHANNEL, replay: -1 });
  const db = t.service.runtime.db;
  const now = Date.now();

  salesforce.publish(CHANNEL, opportunityChangeEvent({ replayId: 101, recordIds: [OPP_ONE], changedFields: ['StageName', 'Probability', 'LastModifiedDate'], commitTimestamp: now, values: { StageName: 'Qualification', Probability: 20 } }));
  await until('replay id 101 stored', async () => (await storedReplayId(t.service)) === '101');
  const jobs = await enrichmentJobsOf(db, 'cdc-shop.com');
  expect(jobs).toEqual([expect.objectContaining({ trigger: 'salesforce_stage' })]);
  // The event carries no AccountId: the Account was looked up by the Opportunity id.
  expect(salesforce.queries).toEqual([`SELECT Id, AccountId, Account.Website FROM Opportunity WHERE Id IN ('${OPP_ONE}')`]);
  const account = await db.selectFrom('accounts').select(['salesforce_id', 'domain']).where('domain', '=', 'cdc-shop.com').executeTakeFirstOrThrow();
  expect(account.salesforce_id).toBe('001Hs00002CdcOneAA');

  // Salesforce delivers 101 again; then a move into a stage that does not trigger, then an edit that is no move.
  salesforce.redeliver(101);
  salesforce.publish(CHANNEL, opportunityChangeEvent({ replayId: 102, recordIds: [OPP_LOST], changedFields: ['StageName'], commitTimestamp: now + 1000, values: { StageName: 'Closed Lost' } }));
  salesforce.publish(CHANNEL, opportunityChangeEvent({ replayId: 103, recordIds: [OPP_ONE], changedFields: ['Amount'], commitTimestamp: now + 2000, values: { Amount: 125000 } }));
  await until('replay id 103 stored', async () => (await storedReplayId(t.service)) === '103');
  expect(await enrichmentJobsOf(db, 'cdc-shop.com')).toHaveLength(1);
  expect(await enrichmentJobsOf(db, 'cdc-lost.com')).toHaveLength(0);
  // Neither the redelivery, the non-trigger stage nor the edit cost a Salesforce query.
  expect(salesforce.queries).toHaveLength(1);

  // While the service is down, another Opportunity moves into a trigger stage.
  await t.service.stop();
  await until('the client to disconnect', () => salesforce.clientCount() === 0);
  salesforce.publish(CHANNEL, opportunityChangeEvent({ replayId: 104, recordIds: [OPP_TWO], changedFields: ['StageName'], commitTimestamp: now + 3000, values: { StageName: 'Needs Analysis' } }));

  restarted = await startService(t.config, t.logs.logger);
  await until('the second subscription', () => salesforce.subscriptions.length === 2);
  expect(salesforce.subscriptions[1]).toEqual({ channel: CHANNEL, replay: 103 });
  await until('replay id 104 stored', async () => (await storedReplayId(restarted as RunningService)) === '104');
  expect(await enrichmentJobsOf(restarted.runtime.db, 'cdc-later.com')).toEqual([expect.objectContaining({ trigger: 'salesforce_stage' })]);
  expect(await enrichmentJobsOf(restarted.runtime.db, 'cdc-shop.com')).toHaveLength(1);
});

it('does not go quiet when Salesforce refuses the session: it logs why and subscribes again', async () => {
  const db = (restarted ?? t.service).runtime;
  const expired = new Connection({ instanceUrl: salesforce.url, accessToken: 'expired-session', version: '62.0' });
  const before = salesforce.handshakes();
  const cdc = await startOpportunityCdc({ db: db.db, connection: expired, stages: ['Qualification'], handleMove: () => Promise.reject(new Error('no event expected')), logger: t.logs.logger, resubscribeDelayMs: 50 });
  try {
    await until('a second refused handshake', () => salesforce.handshakes() >= before + 2);
    const refusals = t.logs.lines().filter((line) => line.msg === 'Salesforce ended the streaming session; subscribing again later');
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]).toMatchObject({ level: 'error', failure: '401::Authentication invalid' });
    expect(t.logs.text()).not.toContain('expired-session');
  } finally {
    await cdc.stop();
  }
});
