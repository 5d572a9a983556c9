import { describe, expect, it } from 'vitest';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { createBriefLinks, signBriefToken, verifyBriefToken } from './brief-links.ts';

const KEY = 'k'.repeat(64);
const OLD_KEY = 'o'.repeat(64);
const now = new Date('2026-11-23T10:00:00Z');

describe('brief links', () => {
  it('signs a URL that opens the brief of that domain only, until it expires', () => {
    const links = createBriefLinks({ keys: [KEY], publicUrl: 'https://pf.example.com/', ttlDays: 30 });
    const url = new URL(links.url('globe-daily.com', { now }));
    expect(url.origin + url.pathname).toBe('https://pf.example.com/briefs/globe-daily.com');
    const token = url.searchParams.get('token') ?? undefined;
    expect(links.verify('globe-daily.com', token, now)).toBe(true);
    expect(links.verify('acme-shop.com', token, now)).toBe(false);
    expect(links.verify('globe-daily.com', token, new Date(now.getTime() + 31 * 86_400_000))).toBe(false);
  });

  it('refuses tampered, malformed and missing tokens', () => {
    const token = signBriefToken(KEY, 'globe-daily.com', new Date(now.getTime() + 3_600_000));
    const [expires, signature] = token.split('.') as [string, string];
    expect(verifyBriefToken([KEY], 'globe-daily.com', `${Number(expires) + 3600}.${signature}`, now)).toBe(false);
    expect(verifyBriefToken([KEY], 'globe-daily.com', `${expires}.${signature.slice(0, -2)}AA`, now)).toBe(false);
    for (const bad of [undefined, '', 'abc', `${expires}`, `${expires}.${signature}.x`]) expect(verifyBriefToken([KEY], 'globe-daily.com', bad, now)).toBe(false);
  });

  it('verifies with every configured key and revokes by rotation', () => {
    const signedWithOld = signBriefToken(OLD_KEY, 'globe-daily.com', new Date(now.getTime() + 3_600_000));
    expect(verifyBriefToken([KEY, OLD_KEY], 'globe-daily.com', signedWithOld, now)).toBe(true);
    expect(verifyBriefToken([KEY], 'globe-daily.com', signedWithOld, now)).toBe(false);
  });

  it('uses a random key per process, with a warning, when none is configured', () => {
    const logs = createCapturedLogger();
    const links = createBriefLinks({ keys: [], publicUrl: 'http://localhost:3000', ttlDays: 1, logger: logs.logger });
    expect(logs.text()).toContain('PF_BRIEF_SIGNING_KEY is not set');
    const token = new URL(links.url('globe-daily.com')).searchParams.get('token') ?? undefined;
    expect(links.verify('globe-daily.com', token)).toBe(true);
    expect(createBriefLinks({ keys: [], publicUrl: 'http://localhost:3000', ttlDays: 1 }).verify('globe-daily.com', token)).toBe(false);
  });
});
