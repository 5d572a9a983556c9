import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema, ErrorBodySchema, IntelSchema, PrivacyRequestSchema } from '@partnerforge/shared/schemas';
import { applyRetention } from '../src/privacy/retention.ts';
import { seedIntel, userWithKey } from './support/account-fixtures.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// A named executive found and erased everywhere over HTTP, against real Postgres.

describe('privacy requests', () => {
  let t: TestService;
  let admin: { id: string; key: string };
  let ae: { id: string; key: string };
  const post = (key: string, body: unknown) =>
    fetch(`${t.baseUrl}/v1/privacy-requests`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const snapshotsOf = (domain: string) => t.service.runtime.db.selectFrom('intel_snapshots').selectAll().where('domain', '=', domain).where('module', '=', 'financials.yahoo').execute();

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: false, env: { PF_RETENTION_INTERVAL_MS: '0' } });
    const db = t.service.runtime.db;
    admin = await userWithKey(db, 'dpo@example.com', 'admin');
    ae = await userWithKey(db, 'ae@example.com', 'ae', 'West');
    await seedIntel(db, 'acme-shop.com');
    await seedIntel(db, 'globex.com', { officers: [{ name: 'JANE  DOE', title: 'Chief Operating Officer' }, { name: 'Jane Doerr', title: 'CTO' }] });
    const event = await db.selectFrom('change_events').select(['id']).where('domain', '=', 'acme-shop.com').where('category', '=', 'executive_change').executeTakeFirstOrThrow();
    await db.insertInto('alerts').values({ change_event_id: event.id, recipient_user_id: ae.id, domain: 'acme-shop.com', category: 'executive_change', significance: 'high', title: 'acme-shop.com: New CFO: Jane Doe', body: 'Jane Doe will review spend', dedupe_key: 'x1' }).execute();
  });
  afterAll(async () => t?.stop());

  it('answers an access request with every stored occurrence of the person', async () => {
    const res = await post(admin.key, { kind: 'access', name: 'Jane Doe' });
    expect(res.status).toBe(201);
    const request = PrivacyRequestSchema.parse(await res.json());
    const fields = request.occurrences.map((o) => `${o.table} ${o.domain} ${o.field}`).sort();
    expect(fields).toEqual([
      'alerts acme-shop.com body',
      'alerts acme-shop.com title',
      'change_events acme-shop.com new_value.0',
      'change_events acme-shop.com summary',
      'change_events acme-shop.com why_it_matters',
      'change_events globex.com new_value.0',
      'change_events globex.com summary',
      'change_events globex.com why_it_matters',
      'intel_snapshots acme-shop.com data.officers.0.name',
      'intel_snapshots acme-shop.com diff_from_previous.fields.0.after.0',
      'intel_snapshots globex.com data.officers.0.name',
      'intel_snapshots globex.com diff_from_previous.fields.0.after.0',
    ]);
    // Not a similar name: Jane Doerr is someone else.
    expect(request.occurrences.some((o) => o.value.includes('Doerr'))).toBe(false);
    expect(request.counts).toEqual({ intel_snapshots: 2, change_events: 2, alerts: 1 });
    // Access changes nothing.
    expect(JSON.stringify((await snapshotsOf('acme-shop.com'))[0]?.data)).toContain('"name":"Jane Doe"');
  });

  it('is for admins only, and needs an e-mail or a name', async () => {
    expect((await post(ae.key, { kind: 'access', name: 'Jane Doe' })).status).toBe(403);
    const res = await post(admin.key, { kind: 'erasure' });
    expect(res.status).toBe(400);
    expect(ErrorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
  });

  it('erases the named executive from every snapshot, change and alert, and leaves the rest intact', async () => {
    const before = await snapshotsOf('acme-shop.com');
    const res = await post(admin.key, { kind: 'erasure', name: 'jane doe' });
    expect(res.status).toBe(201);
    const request = PrivacyRequestSchema.parse(await res.json());
    expect(request).toMatchObject({ kind: 'erasure', status: 'completed', counts: { intel_snapshots: 2, change_events: 2, alerts: 1 } });

    const db = t.service.runtime.db;
    const after = await snapshotsOf('acme-shop.com');
    expect(after[0]?.data).toEqual({ ...(before[0]?.data as object), officers: [{ name: '[erased]', title: 'Chief Financial Officer' }, { name: 'Sam Roe', title: 'Chief Executive Officer' }] });
    expect({ ...after[0], data: null, diff_from_previous: null }).toEqual({ ...before[0], data: null, diff_from_previous: null });
    expect((await snapshotsOf('globex.com'))[0]?.data).toMatchObject({ officers: [{ name: '[erased]', title: 'Chief Operating Officer' }, { name: 'Jane Doerr', title: 'CTO' }] });

    const all = JSON.stringify([
      await db.selectFrom('intel_snapshots').selectAll().execute(),
      await db.selectFrom('change_events').selectAll().execute(),
      await db.selectFrom('alerts').selectAll().execute(),
    ]);
    expect(all).not.toMatch(/jane\s+doe(?!rr)/i);
    expect(all).toContain('Sam Roe');
    expect(all).toContain('Revenue up 14%');
    const alert = await db.selectFrom('alerts').select(['title', 'body']).executeTakeFirstOrThrow();
    expect(alert).toEqual({ title: 'acme-shop.com: New CFO: [erased]', body: '[erased] will review spend' });

    // The card still reads: sources and figures untouched.
    const intel = IntelSchema.parse(await (await fetch(`${t.baseUrl}/v1/intel/acme-shop.com`, { headers: { authorization: `Bearer ${admin.key}` } })).json());
    expect(intel.financials).toMatchObject({ ticker: 'ACME', revenueUsd: 9.1e8 });
    expect(intel.sources.map((s) => s.module)).toContain('financials.yahoo');

    // Recorded: the request row (where, not what) and the audit trail (the request, not the person).
    const row = await db.selectFrom('privacy_requests').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', kind: 'erasure', requested_by_user_id: admin.id });
    expect(JSON.stringify(row.result)).toContain('data.officers.0.name');
    expect(JSON.stringify(row.result)).not.toMatch(/jane/i);
    const audit = AuditListSchema.parse(await (await fetch(`${t.baseUrl}/v1/audit?targetType=privacy_request`, { headers: { authorization: `Bearer ${admin.key}` } })).json());
    expect(audit.entries.map((e) => e.action)).toEqual(['privacy.erasure', 'privacy.access']);
    expect(JSON.stringify(audit.entries)).not.toMatch(/jane/i);

    const again = PrivacyRequestSchema.parse(await (await post(admin.key, { kind: 'access', name: 'Jane Doe' })).json());
    expect(again.occurrences).toEqual([]);
  });

  it('retention erases executives of snapshots older than 365 days and deletes stale hiring signals', async () => {
    const db = t.service.runtime.db;
    const now = new Date('2026-12-01T00:00:00Z');
    await seedIntel(db, 'old-corp.com', { officers: [{ name: 'Olga Old', title: 'CEO' }], fetchedAt: new Date('2025-06-01T00:00:00Z') });
    await seedIntel(db, 'fresh-corp.com', { officers: [{ name: 'Fred Fresh', title: 'CEO' }], fetchedAt: new Date('2026-11-01T00:00:00Z') });
    const snapshot = (domain: string) => db.selectFrom('intel_snapshots').select(['id', 'module']).where('domain', '=', domain).where('module', '=', 'company.context').executeTakeFirstOrThrow();
    const hiring = (domain: string, at: string) => snapshot(domain).then((s) => db.insertInto('change_events').values({ domain, module: s.module, snapshot_id: s.id, category: 'hiring_signal', significance: 'low', field: 'careersUrl', old_value: null, new_value: '"https://x/careers"', summary: 'Careers page found', why_it_matters: null, detected_at: new Date(at) }).execute());
    await hiring('old-corp.com', '2026-06-01T00:00:00Z');
    await hiring('fresh-corp.com', '2026-06-01T00:00:00Z'); // old event, but the company was refreshed since

    const result = await applyRetention(db, now);
    expect(result).toMatchObject({ executiveSnapshots: 1, executiveChangeEvents: 2, hiringSignalsDeleted: 1 });
    expect((await snapshotsOf('old-corp.com'))[0]?.data).toMatchObject({ ticker: 'ACME', officers: [{ name: '[erased]', title: 'CEO' }] });
    expect((await snapshotsOf('fresh-corp.com'))[0]?.data).toMatchObject({ officers: [{ name: 'Fred Fresh', title: 'CEO' }] });
    const signals = await db.selectFrom('change_events').select('domain').where('category', '=', 'hiring_signal').execute();
    expect(signals.map((s) => s.domain)).toEqual(['fresh-corp.com']);
    // Running it again changes nothing more.
    expect(await applyRetention(db, now)).toMatchObject({ executiveSnapshots: 0, hiringSignalsDeleted: 0 });
  });
});
