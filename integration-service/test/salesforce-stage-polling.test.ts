import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { SALESFORCE_INSTANCE, SALESFORCE_TOKEN, opportunityRecord, queryPage } from './support/salesforce-records.ts';
import { enrichmentJobsOf, startProspectSites } from './support/stage-triggers.ts';
import { startTestService, type TestService } from './support/test-service.ts';

let sites: LocalSites;
let t: TestService;

beforeAll(async () => {
  sites = await startProspectSites();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
  t = await startTestService({
    database: 'postgres',
    redis: false,
    env: {
      SALESFORCE_INSTANCE_URL: SALESFORCE_INSTANCE,
      SALESFORCE_ACCESS_TOKEN: SALESFORCE_TOKEN,
      // No timer: the test runs each pass itself.
      PF_SALESFORCE_TRIGGER_POLL_MS: '0',
      PF_HTTP_RESOLVE: sites.pins(['polled-shop.com', 'edited-shop.com']),
      YAHOO_FINANCE_ENABLED: 'false',
    },
  });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await t?.stop();
  await sites?.close();
  nock.enableNetConnect();
});

/** Answers the Opportunity query with `pages` in turn, recording each SOQL statement. */
function salesforceAnswering(pages: Array<ReturnType<typeof queryPage>>, soql: string[]) {
  const scope = nock(SALESFORCE_INSTANCE, { reqheaders: { authorization: `Bearer ${SALESFORCE_TOKEN}` } });
  const [first, ...rest] = pages;
  scope.get('/services/data/v62.0/query').query((q) => {
    soql.push(String(q.q));
    return true;
  }).reply(200, first);
  rest.forEach((page, index) => scope.get(`/services/data/v62.0/query/01gHs0000ABCDEF-${(index + 1) * 2000}`).reply(200, page));
  return scope;
}

it('finds a stage move by SystemModstamp, enqueues it once, and moves the cursor', async () => {
  const db = t.service.runtime.db;
  const now = Date.now();
  const moved = opportunityRecord({ id: '006Hs00001PolledAA', accountId: '001Hs00002PolledAA', website: 'https://polled-shop.com', stageName: 'Qualification', lastStageChangeDate: new Date(now - 20_000), systemModstamp: new Date(now - 20_000) });
  // In a trigger stage for weeks, edited just now: read, but not a move.
  const edited = opportunityRecord({ id: '006Hs00001EditedAA', accountId: '001Hs00002EditedAA', website: 'https://edited-shop.com', stageName: 'Needs Analysis', lastStageChangeDate: new Date(now - 30 * 86_400_000), systemModstamp: new Date(now - 5_000) });
  const soql: string[] = [];
  const scope = salesforceAnswering([queryPage([moved], { totalSize: 2, next: '/services/data/v62.0/query/01gHs0000ABCDEF-2000' }), queryPage([edited], { totalSize: 2 })], soql);

  const first = await t.service.runtime.stageTriggers.pollOnce();
  scope.done();
  expect(first).toMatchObject({ read: 2, moves: 1, enqueued: 1, duplicates: 0 });
  expect(soql[0]).toMatch(/^SELECT Id, AccountId, Account\.Website, StageName, LastStageChangeDate, CreatedDate, SystemModstamp FROM Opportunity WHERE StageName IN \('Qualification', 'Needs Analysis'\) AND SystemModstamp >= \d{4}-\d\d-\d\dT[\d:.]+Z ORDER BY SystemModstamp ASC$/);
  // The first pass looks one interval back (5 min by default) plus the overlap.
  const since = new Date(/>= (\S+)/.exec(soql[0] as string)?.[1] as string).getTime();
  expect(now - since).toBeGreaterThanOrEqual(360_000 - 1000);
  expect(now - since).toBeLessThan(360_000 + 5000);

  const jobs = await enrichmentJobsOf(db, 'polled-shop.com');
  expect(jobs).toEqual([expect.objectContaining({ trigger: 'salesforce_stage' })]);
  expect(await enrichmentJobsOf(db, 'edited-shop.com')).toHaveLength(0);
  const state = await db.selectFrom('salesforce_sync_state').selectAll().where('key', '=', 'opportunities.poll').executeTakeFirstOrThrow();
  expect(state.cursor).toBe(new Date(now - 5_000).toISOString());

  // The next pass starts at the cursor (less the overlap) and sees the same move again: nothing new.
  const secondSoql: string[] = [];
  const again = salesforceAnswering([queryPage([moved, edited])], secondSoql);
  const second = await t.service.runtime.stageTriggers.pollOnce();
  again.done();
  expect(secondSoql[0]).toContain(`SystemModstamp >= ${new Date(now - 5_000 - 60_000).toISOString()}`);
  expect(second).toMatchObject({ read: 2, moves: 1, enqueued: 0, duplicates: 1 });
  expect(await enrichmentJobsOf(db, 'polled-shop.com')).toHaveLength(1);
});

it('keeps the cursor when a pass fails, so the next pass reads the same window again', async () => {
  const db = t.service.runtime.db;
  const before = await db.selectFrom('salesforce_sync_state').select('cursor').where('key', '=', 'opportunities.poll').executeTakeFirstOrThrow();
  const scope = nock(SALESFORCE_INSTANCE).get('/services/data/v62.0/query').query(true).reply(400, [{ message: "No such column 'LastStageChangeDate'", errorCode: 'INVALID_FIELD' }]);
  await expect(t.service.runtime.stageTriggers.pollOnce()).rejects.toThrow(/LastStageChangeDate/);
  scope.done();
  const after = await db.selectFrom('salesforce_sync_state').select('cursor').where('key', '=', 'opportunities.poll').executeTakeFirstOrThrow();
  expect(after.cursor).toBe(before.cursor);
});
