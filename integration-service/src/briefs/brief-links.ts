import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { briefUrl } from '@partnerforge/shared/ui';
import type { Logger } from '../logging/logger.ts';

/**
 * Signed links to pre-call briefs. The token is `<expiry>.<signature>`: the expiry in Unix
 * seconds and an HMAC-SHA256 over the domain and that expiry, so a link opens one domain's
 * brief until it expires, without a login. Rotating the signing key revokes every link.
 */
export interface BriefLinks {
  /** The signed absolute URL of a domain's brief (e.g. for Salesforce's Brief URL field). */
  url(domain: string, options?: { ttlDays?: number; now?: Date }): string;
  /** Whether `token` was signed by one of the keys for `domain` and has not expired. */
  verify(domain: string, token: string | undefined, now?: Date): boolean;
}

export interface BriefLinksOptions {
  /** First signs, all verify. Empty: a random key for this process only (a warning is logged). */
  keys: readonly string[];
  /** The service's public base URL. */
  publicUrl: string;
  /** Default lifetime of a link, days. */
  ttlDays: number;
  logger?: Logger;
}

const DAY_SECONDS = 86_400;

function signature(key: string, domain: string, expires: number): Buffer {
  return createHmac('sha256', key).update(`pf-brief:v1\n${domain}\n${expires}`).digest();
}

/** A token for `domain` valid until `expiresAt`. */
export function signBriefToken(key: string, domain: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${signature(key, domain, expires).toString('base64url')}`;
}

/** Checks a token against every key, in constant time per key. */
export function verifyBriefToken(keys: readonly string[], domain: string, token: string | undefined, now = new Date()): boolean {
  const match = token === undefined ? null : /^(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= now.getTime()) return false;
  const given = Buffer.from(match[2] as string, 'base64url');
  return keys.some((key) => {
    const expected = signature(key, domain, expires);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function createBriefLinks(options: BriefLinksOptions): BriefLinks {
  let keys = options.keys;
  if (keys.length === 0) {
    keys = [randomBytes(32).toString('hex')];
    options.logger?.warn(
      'PF_BRIEF_SIGNING_KEY is not set: brief links are signed with a random key of this process, so they stop working when it restarts and other processes refuse them. Set PF_BRIEF_SIGNING_KEY (openssl rand -hex 32).',
    );
  }
  const signingKey = keys[0] as string;
  return {
    url(domain, urlOptions = {}) {
      const now = urlOptions.now ?? new Date();
      const expiresAt = new Date(now.getTime() + (urlOptions.ttlDays ?? options.ttlDays) * DAY_SECONDS * 1000);
      return `${briefUrl(options.publicUrl, domain)}?token=${signBriefToken(signingKey, domain, expiresAt)}`;
    },
    verify(domain, token, now) {
      return verifyBriefToken(keys, domain, token, now);
    },
  };
}
