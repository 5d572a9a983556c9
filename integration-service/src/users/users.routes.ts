import { Router } from 'express';
import { z } from 'zod';
import type { UserLookup } from '@partnerforge/shared/client';
import type { Role } from '@partnerforge/shared/schemas';
import { callerOf } from '../auth/authenticate.ts';
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
  return router;
}
