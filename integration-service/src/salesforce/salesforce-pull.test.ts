import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import bulkComplete from './__fixtures__/bulk-query-job-created.json' with { type: 'json' };
import bulkDone from './__fixtures__/bulk-query-job-complete.json' with { type: 'json' };
import page1 from './__fixtures__/query-accounts-page1.json' with { type: 'json' };
import page2 from './__fixtures__/query-accounts-page2.json' with { type: 'json' };
import token from './__fixtures__/oauth-token-client-credentials.json' with { type: 'json' };
import { API, INSTANCE, accountRecord, testSalesforce } from './__fixtures__/test-salesforce.ts';
import { pullProspects } from './salesforce-pull.ts';
import { ACCOUNTS_PULL_KEY, readSyncState } from './sync-state.repository.ts';

const csv = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  ({ db, close: closeDb } = await createTestDatabase('postgres'));
});
beforeEach(() => {
  // Every pull builds its own client, which logs in once.
  nock(INSTANCE).persist().post('/services/oauth2/token').reply(200, token);
});
afterEach(async () => {
  nock.cleanAll();
  await db.deleteFrom('accounts').execute();
  await db.deleteFrom('salesforce_sync_state').execute();
});
afterAll(async () => {
  nock.enableNetConnect();
  await closeDb?.();
});

function pull(options: { full?: boolean; bulkThreshold?: number; client?: ReturnType<typeof testSalesforce>['client'] } = {}) {
  const client = options.client ?? testSalesforce().client;
  return pullProspects({ db, client, prospectFilter: "Type = 'Prospect'", bulkThreshold: options.bulkThreshold ?? 20_000, bulk: { pollMs: 5 } }, { full: options.full });
}
const accounts = () => db.selectFrom('accounts').select(['salesforce_id', 'domain', 'name', 'website', 'salesforce_owner_id', 'country', 'updated_at']).orderBy('salesforce_id').execute();

