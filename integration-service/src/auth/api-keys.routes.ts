import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { KEY_SCOPES, createApiKeyForUser, revokeApiKeyByPrefix } from '../users/users.service.ts';
import { findApiKeyWithUser, listApiKeysForUser } from './api-keys.repository.ts';
import { callerOf, requireScope } from './authenticate.ts';
import { auditActorOf } from '../audit/audit-trail.ts';

const NewKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(KEY_SCOPES)).min(1).optional(),
});
const PrefixSchema = z.object({ prefix: z.string().regex(/^pf_[a-z2-9]{8}$/, { message: 'expected a key prefix like pf_abcd2345' }) });

/** Self-service keys: a user lists, creates and revokes their own (an admin revokes anyone's). */
export function apiKeysRoutes(db: Db, options: { onRevoked?: (prefix: string) => void } = {}): Router {
  const router = Router();

  router.get('/keys', async (req, res) => {
    const keys = await listApiKeysForUser(db, callerOf(req).userId);
    res.json({ keys });
  });

  router.post('/keys', requireScope('write'), async (req, res) => {
    const caller = callerOf(req);
    const input = parseOrThrow(NewKeySchema, req.body, 'request body');
    // A key never grants more than the key that created it.
    const scopes = input.scopes ?? caller.scopes;
    if (scopes.some((s) => !caller.scopes.includes(s))) throw AppError.forbidden('A key cannot grant scopes its creator lacks');
    // A key made through the API gets the standard tier whatever the role: the unlimited admin
    // tier is handed out deliberately, with `pf keys create --rate-tier admin`.
    const created = await createApiKeyForUser(db, { email: caller.email, name: input.name, scopes, rateTier: caller.rateTier === 'admin' ? 'admin' : 'standard' }, auditActorOf(req));
    res.status(201).json({ key: created.key, prefix: created.prefix, name: created.name, scopes: created.scopes, createdAt: created.created_at });
  });

  router.delete('/keys/:prefix', requireScope('write'), async (req, res) => {
    const caller = callerOf(req);
    const { prefix } = parseOrThrow(PrefixSchema, req.params, 'path');
    const key = await findApiKeyWithUser(db, prefix);
    // Someone else's key is "not found" to a non-admin: its existence is not theirs to learn.
    if (!key || (key.userId !== caller.userId && caller.role !== 'admin')) throw AppError.notFound(`No API key ${prefix}`);
    await revokeApiKeyByPrefix(db, prefix, auditActorOf(req));
    // Cached key rows (here and in other api processes) must not outlive the revocation.
    options.onRevoked?.(prefix);
    res.status(204).end();
  });

  return router;
}
