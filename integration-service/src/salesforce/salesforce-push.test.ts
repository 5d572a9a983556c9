import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { createBriefLinks } from '../briefs/brief-links.ts';
import type { Db } from '../database/database.ts';
import { insertSnapshot } from '../enrichment/snapshots.repository.ts';
import partialFailure from './__fixtures__/composite-sobjects-partial.json' with { type: 'json' };
import token from './__fixtures__/oauth-token-client-credentials.json' with { type: 'json' };
import { API, INSTANCE, testSalesforce } from './__fixtures__/test-salesforce.ts';
import { DEFAULT_FIELD_MAPPING } from './field-mapping.ts';
import { pushAccountFields } from './salesforce-push.ts';

type PatchBody = { allOrNone: boolean; records: Array<Record<string, unknown>> };
const briefLinks = createBriefLinks({ keys: ['test-signing-key-0123456789abcdef0123'], publicUrl: 'https://pf.acme.test', ttlDays: 90 });
const ENRICHED = new Date('2026-11-21T12:00:00Z');
let now = new Date('2026-11-22T10:00:00Z');
let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  ({ db, close: closeDb } = await createTestDatabase('postgres'));
});
beforeEach(() => {
  now = new Date('2026-11-22T10:00:00Z');
  nock(INSTANCE).persist().post('/services/oauth2/token').reply(200, token);
});
afterEach(async () => {
  nock.cleanAll();
  await db.deleteFrom('salesforce_push_state').execute();
  await db.deleteFrom('accounts').execute();
  await db.deleteFrom('intel_snapshots').execute();
});
afterAll(async () => {
  nock.enableNetConnect();
  await closeDb?.();
});

