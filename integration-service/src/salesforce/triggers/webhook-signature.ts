import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the Unix time (seconds) the sender signed at. */
export const TIMESTAMP_HEADER = 'x-pf-timestamp';
/** Header with `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export const SIGNATURE_HEADER = 'x-pf-signature';
/** A signature older (or further in the future) than this is refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/** The signature header value for a body signed at `timestamp` (Unix seconds). */
export function signWebhookBody(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `sha256=${mac}`;
}

export type SignatureCheck = { ok: true; signedAt: Date } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a webhook's timestamp and signature. The timestamp is inside the MAC, so moving it
 * into the window breaks the signature; the compare is constant-time.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  now?: Date;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed' };
  const signedAtMs = Number(timestamp) * 1000;
  const nowMs = (input.now ?? new Date()).getTime();
  if (Math.abs(nowMs - signedAtMs) > REPLAY_WINDOW_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.rawBody).slice('sha256='.length), 'hex');
  const given = Buffer.from(signature.slice('sha256='.length), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true, signedAt: new Date(signedAtMs) };
}
