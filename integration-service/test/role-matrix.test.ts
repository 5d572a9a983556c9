import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeListSchema, ErrorBodySchema, IntelHistorySchema } from '@partnerforge/shared/schemas';
import { seedAccount, seedIntel, userWithKey } from './support/account-fixtures.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// One account, read over HTTP by every role: what each sees is exactly what the matrix allows.

const ACME = 'acme-shop.com'; // owned by an AE of team West
const EAST = 'east-shop.com'; // owned by an AE of team East
const FRESH = 'fresh-shop.com'; // enriched, but nobody owns it

describe('the role matrix over HTTP', () => {
  let t: TestService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const get = (who: string, path: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${keys[who]}`, ...headers } });
  const enrich = (who: string, domain: string) =>
    fetch(`${t.baseUrl}/v1/enrichments`, { method: 'POST', headers: { authorization: `Bearer ${keys[who]}`, 'content-type': 'application/json' }, body: JSON.stringify({ domain }) });
  const intel = async (who: string, domain = ACME, headers: Record<string, string> = {}) => {
    const res = await get(who, `/v1/intel/${domain}`, headers);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const domains = async (who: string) => {
    const feed = ChangeListSchema.parse(await (await get(who, '/v1/changes?scope=all&since=2020-01-01T00:00:00Z')).json());
    return [...new Set(feed.changes.map((c) => c.domain))].sort();
  };

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: false });
    const db = t.service.runtime.db;
    for (const [who, role, team] of [
      ['admin', 'admin', undefined],
      ['manager', 'manager', 'West'],
      ['owner', 'ae', 'West'],
      ['teammate', 'ae', 'West'],
      ['sdr', 'sdr', 'West'],
      ['viewer', 'viewer', 'West'],
      ['eastAe', 'ae', 'East'],
      ['eastManager', 'manager', 'East'],
    ] as const) {
      const user = await userWithKey(db, `${who.toLowerCase()}@example.com`, role, team);
      keys[who] = user.key;
      ids[who] = user.id;
    }
    for (const domain of [ACME, EAST, FRESH]) await seedIntel(db, domain);
    await seedAccount(db, ACME, ids.owner as string);
    await seedAccount(db, EAST, ids.eastAe as string);
    // The SDR works the account with its owner.
    const acme = await db.selectFrom('accounts').select('id').where('domain', '=', ACME).executeTakeFirstOrThrow();
    await db.insertInto('account_assignments').values({ account_id: acme.id, user_id: ids.sdr as string, role: 'team_member' }).execute();
  });
  afterAll(async () => t?.stop());

  it('shows financials to admin, manager, the owning AE, a teammate and a viewer; an SDR gets no financials key at all', async () => {
    for (const who of ['admin', 'manager', 'owner', 'teammate', 'viewer']) {
      const { status, body } = await intel(who);
      expect({ who, status }).toEqual({ who, status: 200 });
      expect(body.financials).toMatchObject({ ticker: 'ACME', revenueUsd: 9.1e8 });
    }
    const sdr = await intel('sdr');
    expect(sdr.status).toBe(200);
    expect('financials' in sdr.body).toBe(false);
    expect(JSON.stringify(sdr.body)).not.toContain('ACME');
    // Everything else is there.
    expect(sdr.body).toMatchObject({ domain: ACME, score: 82, searchVendor: 'Algolia' });
  });

  it('refuses an account owned outside the team to AEs and managers of another team, but not to admins', async () => {
    for (const who of ['eastAe', 'eastManager']) {
      const res = await get(who, `/v1/intel/${ACME}`);
      expect(res.status).toBe(403);
      expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('forbidden');
      expect((await get(who, `/v1/intel/${ACME}/history`)).status).toBe(403);
      expect((await get(who, '/v1/intel/by-linkedin/acme-shop')).status).toBe(403);
    }
    expect((await intel('admin', EAST)).status).toBe(200);
    expect((await intel('manager', EAST)).status).toBe(403);
  });

  it('lets everyone read an account nobody owns', async () => {
    for (const who of Object.keys(keys)) expect((await intel(who, FRESH)).status).toBe(200);
  });

  it('opens an outside account read-only to a user assigned to it as viewer', async () => {
    expect((await intel('teammate', EAST)).status).toBe(403);
    // Through the API, as an admin would: the assignment takes effect on the very next read.
    const assigned = await fetch(`${t.baseUrl}/v1/assignments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: EAST, email: 'teammate@example.com', role: 'viewer' }),
    });
    expect(assigned.status).toBe(201);
    expect((await intel('teammate', EAST)).status).toBe(200);
    const res = await enrich('teammate', EAST);
    expect(res.status).toBe(403);
  });

  it('keeps team accounts read-only to AEs and SDRs, and everything read-only to viewers', async () => {
    for (const who of ['teammate', 'viewer']) {
      const res = await enrich(who, ACME);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    expect((await enrich('viewer', FRESH)).status).toBe(403);
    expect((await enrich('eastAe', ACME)).status).toBe(403);
  });

  it('hides financial change events from an SDR in history and in the change feed', async () => {
    const categories = async (who: string) => {
      const history = IntelHistorySchema.parse(await (await get(who, `/v1/intel/${ACME}/history`)).json());
      return history.entries.flatMap((e) => e.changes.map((c) => c.category)).sort();
    };
    expect(await categories('owner')).toEqual(['executive_change', 'financial_change']);
    expect(await categories('sdr')).toEqual(['executive_change']);
    const feed = ChangeListSchema.parse(await (await get('sdr', '/v1/changes?since=2020-01-01T00:00:00Z')).json());
    expect(feed.changes.map((c) => `${c.domain} ${c.category}`)).toEqual([`${ACME} executive_change`]);
  });

  it("limits a manager's scope=all to what they may read; an admin's covers every account", async () => {
    expect(await domains('manager')).toEqual([ACME, FRESH]);
    expect(await domains('admin')).toEqual([ACME, EAST, FRESH]);
  });

  it('applies the role of the user an admin key acts for (X-PF-Acting-For), and refuses the header from anyone else', async () => {
    const asSdr = await intel('admin', ACME, { 'x-pf-acting-for': ids.sdr as string });
    expect(asSdr.status).toBe(200);
    expect('financials' in asSdr.body).toBe(false);
    expect((await intel('admin', ACME, { 'x-pf-acting-for': ids.eastAe as string })).status).toBe(403);
    const notAdmin = await get('owner', `/v1/intel/${ACME}`, { 'x-pf-acting-for': ids.sdr as string });
    expect(notAdmin.status).toBe(403);
    expect((await get('admin', `/v1/intel/${ACME}`, { 'x-pf-acting-for': 'not-a-uuid' })).status).toBe(400);
  });
});
