import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ENRICHMENT_BATCH_MAX_DOMAINS } from '@partnerforge/shared/schemas';
import { type Caller, callerOf } from '../auth/authenticate.ts';
import { AppError } from '../errors/app-error.ts';
import { type TierLimits, limitsOfTier } from './rate-tiers.ts';
import type { WindowCounter } from './window-counter.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Requests that start an enrichment, counted against the daily enrichment allowance too. */
export function isEnrichmentTrigger(req: Pick<Request, 'method' | 'path'>): boolean {
  return req.method === 'POST' && /^\/enrichments(\/batch|\/[^/]+\/retry)?\/?$/.test(req.path);
}

/**
 * Enrichments a trigger request starts, for the daily allowance: a batch counts each domain it
 * names (otherwise one request would start 500 on a 50-a-day key), anything else one. The body
 * is not validated yet; a malformed one (no array, too many domains) counts one and gets its 400.
 */
function enrichmentsRequested(req: Pick<Request, 'path' | 'body'>): number {
  const domains: unknown = /^\/enrichments\/batch\/?$/.test(req.path) ? (req.body as { domains?: unknown } | undefined)?.domains : undefined;
  return Array.isArray(domains) && domains.length >= 1 && domains.length <= ENRICHMENT_BATCH_MAX_DOMAINS ? domains.length : 1;
}

function setHeaders(res: Response, limit: number, count: number, resetAtMs: number): number {
  const resetSeconds = Math.max(1, Math.ceil((resetAtMs - Date.now()) / 1000));
  res.set({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, limit - count)),
    // Seconds until the window resets (like Retry-After), not an epoch time: clocks differ.
    'X-RateLimit-Reset': String(resetSeconds),
  });
  return resetSeconds;
}

function refuse(res: Response, what: string, limit: number, resetSeconds: number): never {
  res.set('Retry-After', String(resetSeconds));
  throw new AppError('rate_limited', 429, `Rate limit reached: ${limit} ${what}; try again in ${resetSeconds} s`, { limit, window: what, retryAfterSeconds: resetSeconds });
}

/**
 * Per-key limits by the key's rate tier (`api_keys.rate_tier`): reads and writes a minute, and
 * enrichments a day. Mounted after `authenticate`; admin-tier keys are not limited. Every
 * limited answer carries `X-RateLimit-Limit/Remaining/Reset`; a refusal is a 429 with `Retry-After`.
 */
export function rateLimit(counter: WindowCounter): RequestHandler {
  // Not async for unlimited keys (the Slack app's, the extension's service keys): no promise per request.
  return (req, res, next) => {
    const caller = callerOf(req);
    const limits = limitsOfTier(caller.rateTier);
    if (!limits) return next();
    return count(req, res, next, caller, limits);
  };

  async function count(req: Request, res: Response, next: NextFunction, caller: Caller, limits: TierLimits): Promise<void> {
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (!isRead && isEnrichmentTrigger(req)) {
      // The daily allowance is checked first: a refused enrichment must not spend a write.
      const day = await counter.hit(`${caller.keyId}:enrichments`, DAY_MS, enrichmentsRequested(req));
      if (day.count > limits.enrichmentsPerDay) refuse(res, 'enrichments a day', limits.enrichmentsPerDay, setHeaders(res, limits.enrichmentsPerDay, day.count, day.resetAtMs));
    }
    const limit = isRead ? limits.readsPerMinute : limits.writesPerMinute;
    const minute = await counter.hit(`${caller.keyId}:${isRead ? 'reads' : 'writes'}`, MINUTE_MS);
    const resetSeconds = setHeaders(res, limit, minute.count, minute.resetAtMs);
    if (minute.count > limit) refuse(res, isRead ? 'reads a minute' : 'writes a minute', limit, resetSeconds);
    next();
  }
}
