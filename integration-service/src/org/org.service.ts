import type { z } from 'zod';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { findUserByEmail } from '../users/users.repository.ts';
import type { AssignmentCreateSchema, TerritoryCreateSchema } from './org-schemas.ts';

/** Who maintains teams, territories and assignments: admins everywhere, managers in their own team. */
export interface OrgActor {
  role: string;
  teamId: string | null;
}

/** 403 unless the actor is an admin, or a manager acting on their own team. */
export function requireTeamAdmin(actor: OrgActor, teamId: string | null): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'manager' && teamId !== null && teamId === actor.teamId) return;
  throw AppError.forbidden(actor.role === 'manager' ? 'Managers administer their own team only' : 'Only admins and managers maintain teams, territories and assignments');
}

async function userIdByEmail(db: Db, email: string): Promise<{ id: string; team_id: string | null }> {
  const user = await findUserByEmail(db, email);
  if (!user) throw AppError.notFound(`No user with e-mail ${email}`);
  return user;
}

export async function listTeams(db: Db) {
  return db
    .selectFrom('teams')
    .leftJoin('users', 'users.team_id', 'teams.id')
    .select(({ fn }) => ['teams.id', 'teams.name', 'teams.monthly_budget_usd', fn.count<string>('users.id').as('members')])
    .groupBy(['teams.id', 'teams.name', 'teams.monthly_budget_usd'])
    .orderBy('teams.name')
    .execute()
    .then((rows) => rows.map((r) => ({ id: r.id, name: r.name, monthlyBudgetUsd: r.monthly_budget_usd === null ? null : Number(r.monthly_budget_usd), members: Number(r.members) })));
}

/** Puts a user in a team (their previous team loses them). */
export async function addTeamMember(db: Db, teamId: string, email: string) {
  const user = await userIdByEmail(db, email);
  await db.updateTable('users').set({ team_id: teamId, updated_at: new Date() }).where('id', '=', user.id).execute();
  return { teamId, userId: user.id };
}

export async function listTerritories(db: Db) {
  const territories = await db.selectFrom('territories').select(['id', 'name', 'team_id', 'filters']).orderBy('name').execute();
  const members = await db.selectFrom('territory_members').innerJoin('users', 'users.id', 'territory_members.user_id').select(['territory_members.territory_id', 'users.email']).execute();
  return territories.map((t) => ({ id: t.id, name: t.name, teamId: t.team_id, filters: t.filters, members: members.filter((m) => m.territory_id === t.id).map((m) => m.email).sort() }));
}

/** Creates or (with `id`) updates a territory; members, when given, replace the current ones. */
export async function saveTerritory(db: Db, input: Partial<z.output<typeof TerritoryCreateSchema>>, id?: string) {
  return db.transaction().execute(async (trx) => {
    const values = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
      ...(input.filters !== undefined ? { filters: JSON.stringify(input.filters) } : {}),
    };
    const row = id
      ? await trx.updateTable('territories').set({ ...values, updated_at: new Date() }).where('id', '=', id).returning('id').executeTakeFirst()
      : await trx.insertInto('territories').values({ name: input.name ?? 'Territory', ...values }).returning('id').executeTakeFirstOrThrow();
    if (!row) throw AppError.notFound(`No territory ${id}`);
    if (input.members) {
      const userIds = await Promise.all(input.members.map(async (email) => (await userIdByEmail(trx, email)).id));
      await trx.deleteFrom('territory_members').where('territory_id', '=', row.id).execute();
      if (userIds.length > 0) await trx.insertInto('territory_members').values(userIds.map((user_id) => ({ territory_id: row.id, user_id }))).execute();
    }
    return row.id;
  });
}

/** The account of a domain, created when the domain is not one yet (assigning makes it one). */
async function accountIdOf(db: Db, domain: string): Promise<string> {
  const row = await db.insertInto('accounts').values({ domain }).onConflict((oc) => oc.column('domain').doUpdateSet({ domain })).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Assigns a user to an account; an owner assignment also sets `accounts.owner_user_id` (one owner per account). */
export async function assignAccount(db: Db, input: z.output<typeof AssignmentCreateSchema>) {
  const domain = await resolveDomainInput(db, input.domain);
  const user = await userIdByEmail(db, input.email);
  return db.transaction().execute(async (trx) => {
    const accountId = await accountIdOf(trx, domain);
    if (input.role === 'owner') await setAccountOwner(trx, accountId, user.id);
    const row = await trx
      .insertInto('account_assignments')
      .values({ account_id: accountId, user_id: user.id, role: input.role })
      .onConflict((oc) => oc.columns(['account_id', 'user_id']).doUpdateSet({ role: input.role }))
      .returning(['id', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, domain, userId: user.id, role: row.role };
  });
}

/** Makes `userId` the one owner: previous owner assignments become team-member ones. */
export async function setAccountOwner(db: Db, accountId: string, userId: string): Promise<void> {
  await db.updateTable('account_assignments').set({ role: 'team_member' }).where('account_id', '=', accountId).where('role', '=', 'owner').where('user_id', '<>', userId).execute();
  await db.updateTable('accounts').set({ owner_user_id: userId, updated_at: new Date() }).where('id', '=', accountId).execute();
  await db
    .insertInto('account_assignments')
    .values({ account_id: accountId, user_id: userId, role: 'owner' })
    .onConflict((oc) => oc.columns(['account_id', 'user_id']).doUpdateSet({ role: 'owner' }))
    .execute();
}

export async function listAssignments(db: Db, filter: { domain?: string; userId?: string }) {
  let query = db
    .selectFrom('account_assignments')
    .innerJoin('accounts', 'accounts.id', 'account_assignments.account_id')
    .innerJoin('users', 'users.id', 'account_assignments.user_id')
    .select(['account_assignments.id', 'accounts.domain', 'account_assignments.user_id as userId', 'users.email', 'users.team_id as teamId', 'account_assignments.role']);
  if (filter.domain) query = query.where('accounts.domain', '=', await resolveDomainInput(db, filter.domain));
  if (filter.userId) query = query.where('account_assignments.user_id', '=', filter.userId);
  return query.orderBy('accounts.domain').orderBy('users.email').execute();
}
