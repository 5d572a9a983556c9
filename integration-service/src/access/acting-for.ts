import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '@partnerforge/shared/schemas';
import { callerOf } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { bindRequestLog } from '../http/request-context.ts';
import { parseOrThrow } from '../errors/validate.ts';
import type { Viewer } from './account-access.ts';

/** Header an admin service key (the Slack app's) sends to read as the person it serves. */
export const ACTING_FOR_HEADER = 'x-pf-acting-for';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set when an admin key acts for another user: the role matrix applies to that user. */
      actingFor?: Viewer;
    }
  }
}

const UserIdSchema = z.uuid({ message: `expected the PartnerForge user id (uuid) in ${ACTING_FOR_HEADER}` });

/**
 * Honours `X-PF-Acting-For: <user id>` from admin keys only, so the service (not each app)
 * filters what a Slack user sees by their own role and accounts. Anyone else sending it is
 * refused rather than silently ignored: a caller who thinks it is narrowed should know it is not.
 */
export function actingFor(db: Db): RequestHandler {
  // Not async on the common path (no header): every request passes here.
  return (req, res, next) => {
    const header = req.get(ACTING_FOR_HEADER);
    if (header === undefined) return next();
    return actFor(req, header, next);
  };

  async function actFor(req: Parameters<RequestHandler>[0], header: string, next: Parameters<RequestHandler>[2]): Promise<void> {
    if (callerOf(req).role !== 'admin') throw AppError.forbidden(`Only admin keys may send ${ACTING_FOR_HEADER}`);
    const userId = parseOrThrow(UserIdSchema, header.trim(), 'header');
    const user = await db.selectFrom('users').select(['id', 'role', 'team_id']).where('id', '=', userId).where('deactivated_at', 'is', null).executeTakeFirst();
    if (!user) throw AppError.notFound(`No active PartnerForge user ${userId} to act for`);
    req.actingFor = { userId: user.id, role: user.role as Role, teamId: user.team_id };
    bindRequestLog(req, { actingFor: user.id });
    next();
  }
}

/** Whose eyes the request reads through: the user acted for, else the caller. */
export function viewerOf(req: Parameters<RequestHandler>[0]): Viewer {
  if (req.actingFor) return req.actingFor;
  const caller = callerOf(req);
  return { userId: caller.userId, role: caller.role, teamId: caller.team?.id ?? null };
}
