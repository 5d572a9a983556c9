import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const KEY_PATTERN = /^(pf_[a-z2-9]{8})_([A-Za-z0-9_-]{43})$/;

/**
 * A fresh key: `pf_<8 chars>_<256-bit secret>`. The `pf_xxxxxxxx` prefix is public (shown in
 * lists, used to revoke and to find the row); only the SHA-256 of the whole key is stored.
 * A plain hash suffices because the secret is random, not a password someone chose.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = randomBytes(8);
  const prefix = `pf_${[...bytes].map((b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Splits a presented key into its prefix, or undefined when it is not shaped like one of ours. */
export function parseApiKey(key: string): { prefix: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1] as string } : undefined;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
