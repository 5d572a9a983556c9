import { sql } from 'kysely';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditListSchema } from '@partnerforge/shared/schemas';
import { seedAccount, seedIntel, userWithKey } from './support/account-fixtures.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// Audited actions taken over HTTP against real Postgres (and Redis; the API role only, so
// queued enrichments stay queued), then read back through GET /v1/audit.

describe('the audit trail', () => {
  let t: TestService;
  const users: Record<string, { id: string; key: string }> = {};
  const call = (who: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${users[who]?.key}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const audit = async (query: string): Promise<AuditEntry[]> => {
    const res = await call('admin', `/v1/audit?${query}`);
    expect(res.status).toBe(200);
    return AuditListSchema.parse(await res.json()).entries;
  };

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: true, env: { PF_ROLE: 'api' } });
    const db = t.service.runtime.db;
    users.admin = await userWithKey(db, 'admin@example.com', 'admin');
    users.owner = await userWithKey(db, 'owner@example.com', 'ae', 'West');
    users.teammate = await userWithKey(db, 'teammate@example.com', 'ae', 'West');
    await seedIntel(db, 'acme-shop.com');
    await seedAccount(db, 'acme-shop.com', users.owner.id);
  });
  afterAll(async () => t?.stop());

  it('records an enrichment trigger with the job, the key and the request id', async () => {
    const res = await call('owner', '/v1/enrichments', { method: 'POST', body: { domain: 'https://www.acme-shop.com/' } });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const [row] = await audit('action=enrichment.triggered');
    expect(row).toMatchObject({ actorUserId: users.owner?.id, actorKeyPrefix: users.owner?.key.slice(0, 11), targetType: 'account', targetId: 'acme-shop.com', details: { jobId, via: 'api', trigger: 'api' } });
    expect(row?.requestId).toBe(res.headers.get('x-request-id'));
  });

  it("records reads of someone else's account, not of one's own", async () => {
    expect((await call('owner', '/v1/intel/acme-shop.com')).status).toBe(200);
    expect(await audit('action=intel.read_other_owner')).toEqual([]);
    expect((await call('teammate', '/v1/intel/acme-shop.com/history')).status).toBe(200);
    const rows = await audit(`action=intel.read_other_owner&actor=${users.teammate?.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetId: 'acme-shop.com', details: { relation: 'team', ownerUserIds: [users.owner?.id], path: '/v1/intel/acme-shop.com/history' } });
  });

  it('records key creation and revocation', async () => {
    const created = await call('teammate', '/v1/keys', { method: 'POST', body: { name: 'laptop' } });
    expect(created.status).toBe(201);
    const { prefix } = (await created.json()) as { prefix: string };
    expect((await call('teammate', `/v1/keys/${prefix}`, { method: 'DELETE' })).status).toBe(204);
    const rows = await audit(`target=${prefix}`);
    expect(rows.map((r) => r.action)).toEqual(['api_key.revoked', 'api_key.created']);
    expect(rows[1]?.details).toMatchObject({ userId: users.teammate?.id, scopes: ['read', 'write'], rateTier: 'standard' });
  });

  it('records a role change with the old and the new role; only admins may change roles', async () => {
    expect((await call('owner', `/v1/users/${users.teammate?.id}`, { method: 'PATCH', body: { role: 'admin' } })).status).toBe(403);
    const res = await call('admin', `/v1/users/${users.teammate?.id}`, { method: 'PATCH', body: { role: 'sdr' } });
    expect(res.status).toBe(200);
    expect(await audit('action=user.role_changed')).toMatchObject([{ actorUserId: users.admin?.id, targetType: 'user', targetId: users.teammate?.id, details: { from: 'ae', to: 'sdr' } }]);
  });

  it('records a view of a brief through its signed link (an export) with no user', async () => {
    const link = new URL(t.service.runtime.briefLinks.url('acme-shop.com'));
    const res = await fetch(`${t.baseUrl}${link.pathname}${link.search}`);
    expect(res.status).toBe(200);
    expect(await audit('action=export.brief_viewed')).toMatchObject([{ actorUserId: null, targetId: 'acme-shop.com', details: { via: 'link' }, ip: '127.0.0.1' }]);
  });

  it('filters by time and pages newest first', async () => {
    const all = await audit('limit=200');
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(await audit('until=2000-01-01T00:00:00Z')).toEqual([]);
    expect((await audit('since=2000-01-01T00:00:00Z&limit=200')).length).toBe(all.length);
    const first = AuditListSchema.parse(await (await call('admin', '/v1/audit?limit=2')).json());
    const second = AuditListSchema.parse(await (await call('admin', `/v1/audit?limit=2&cursor=${first.nextCursor}`)).json());
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    expect((await call('admin', '/v1/audit?since=yesterday')).status).toBe(400);
  });

  it('is for admins only', async () => {
    expect((await call('owner', '/v1/audit')).status).toBe(403);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = t.service.runtime.db;
    const before = await db.selectFrom('audit_log').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(sql`update audit_log set action = 'rewritten'`.execute(db)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only: TRUNCATE/);
    const after = await db.selectFrom('audit_log').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await audit('action=rewritten')).toEqual([]);
  });
});
