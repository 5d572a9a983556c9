import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserLookupSchema } from '@partnerforge/shared/client';
import { ErrorBodySchema } from '@partnerforge/shared/schemas';
import { startTestService, type TestService } from '../../test/support/test-service.ts';
import { addUser, createApiKeyForUser } from './users.service.ts';

const errorCode = async (res: Response) => ErrorBodySchema.parse(await res.json()).error.code;

describe('GET /v1/users/lookup', () => {
  let t: TestService;
  let adminKey: string;
  let aeKey: string;

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: false });
    const db = t.service.runtime.db;
    await addUser(db, { email: 'ops@acme.com', role: 'admin' });
    await addUser(db, { email: 'Rep@Acme.com', role: 'sdr', team: 'East' });
    await addUser(db, { email: 'ae@acme.com', role: 'ae' });
    await addUser(db, { email: 'gone@acme.com', role: 'ae' });
    await db.updateTable('users').set({ deactivated_at: new Date() }).where('email', '=', 'gone@acme.com').execute();
    adminKey = (await createApiKeyForUser(db, { email: 'ops@acme.com' })).key;
    aeKey = (await createApiKeyForUser(db, { email: 'ae@acme.com' })).key;
  });
  afterAll(async () => t?.stop());

  const lookup = (email: string, key = adminKey) =>
    fetch(`${t.baseUrl}/v1/users/lookup?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${key}` } });

  it('finds a user case-insensitively with their role and team', async () => {
    const res = await lookup('rep@ACME.com');
    expect(res.status).toBe(200);
    const user = UserLookupSchema.parse(await res.json());
    expect(user).toEqual({ id: expect.any(String), email: 'rep@acme.com', role: 'sdr', team: { id: expect.any(String), name: 'East' } });
  });

  it('answers 404 for an unknown or deactivated user', async () => {
    const unknown = await lookup('nobody@acme.com');
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('not_found');
    expect((await lookup('gone@acme.com')).status).toBe(404);
  });

  it('refuses callers that are not admins, and a malformed or missing e-mail', async () => {
    const forbidden = await lookup('rep@acme.com', aeKey);
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe('forbidden');
    const bad = await lookup('not-an-email');
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('validation_failed');
    const missing = await fetch(`${t.baseUrl}/v1/users/lookup`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(missing.status).toBe(400);
    expect((await fetch(`${t.baseUrl}/v1/users/lookup?email=rep%40acme.com`)).status).toBe(401);
  });
});
