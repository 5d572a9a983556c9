import { Router } from 'express';
import type { AccountGuard } from '../access/account-guard.ts';
import { viewerOf } from '../access/acting-for.ts';
import { callerOf, requireScope } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { AssignmentCreateSchema, AssignmentQuerySchema, IdParamsSchema, TeamCreateSchema, TeamMemberSchema, TeamUpdateSchema, TerritoryCreateSchema, TerritoryUpdateSchema } from './org-schemas.ts';
import { type OrgActor, addTeamMember, assignAccount, listAssignments, listTeams, listTerritories, requireTeamAdmin, saveTerritory } from './org.service.ts';

const actorOf = (req: Parameters<typeof callerOf>[0]): OrgActor => {
  const caller = callerOf(req);
  return { role: caller.role, teamId: caller.team?.id ?? null };
};
const requireAdminOrManager = (actor: OrgActor) => {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw AppError.forbidden('Only admins and managers maintain teams, territories and assignments');
};

/** Told after a change of who owns or may read an account: one domain, or `undefined` for any (a team change). */
export type OwnershipChangeListener = (domain: string | undefined) => void;

/**
 * `/v1/teams`, `/v1/territories`, `/v1/assignments`: who works what. Admins maintain everything;
 * managers their own team, its territories and the assignments of accounts they may change.
 */
export function orgRoutes(db: Db, guard: AccountGuard, onOwnershipChanged: OwnershipChangeListener = () => {}): Router {
  const router = Router();

  router.get('/teams', async (req, res) => {
    requireAdminOrManager(actorOf(req));
    res.json({ teams: await listTeams(db) });
  });
  router.post('/teams', requireScope('write'), async (req, res) => {
    if (actorOf(req).role !== 'admin') throw AppError.forbidden('Only admins create teams');
    const input = parseOrThrow(TeamCreateSchema, req.body, 'request body');
    if (await db.selectFrom('teams').select('id').where('name', '=', input.name).executeTakeFirst()) throw AppError.conflict(`A team named ${input.name} exists`);
    const team = await db.insertInto('teams').values({ name: input.name, monthly_budget_usd: input.monthlyBudgetUsd ?? null }).returning(['id', 'name']).executeTakeFirstOrThrow();
    res.status(201).json(team);
  });
  router.patch('/teams/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    requireTeamAdmin(actorOf(req), id);
    const input = parseOrThrow(TeamUpdateSchema, req.body, 'request body');
    const team = await db
      .updateTable('teams')
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.monthlyBudgetUsd !== undefined ? { monthly_budget_usd: input.monthlyBudgetUsd } : {}) })
      .where('id', '=', id)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!team) throw AppError.notFound(`No team ${id}`);
    res.json(team);
  });
  router.delete('/teams/:id', requireScope('write'), async (req, res) => {
    if (actorOf(req).role !== 'admin') throw AppError.forbidden('Only admins delete teams');
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const deleted = await db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw AppError.notFound(`No team ${id}`);
    onOwnershipChanged(undefined);
    res.status(204).end();
  });
  router.post('/teams/:id/members', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    requireTeamAdmin(actorOf(req), id);
    const { email } = parseOrThrow(TeamMemberSchema, req.body, 'request body');
    if (!(await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst())) throw AppError.notFound(`No team ${id}`);
    const member = await addTeamMember(db, id, email);
    // An owner's team decides who reads their accounts as a teammate.
    onOwnershipChanged(undefined);
    res.status(201).json(member);
  });

  router.get('/territories', async (req, res) => {
    requireAdminOrManager(actorOf(req));
    res.json({ territories: await listTerritories(db) });
  });
  router.post('/territories', requireScope('write'), async (req, res) => {
    const input = parseOrThrow(TerritoryCreateSchema, req.body, 'request body');
    const actor = actorOf(req);
    // A manager's territory belongs to their team.
    const teamId = input.teamId ?? (actor.role === 'manager' ? actor.teamId : null);
    requireTeamAdmin(actor, teamId);
    const id = await saveTerritory(db, { ...input, teamId });
    res.status(201).json((await listTerritories(db)).find((t) => t.id === id));
  });
  router.patch('/territories/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const existing = await db.selectFrom('territories').select('team_id').where('id', '=', id).executeTakeFirst();
    if (!existing) throw AppError.notFound(`No territory ${id}`);
    const input = parseOrThrow(TerritoryUpdateSchema, req.body, 'request body');
    requireTeamAdmin(actorOf(req), existing.team_id);
    if (input.teamId !== undefined) requireTeamAdmin(actorOf(req), input.teamId);
    await saveTerritory(db, input, id);
    res.json((await listTerritories(db)).find((t) => t.id === id));
  });
  router.delete('/territories/:id', requireScope('write'), async (req, res) => {
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const existing = await db.selectFrom('territories').select('team_id').where('id', '=', id).executeTakeFirst();
    if (!existing) throw AppError.notFound(`No territory ${id}`);
    requireTeamAdmin(actorOf(req), existing.team_id);
    await db.deleteFrom('territories').where('id', '=', id).execute();
    res.status(204).end();
  });

  router.get('/assignments', async (req, res) => {
    requireAdminOrManager(actorOf(req));
    res.json({ assignments: await listAssignments(db, parseOrThrow(AssignmentQuerySchema, req.query, 'query')) });
  });
  router.post('/assignments', requireScope('write'), async (req, res) => {
    requireAdminOrManager(actorOf(req));
    const input = parseOrThrow(AssignmentCreateSchema, req.body, 'request body');
    // The role matrix decides which accounts a manager may hand out: their own, their team's, unowned ones.
    await guard.write(req, await resolveDomainInput(db, input.domain));
    if (viewerOf(req).role === 'manager') {
      const user = await db.selectFrom('users').select('team_id').where((eb) => eb(eb.fn('lower', ['email']), '=', input.email)).executeTakeFirst();
      if (user && user.team_id !== actorOf(req).teamId) throw AppError.forbidden('Managers assign accounts to members of their own team');
    }
    const assignment = await assignAccount(db, input);
    onOwnershipChanged(assignment.domain);
    res.status(201).json(assignment);
  });
  router.delete('/assignments/:id', requireScope('write'), async (req, res) => {
    requireAdminOrManager(actorOf(req));
    const { id } = parseOrThrow(IdParamsSchema, req.params, 'path');
    const row = await db.selectFrom('account_assignments').innerJoin('accounts', 'accounts.id', 'account_assignments.account_id').select(['accounts.domain', 'accounts.id as accountId', 'account_assignments.user_id', 'account_assignments.role']).where('account_assignments.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound(`No assignment ${id}`);
    await guard.write(req, row.domain);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('account_assignments').where('id', '=', id).execute();
      if (row.role === 'owner') await trx.updateTable('accounts').set({ owner_user_id: null }).where('id', '=', row.accountId).where('owner_user_id', '=', row.user_id).execute();
    });
    onOwnershipChanged(row.domain);
    res.status(204).end();
  });
  return router;
}