/** `count` enriched accounts with Salesforce ids 001RO00000Push0001…; returns their ids. */
async function seedAccounts(count: number): Promise<string[]> {
  const rows = await db
    .insertInto('accounts')
    .values(
      Array.from({ length: count }, (_, i) => ({
        // Ids in the order of the Salesforce ids, so a batch's order is known.
        id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        domain: `push${i + 1}.com`,
        salesforce_id: `001RO00000Push${String(i + 1).padStart(4, '0')}`,
        score: 85,
        tier: 'hot' as const,
        last_enriched_at: ENRICHED,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

function push(options: { accountIds?: string[]; urgent?: boolean } = {}) {
  const { client } = testSalesforce();
  return pushAccountFields({ db, client, briefLinks, fieldMapping: DEFAULT_FIELD_MAPPING, retryBaseMs: 60_000, now: () => now }, options);
}

/** Intercepts collection calls, answering success for every record, and keeps the bodies. */
function collections(times: number, bodies: PatchBody[]) {
  // The body matcher runs before the reply, so the reply answers the body just kept.
  return nock(INSTANCE)
    .patch(`${API}/composite/sobjects`, (body: PatchBody) => {
      bodies.push(body);
      return true;
    })
    .times(times)
    .reply(200, () => (bodies.at(-1) as PatchBody).records.map((r) => ({ id: r.id, success: true, errors: [] })));
}

describe('pushing PartnerForge fields', () => {
  it('writes only the mapped fields, then costs no call while nothing changed', async () => {
    await seedAccounts(1);
    await insertSnapshot(db, {
      domain: 'push1.com',
      module: 'website.fingerprint',
      provider: 'website',
      data: { technologies: [{ name: 'Shopify Plus', categories: ['Ecommerce'] }, { name: 'Algolia', categories: ['Search'] }], searchVendor: 'Algolia', partnerPlatforms: [] },
      sourceUrl: 'https://push1.com/',
      fetchedAt: ENRICHED,
    });
    const bodies: PatchBody[] = [];
    const scope = collections(1, bodies);
    expect(await push()).toMatchObject({ examined: 1, written: 1, unchanged: 0, failed: 0, apiCalls: 1 });
    scope.done();
    expect(bodies[0]?.allOrNone).toBe(false);
    const record = bodies[0]?.records[0] as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(['PartnerForge_Brief_URL__c', 'PartnerForge_Last_Enriched__c', 'PartnerForge_Priority__c', 'PartnerForge_Score__c', 'PartnerForge_Search_Vendor__c', 'PartnerForge_Tech_Stack__c', 'attributes', 'id']);
    expect(record).toMatchObject({
      id: '001RO00000Push0001',
      attributes: { type: 'Account' },
      PartnerForge_Score__c: 85,
      PartnerForge_Priority__c: 'Hot',
      PartnerForge_Tech_Stack__c: 'Algolia; Shopify Plus',
      PartnerForge_Search_Vendor__c: 'Algolia',
      PartnerForge_Last_Enriched__c: '2026-11-21T12:00:00.000Z',
    });
    expect(String(record.PartnerForge_Brief_URL__c)).toMatch(/^https:\/\/pf\.acme\.test\/briefs\/push1\.com\?token=\d+\.[\w-]{43}$/);

    // Unchanged (the brief link is signed anew each time but the pushed one still works): no call.
    now = new Date('2026-11-23T10:00:00Z');
    expect(await push()).toMatchObject({ examined: 1, written: 0, unchanged: 1, apiCalls: 0 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('sends only the value that changed', async () => {
    const [id] = await seedAccounts(1);
    const bodies: PatchBody[] = [];
    collections(2, bodies);
    await push();
    await db.updateTable('accounts').set({ score: 62, tier: 'warm' }).where('id', '=', id as string).execute();
    expect(await push()).toMatchObject({ written: 1, apiCalls: 1 });
    expect(bodies[1]?.records).toEqual([{ attributes: { type: 'Account' }, id: '001RO00000Push0001', PartnerForge_Score__c: 62, PartnerForge_Priority__c: 'Warm' }]);
  });

  it('takes exactly 3 collection calls of at most 200 records for 450 changed accounts', async () => {
    await seedAccounts(450);
    const bodies: PatchBody[] = [];
    const scope = collections(3, bodies);
    expect(await push()).toMatchObject({ examined: 450, written: 450, apiCalls: 3 });
    scope.done();
    expect(bodies.map((b) => b.records.length)).toEqual([200, 200, 50]);
    expect(new Set(bodies.flatMap((b) => b.records.map((r) => r.id))).size).toBe(450);
  });

  it('lands the accepted records of a partly refused batch, stores the refusal and retries it after the backoff', async () => {
    const ids = await seedAccounts(3);
    const scope = nock(INSTANCE).patch(`${API}/composite/sobjects`).reply(200, partialFailure);
    expect(await push()).toMatchObject({ written: 2, failed: 1, failures: [{ accountId: ids[1], salesforceId: '001RO00000Push0002', errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }] }] });
    scope.done();
    // Four fields each: without intel, tech stack and search vendor stay null and are never sent.
    const states = await db.selectFrom('salesforce_push_state').selectAll().orderBy('salesforce_id').execute();
    expect(states.map((s) => [s.salesforce_id, s.error_count, s.next_attempt_at?.toISOString() ?? null, Object.keys(s.last_pushed).length])).toEqual([
      ['001RO00000Push0001', 0, null, 4],
      ['001RO00000Push0002', 1, '2026-11-22T10:01:00.000Z', 0],
      ['001RO00000Push0003', 0, null, 4],
    ]);
    expect(states[1]?.last_error).toMatchObject({ errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['PartnerForge_Score__c'] }] });

    // Still in backoff: nothing to send.
    now = new Date('2026-11-22T10:00:30Z');
    expect(await push()).toMatchObject({ examined: 2, unchanged: 2, apiCalls: 0 });
    // Backoff over: only the refused account goes again, and this time it lands.
    now = new Date('2026-11-22T10:01:00Z');
    const bodies: PatchBody[] = [];
    collections(1, bodies);
    expect(await push()).toMatchObject({ examined: 3, written: 1, unchanged: 2, apiCalls: 1 });
    expect(bodies[0]?.records.map((r) => r.id)).toEqual(['001RO00000Push0002']);
    const retried = await db.selectFrom('salesforce_push_state').selectAll().where('salesforce_id', '=', '001RO00000Push0002').executeTakeFirstOrThrow();
    expect([retried.error_count, retried.next_attempt_at, retried.last_error]).toEqual([0, null, null]);
  });

  it('pushes named accounts only, even in backoff', async () => {
    const ids = await seedAccounts(3);
    await db.insertInto('salesforce_push_state').values({ account_id: ids[2] as string, salesforce_id: '001RO00000Push0003', error_count: 2, next_attempt_at: new Date('2026-11-23T00:00:00Z') }).execute();
    const bodies: PatchBody[] = [];
    collections(1, bodies);
    expect(await push({ accountIds: [ids[2] as string], urgent: true })).toMatchObject({ examined: 1, written: 1 });
    expect(bodies[0]?.records.map((r) => r.id)).toEqual(['001RO00000Push0003']);
  });
});
