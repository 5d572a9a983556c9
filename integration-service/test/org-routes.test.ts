import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { myTerritoryDomains } from '../src/access/account-scope.repository.ts';
import { assignOwnersFromSalesforce } from '../src/org/salesforce-owners.ts';
import { seedAccount, userWithKey } from './support/account-fixtures.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// Teams, territories and assignments maintained over HTTP by an admin and a manager.

describe('teams, territories and assignments', () => {
  let t: TestService;
  const users: Record<string, { id: string; key: string }> = {};
  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${users[who]?.key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>) };
  };

  beforeAll(async () => {
    t = await startTestService({ database: 'postgres', redis: false });
    const db = t.service.runtime.db;
    users.admin = await userWithKey(db, 'admin@example.com', 'admin');
    users.manager = await userWithKey(db, 'manager@example.com', 'manager', 'West');
    users.ae = await userWithKey(db, 'ae@example.com', 'ae', 'West');
    users.eastAe = await userWithKey(db, 'east@example.com', 'ae', 'East');
  });
  afterAll(async () => t?.stop());

  it('lets admins create teams and managers run their own team only', async () => {
    const created = await call('admin', 'POST', '/v1/teams', { name: 'Central', monthlyBudgetUsd: 500 });
    expect(created.status).toBe(201);
    expect((await call('manager', 'POST', '/v1/teams', { name: 'Mine' })).status).toBe(403);
    expect((await call('admin', 'POST', '/v1/teams', { name: 'Central' })).status).toBe(409);
    const teams = ((await call('manager', 'GET', '/v1/teams')).body?.teams ?? []) as Array<{ name: string; members: number; id: string }>;
    expect(teams.map((team) => `${team.name}:${team.members}`)).toEqual(['Central:0', 'East:1', 'West:2']);
    const west = teams.find((team) => team.name === 'West')?.id;
    const central = teams.find((team) => team.name === 'Central')?.id;
    expect((await call('manager', 'PATCH', `/v1/teams/${west}`, { monthlyBudgetUsd: 900 })).status).toBe(200);
    expect((await call('manager', 'PATCH', `/v1/teams/${central}`, { monthlyBudgetUsd: 900 })).status).toBe(403);
    expect((await call('ae', 'GET', '/v1/teams')).status).toBe(403);
    expect((await call('admin', 'POST', `/v1/teams/${central}/members`, { email: 'east@example.com' })).status).toBe(201);
    expect((await call('admin', 'PATCH', `/v1/teams/${central}`, { name: '' })).status).toBe(400);
  });

  it("creates a manager's territory in their team; its filters make the members' territory", async () => {
    const db = t.service.runtime.db;
    await db.insertInto('accounts').values([
      { domain: 'big-shop.com', region: 'US-West', vertical: 'Commerce', score: 85 },
      { domain: 'small-shop.com', region: 'US-West', vertical: 'Commerce', score: 40 },
      { domain: 'east-news.com', region: 'US-East', vertical: 'Commerce', score: 90 },
    ]).execute();
    const res = await call('manager', 'POST', '/v1/territories', { name: 'West commerce', filters: { region: 'us-west', vertical: 'Commerce', min_score: 60 }, members: ['ae@example.com'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'West commerce', members: ['ae@example.com'], filters: { region: 'us-west', min_score: 60 } });
    const mine = await myTerritoryDomains(db, users.ae?.id as string).execute();
    expect(mine.map((r) => r.domain)).toEqual(['big-shop.com']);
    const allTeams = (await call('admin', 'GET', '/v1/teams')).body?.teams as Array<{ name: string; id: string }> | undefined;
    const east = allTeams?.find((team) => team.name === 'East')?.id;
    expect((await call('manager', 'POST', '/v1/territories', { name: 'Theirs', teamId: east })).status).toBe(403);
    expect((await call('manager', 'PATCH', `/v1/territories/${res.body?.id}`, { filters: { region: 'US-East' } })).status).toBe(200);
    expect((await myTerritoryDomains(db, users.ae?.id as string).execute()).map((r) => r.domain)).toEqual(['east-news.com']);
    expect((await call('manager', 'POST', '/v1/territories', { name: 'Bad', filters: { min_score: 'high' } })).status).toBe(400);
  });

  it('assigns accounts: an owner assignment sets the owner; managers only within their team and readable accounts', async () => {
    const owner = await call('manager', 'POST', '/v1/assignments', { domain: 'https://www.big-shop.com', email: 'ae@example.com', role: 'owner' });
    expect(owner.status).toBe(201);
    expect(owner.body).toMatchObject({ domain: 'big-shop.com', role: 'owner', userId: users.ae?.id });
    const account = await t.service.runtime.db.selectFrom('accounts').select('owner_user_id').where('domain', '=', 'big-shop.com').executeTakeFirstOrThrow();
    expect(account.owner_user_id).toBe(users.ae?.id);
    expect((await call('manager', 'POST', '/v1/assignments', { domain: 'big-shop.com', email: 'east@example.com', role: 'viewer' })).status).toBe(403);
    await seedAccount(t.service.runtime.db, 'east-owned.com', users.eastAe?.id as string);
    expect((await call('manager', 'POST', '/v1/assignments', { domain: 'east-owned.com', email: 'ae@example.com' })).status).toBe(403);
    expect((await call('ae', 'POST', '/v1/assignments', { domain: 'big-shop.com', email: 'ae@example.com' })).status).toBe(403);
    const listed = ((await call('admin', 'GET', '/v1/assignments?domain=big-shop.com')).body?.assignments ?? []) as Array<{ id: string; email: string; role: string }>;
    expect(listed.map((a) => `${a.email}:${a.role}`)).toEqual(['ae@example.com:owner']);
    expect((await call('manager', 'DELETE', `/v1/assignments/${listed[0]?.id}`)).status).toBe(204);
    const after = await t.service.runtime.db.selectFrom('accounts').select('owner_user_id').where('domain', '=', 'big-shop.com').executeTakeFirstOrThrow();
    expect(after.owner_user_id).toBeNull();
  });

  it('fills owners from Salesforce OwnerId, matching the owner e-mail once and the remembered id after', async () => {
    const db = t.service.runtime.db;
    await db.insertInto('accounts').values([
      { domain: 'sf-one.com', salesforce_id: '001A', salesforce_owner_id: '005AE' },
      { domain: 'sf-two.com', salesforce_id: '001B', salesforce_owner_id: '005NOBODY' },
    ]).execute();
    expect(await assignOwnersFromSalesforce(db)).toEqual({ assigned: 0, unmatchedOwnerIds: ['005AE', '005NOBODY'] });
    expect(await assignOwnersFromSalesforce(db, { ownerEmails: new Map([['005AE', 'AE@example.com']]) })).toEqual({ assigned: 1, unmatchedOwnerIds: ['005NOBODY'] });
    const account = await db.selectFrom('accounts').select(['id', 'owner_user_id']).where('domain', '=', 'sf-one.com').executeTakeFirstOrThrow();
    expect(account.owner_user_id).toBe(users.ae?.id);
    expect(await db.selectFrom('account_assignments').select(['user_id', 'role']).where('account_id', '=', account.id).execute()).toEqual([{ user_id: users.ae?.id, role: 'owner' }]);
    // The id is remembered: an owner change in Salesforce moves the account without any e-mail.
    await db.updateTable('users').set({ salesforce_user_id: '005EAST' }).where('id', '=', users.eastAe?.id as string).execute();
    await db.updateTable('accounts').set({ salesforce_owner_id: '005EAST' }).where('id', '=', account.id).execute();
    expect(await assignOwnersFromSalesforce(db)).toMatchObject({ assigned: 1 });
    expect(await db.selectFrom('account_assignments').select(['user_id', 'role']).where('account_id', '=', account.id).orderBy('role').execute()).toEqual([
      { user_id: users.eastAe?.id, role: 'owner' },
      { user_id: users.ae?.id, role: 'team_member' },
    ]);
    expect(await assignOwnersFromSalesforce(db)).toMatchObject({ assigned: 0 });
  });
});
