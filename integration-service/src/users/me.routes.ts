import { Router } from 'express';
import type { Me } from '@partnerforge/shared/schemas';
import { callerOf } from '../auth/authenticate.ts';

/** `GET /v1/me`: who this key belongs to; the extension and Slack app use it to test a key. */
export function meRoutes(): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    const caller = callerOf(req);
    const me: Me = {
      id: caller.userId,
      email: caller.email,
      name: caller.name,
      role: caller.role,
      team: caller.team,
      key: { prefix: caller.keyPrefix, scopes: caller.scopes },
    };
    res.json(me);
  });
  return router;
}