describe('pulling prospect Accounts', () => {
  it('follows nextRecordsUrl to the last page, stores domains and reports Accounts without a website', async () => {
    let soqlSent = '';
    const scope = nock(INSTANCE)
      .get(`${API}/query`)
      .query((q) => {
        soqlSent = String(q.q);
        return true;
      })
      .reply(200, page1)
      .get(page1.nextRecordsUrl)
      .reply(200, page2);
    const summary = await pull();
    scope.done();
    expect(soqlSent).toBe("SELECT Id, Name, Website, OwnerId, BillingCountry, SystemModstamp FROM Account WHERE (Type = 'Prospect') ORDER BY SystemModstamp, Id");
    expect(summary).toMatchObject({ mode: 'rest', read: 4, created: 3, updated: 0, unchanged: 0, apiCalls: 2, cursor: '2026-11-22T10:00:00.000Z' });
    expect(summary.withoutWebsite).toEqual([{ salesforceId: '001RO00000NoSite01', name: 'Acme (no website)', website: null, reason: 'no Website' }]);
    expect((await accounts()).map((a) => [a.salesforce_id, a.domain, a.country])).toEqual([
      ['001RO00000Costco01', 'costco.com', 'United States'],
      ['001RO00000Target01', 'target.com', null],
      ['001RO00000Wayfai01', 'wayfair.com', 'United States'],
    ]);
    expect((await readSyncState(db, ACCOUNTS_PULL_KEY))?.cursor).toBe('2026-11-22T10:00:00.000Z');
  });

  it('resumes from the stored SystemModstamp with >=, re-reading its second without writing it again', async () => {
    nock(INSTANCE).get(`${API}/query`).query(true).reply(200, page1).get(page1.nextRecordsUrl).reply(200, page2);
    await pull();
    const before = await accounts();

    let soqlSent = '';
    const boundary = page2.records[1] as (typeof page2.records)[number];
    const sameSecondEdit = accountRecord('001RO00000Zappos1', { Name: 'Zappos', Website: 'zappos.com', SystemModstamp: '2026-11-22T10:00:00.000+0000' });
    const later = { ...page1.records[0], Name: 'Costco', SystemModstamp: '2026-11-23T07:15:00.000+0000' };
    const scope = nock(INSTANCE)
      .get(`${API}/query`)
      .query((q) => {
        soqlSent = String(q.q);
        return true;
      })
      .reply(200, { totalSize: 3, done: true, records: [boundary, sameSecondEdit, later] });
    const summary = await pull();
    scope.done();
    expect(soqlSent).toContain("WHERE (Type = 'Prospect') AND SystemModstamp >= 2026-11-22T10:00:00.000Z ORDER BY SystemModstamp, Id");
    expect(summary).toMatchObject({ read: 3, created: 1, updated: 1, unchanged: 1, apiCalls: 1, cursor: '2026-11-23T07:15:00.000Z' });
    const after = await accounts();
    const wayfair = (rows: typeof after) => rows.find((a) => a.salesforce_id === boundary.Id);
    // Re-read, unchanged: not written (its updated_at did not move).
    expect(wayfair(after)?.updated_at).toEqual(wayfair(before)?.updated_at);
    expect(after.find((a) => a.salesforce_id === '001RO00000Costco01')?.name).toBe('Costco');
    expect(after.map((a) => a.domain)).toContain('zappos.com');
  });

  it('links an account enriched before it was pulled and reports a domain two Accounts claim', async () => {
    await db.insertInto('accounts').values({ domain: 'costco.com', name: 'from enrichment' }).execute();
    const twin = accountRecord('001RO00000Costco02', { Name: 'Costco Canada', Website: 'costco.com', SystemModstamp: '2026-11-20T08:00:01.000+0000' });
    nock(INSTANCE).get(`${API}/query`).query(true).reply(200, { totalSize: 2, done: true, records: [page1.records[0], twin] });
    const summary = await pull();
    expect(summary).toMatchObject({ read: 2, created: 0, linked: 1 });
    expect(summary.duplicateDomain).toMatchObject([{ salesforceId: '001RO00000Costco02', reason: 'another Account in this pull has costco.com' }]);
    expect(await accounts()).toMatchObject([{ salesforce_id: '001RO00000Costco01', domain: 'costco.com', name: 'Costco Wholesale' }]);
  });

  it('switches to a Bulk API 2.0 query job above the threshold and reads every locator chunk', async () => {
    let bulkSoql = '';
    const scope = nock(INSTANCE)
      .get(`${API}/query`)
      .query(true)
      .reply(200, page1)
      .post(`${API}/jobs/query`, (body: { operation: string; query: string }) => {
        bulkSoql = body.query;
        return body.operation === 'query';
      })
      .reply(200, bulkComplete)
      .get(`${API}/jobs/query/750RO00000BulkJ01`)
      .reply(200, { ...bulkComplete, state: 'InProgress' })
      .get(`${API}/jobs/query/750RO00000BulkJ01`)
      .reply(200, bulkDone)
      .get(`${API}/jobs/query/750RO00000BulkJ01/results`)
      .query({ maxRecords: '50000' })
      .reply(200, csv('bulk-query-results-1.csv'), { 'content-type': 'text/csv', 'sforce-locator': 'MTAwMDA', 'sforce-numberofrecords': '2' })
      .get(`${API}/jobs/query/750RO00000BulkJ01/results`)
      .query({ maxRecords: '50000', locator: 'MTAwMDA' })
      .reply(200, csv('bulk-query-results-2.csv'), { 'content-type': 'text/csv', 'sforce-locator': 'null', 'sforce-numberofrecords': '1' });
    const summary = await pull({ bulkThreshold: 3 });
    scope.done();
    expect(bulkSoql).toBe("SELECT Id, Name, Website, OwnerId, BillingCountry, SystemModstamp FROM Account WHERE (Type = 'Prospect')");
    expect(summary).toMatchObject({ mode: 'bulk', read: 3, created: 3, apiCalls: 6, cursor: '2026-11-22T10:00:00.000Z' });
    expect((await accounts()).map((a) => a.domain)).toEqual(['costco.com', 'target.com', 'wayfair.com']);
  });

  it('stops between pages when usage crosses the share, keeping the cursor of what it stored', async () => {
    const { client } = testSalesforce({ SALESFORCE_LIMIT_SHARE: '0.9' });
    // The second page is never asked for: the first answer said 13,800 of 15,000 calls are used.
    const scope = nock(INSTANCE).get(`${API}/query`).query(true).reply(200, page1, { 'sforce-limit-info': 'api-usage=13800/15000' });
    const summary = await pull({ client });
    scope.done();
    expect(summary).toMatchObject({ read: 2, created: 2, apiCalls: 1, cursor: '2026-11-21T09:30:00.000Z' });
    expect(summary.paused).toContain('13800/15000');
    expect((await readSyncState(db, ACCOUNTS_PULL_KEY))?.cursor).toBe('2026-11-21T09:30:00.000Z');
  });
});
