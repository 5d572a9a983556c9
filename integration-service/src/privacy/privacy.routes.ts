import { Router } from 'express';
import { PrivacyRequestCreateSchema } from '@partnerforge/shared/schemas';
import { callerOf, requireScope } from '../auth/authenticate.ts';
import { auditActorOf } from '../audit/audit-trail.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { runPrivacyRequest } from './privacy-requests.service.ts';

/** `POST /v1/privacy-requests` (admins): access or erasure, answered when done (201). */
export function privacyRoutes(db: Db): Router {
  const router = Router();
  router.post('/privacy-requests', requireScope('write'), async (req, res) => {
    const caller = callerOf(req);
    if (caller.role !== 'admin') throw AppError.forbidden('Privacy requests are handled by admins');
    const input = parseOrThrow(PrivacyRequestCreateSchema, req.body, 'request body');
    res.status(201).json(await runPrivacyRequest(db, { ...input, requestedByUserId: caller.userId }, auditActorOf(req)));
  });
  return router;
}
