import { describe, expect, it } from 'vitest';
import { MAX_HOSTNAME_LENGTH, normalizeDomain } from './normalize-domain.ts';

function domainOf(input: string): string {
  const result = normalizeDomain(input);
  if (!result.ok) throw new Error(`expected ${input} to normalize, got: ${result.reason}`);
  return result.domain;
}

function reasonFor(input: string): string {
  const result = normalizeDomain(input);
  if (result.ok) throw new Error(`expected ${input} to be refused, got ${result.domain}`);
  return result.reason;
}

describe('normalizeDomain', () => {
  it.each([
    ['https://WWW.Costco.com/path?q', 'costco.com'],
    ['costco.com', 'costco.com'],
    ['http://costco.com:8080/x', 'costco.com'],
    ['costco.com/warehouse', 'costco.com'],
    ['//www.costco.com', 'costco.com'],
    ['shop.costco.co.uk', 'costco.co.uk'],
    ['https://shop.costco.co.uk/', 'costco.co.uk'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://bücher.de', 'xn--bcher-kva.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['jane@Costco.com', 'costco.com'],
    ['mailto:jane@costco.com', 'costco.com'],
    ['  costco.com  ', 'costco.com'],
    ['costco.com.', 'costco.com'],
    ['www.costco.com..', 'costco.com'],
    ['acme.myshopify.com', 'acme.myshopify.com'],
  ])('%s → %s', (input, expected) => {
    expect(domainOf(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['10.0.0.1', /IP address/],
    ['https://127.0.0.1/admin', /IP address/],
    ['http://0x7f.1/', /IP address/],
    ['::1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['http://[::ffff:127.0.0.1]/', /IP address/],
    ['costco', /bare word/],
    ['https://user:pass@costco.com', /credentials/],
    ['user:pass@costco.com', /credentials/],
    ['foo.local', /"\.local" is not a public suffix/],
    ['intranet.corp', /"\.corp" is not a public suffix/],
    ['localhost', /local name/],
    ['http://localhost:3000', /local name/],
    ['ftp://costco.com', /Scheme "ftp:"/],
    ['javascript://costco.com', /Scheme "javascript:"/],
    ['co.uk', /public suffix itself/],
    ['1.0.0.127.in-addr.arpa', /reserved/],
    ['costco .com', /not a valid/],
  ])('refuses %j', (input, reason) => {
    expect(reasonFor(input)).toMatch(reason);
  });

  it('refuses a host name over 253 characters', () => {
    const label = 'a'.repeat(60);
    const long = `${[label, label, label, label].join('.')}.costco.com`;
    expect(long.length).toBeGreaterThan(MAX_HOSTNAME_LENGTH);
    expect(reasonFor(long)).toMatch(/longer than 253/);
  });

  it('refuses input over the raw length cap', () => {
    expect(reasonFor(`https://costco.com/${'x'.repeat(3000)}`)).toMatch(/longer than 2048/);
  });
});
