import type { RequestHandler } from 'express';
import type { Role } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { bindRequestLog } from '../http/request-context.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { apiKeyMatches, parseApiKey } from './api-key-secret.ts';
import { type ApiKeyWithUser, findApiKeyWithUser } from './api-keys.repository.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';

/** Who is calling, as established from their API key. */
export interface Caller {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  team: { id: string; name: string } | null;
  keyId: string;
  keyPrefix: string;
  scopes: string[];
  rateTier: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      caller?: Caller;
    }
  }
}

export interface AuthenticateOptions {
  db: Db;
  queue: JobQueue;
  /** Record `last_used_at` at most this often per key, ms (default 60 000). */
  touchIntervalMs?: number;
  /**
   * Key rows by prefix, so a request costs no query (see `cache/read-caches.ts` for how long a
   * revocation can take). Unknown prefixes are never cached. Default: none, a query per request.
   */
  keyCache?: TtlCache<ApiKeyWithUser | undefined>;
}

/** Requires `Authorization: Bearer pf_…` naming an active key of an active user. */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const { db, queue, keyCache } = options;
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  const findKey = (prefix: string): Promise<ApiKeyWithUser | undefined> => {
    if (!keyCache) return findApiKeyWithUser(db, prefix);
    return keyCache.get(prefix, async () => {
      const found = await findApiKeyWithUser(db, prefix);
      // Expired at once: a made-up prefix must not take a cache slot.
      return found ? { value: found } : { value: undefined, expiresAt: 0 };
    });
  };

  return async (req, _res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AppError.unauthorized();
    const key = match[1] as string;
    const parsed = parseApiKey(key);
    if (!parsed) throw AppError.unauthorized('The API key is malformed; keys look like pf_xxxxxxxx_…');
    const row = await findKey(parsed.prefix);
    if (!row || !apiKeyMatches(key, row.keyHash)) throw AppError.unauthorized('The API key is not valid');
    if (row.revokedAt) throw AppError.unauthorized('The API key was revoked; ask an admin for a new one');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw AppError.unauthorized('The API key has expired');
    if (row.deactivatedAt) throw AppError.unauthorized('The user of this API key is deactivated');

    req.caller = {
      userId: row.userId,
      email: row.email,
      name: row.name,
      role: row.role as Role,
      team: row.teamId && row.teamName ? { id: row.teamId, name: row.teamName } : null,
      keyId: row.keyId,
      keyPrefix: row.prefix,
      scopes: row.scopes,
      rateTier: row.rateTier,
    };
    bindRequestLog(req, { userId: row.userId, keyPrefix: row.prefix });

    const now = Date.now();
    if (now - (lastTouched.get(row.keyId) ?? 0) >= touchIntervalMs) {
      lastTouched.set(row.keyId, now);
      // Bookkeeping must never fail the request it describes.
      queue
        .enqueue('api-keys.touch', { keyId: row.keyId, usedAt: new Date(now).toISOString() })
        .catch((error: unknown) => req.log.warn({ err: error }, 'could not record key use'));
    }
    next();
  };
}

/** Refuses callers whose key lacks `scope` (keys are read-only, or read and write). */
export function requireScope(scope: 'read' | 'write'): RequestHandler {
  return (req, _res, next) => {
    if (!req.caller?.scopes.includes(scope)) throw AppError.forbidden(`This API key lacks the "${scope}" scope`);
    next();
  };
}

/** The authenticated caller, for handlers mounted behind `authenticate`. */
export function callerOf(req: { caller?: Caller }): Caller {
  if (!req.caller) throw AppError.unauthorized();
  return req.caller;
}
