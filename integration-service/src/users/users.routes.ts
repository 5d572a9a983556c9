import { Router } from 'express';
import { z } from 'zod';
import type { UserLookup } from '@partnerforge/shared/client';
import type { Role } from '@partnerforge/shared/schemas';
import { callerOf, requireScope } from '../auth/authenticate.ts';
import { auditActorOf } from '../audit/audit-trail.ts';
import { RoleSchema } from '@partnerforge/shared/schemas';
import { setUserRole } from './users.service.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';

const LookupQuerySchema = z.object({
  email: z.email({ message: 'expected an e-mail address' }).transform((e) => e.toLowerCase()),
});

/** An active user and their team, by e-mail (case-insensitive); undefined when none. */
async function findActiveUserWithTeam(db: Db, email: string) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.role', 'teams.id as teamId', 'teams.name as teamName'])
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email))
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

/**
 * `GET /v1/users/lookup?email=`: who a person is in PartnerForge, for admin callers only. The
 * Slack app (running with an admin key) maps a Slack user to their role and team this way, so
 * what it shows them follows the role matrix. A deactivated user is as unknown as a missing one.
 */
export function usersRoutes(db: Db): Router {
  const router = Router();
  router.get('/users/lookup', async (req, res) => {
    if (callerOf(req).role !== 'admin') throw AppError.forbidden('Looking users up needs an admin API key');
    const { email } = parseOrThrow(LookupQuerySchema, req.query, 'query');
    const user = await findActiveUserWithTeam(db, email);
    if (!user) throw AppError.notFound(`No PartnerForge user with e-mail ${email}`);
    const body: UserLookup = {
      id: user.id,
      email: user.email,
      role: user.role as Role,
      team: user.teamId && user.teamName ? { id: user.teamId, name: user.teamName } : null,
    };
    res.json(body);
  });

  // `PATCH /v1/users/:id {role}`: admins change roles (a manager cannot raise anyone, themselves included).
  router.patch('/users/:id', requireScope('write'), async (req, res) => {
    if (callerOf(req).role !== 'admin') throw AppError.forbidden('Changing roles needs an admin API key');
    const { id } = parseOrThrow(z.object({ id: z.uuid() }), req.params, 'path');
    const { role } = parseOrThrow(z.strictObject({ role: RoleSchema }), req.body, 'request body');
    const user = await db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst();
    if (!user) throw AppError.notFound(`No user ${id}`);
    const updated = await setUserRole(db, { email: user.email, role }, auditActorOf(req));
    res.json({ id: updated.id, email: updated.email, role: updated.role });
  });
  return router;
}
