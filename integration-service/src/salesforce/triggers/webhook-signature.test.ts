import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS, signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'shared-secret';
const body = Buffer.from('{"opportunityId":"006Hs00001AbCdEIAX"}');
const now = new Date('2026-12-03T19:00:00Z');
const ts = String(now.getTime() / 1000);

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 of "<timestamp>.<body>" and returns the signing time', () => {
    // Independent of our helper: the value `printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret"` prints.
    expect(signWebhookBody(secret, ts, body)).toBe('sha256=897e90349483e45917e5c4b8dde7877339a8e922f08332153fb7f312439a51a9');
    const check = verifyWebhookSignature({ secret, timestamp: ts, signature: signWebhookBody(secret, ts, body), rawBody: body, now });
    expect(check).toEqual({ ok: true, signedAt: now });
  });

  it('refuses a signature made with another secret, over another body or another timestamp', () => {
    const reason = (signature: string, timestamp = ts) => verifyWebhookSignature({ secret, timestamp, signature, rawBody: body, now });
    expect(reason(signWebhookBody('other', ts, body))).toEqual({ ok: false, reason: 'mismatch' });
    expect(reason(signWebhookBody(secret, ts, '{}'))).toEqual({ ok: false, reason: 'mismatch' });
    // Moving the timestamp (to stay inside the window) breaks the MAC.
    expect(reason(signWebhookBody(secret, ts, body), String(Number(ts) + 1))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses timestamps outside the 5-minute window either way, and malformed or missing headers', () => {
    const at = (offsetMs: number) => {
      const stamp = String(Math.floor((now.getTime() + offsetMs) / 1000));
      return verifyWebhookSignature({ secret, timestamp: stamp, signature: signWebhookBody(secret, stamp, body), rawBody: body, now }).ok;
    };
    expect(at(-REPLAY_WINDOW_MS)).toBe(true);
    expect(at(-REPLAY_WINDOW_MS - 1000)).toBe(false);
    expect(at(REPLAY_WINDOW_MS + 1000)).toBe(false);
    const check = (timestamp: string | undefined, signature: string | undefined) => verifyWebhookSignature({ secret, timestamp, signature, rawBody: body, now });
    expect(check(undefined, signWebhookBody(secret, ts, body))).toEqual({ ok: false, reason: 'missing' });
    expect(check(ts, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check('2026-12-03T19:00:00Z', signWebhookBody(secret, ts, body))).toEqual({ ok: false, reason: 'malformed' });
    expect(check(ts, 'sha1=abc')).toEqual({ ok: false, reason: 'malformed' });
  });
});
