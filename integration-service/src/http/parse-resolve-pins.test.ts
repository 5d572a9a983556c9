import { describe, expect, it } from 'vitest';
import { InvalidResolvePinError, parseResolvePins, pinKey } from './parse-resolve-pins.ts';

describe('parseResolvePins', () => {
  it('parses curl-style entries, keyed by host and port', () => {
    const pins = parseResolvePins('shop.example.com:8080:127.0.0.1, Other.Example:443:[::1],');
    expect([...pins.values()]).toEqual([
      { host: 'shop.example.com', port: 8080, address: '127.0.0.1', targetPort: 8080 },
      { host: 'other.example', port: 443, address: '::1', targetPort: 443 },
    ]);
    expect(pins.get(pinKey('other.example', 443))?.address).toBe('::1');
    expect(pins.has(pinKey('shop.example.com', 80))).toBe(false);
  });

  it('moves the port when a target port follows the address (like curl --connect-to)', () => {
    const pins = parseResolvePins('shop.example.com:443:127.0.0.1:8443,v6.example:80:[::1]:8080');
    expect(pins.get(pinKey('shop.example.com', 443))).toEqual({ host: 'shop.example.com', port: 443, address: '127.0.0.1', targetPort: 8443 });
    expect(pins.get(pinKey('v6.example', 80))).toMatchObject({ address: '::1', targetPort: 8080 });
    expect(() => parseResolvePins('shop.example.com:443:127.0.0.1:99999')).toThrow(/target port "99999"/);
  });

  it('punycodes an IDN host the way URLs spell it', () => {
    const pins = parseResolvePins('münchen.de:80:127.0.0.1');
    expect(pins.has(pinKey('xn--mnchen-3ya.de', 80))).toBe(true);
  });

  it('treats undefined and empty as no pins', () => {
    expect(parseResolvePins(undefined).size).toBe(0);
    expect(parseResolvePins('').size).toBe(0);
  });

  it.each([
    ['shop.example.com:127.0.0.1', /entry 1 .*expected host:port:address/],
    ['a.example:80:127.0.0.1,shop.example.com', /entry 2 "shop\.example\.com"/],
    [':80:127.0.0.1', /expected host:port:address/],
    ['shop.example.com:http:127.0.0.1', /port "http" must be a number/],
    ['shop.example.com:70000:127.0.0.1', /port "70000"/],
    ['shop.example.com:80:localhost', /"localhost" is not an IPv4 or IPv6 address/],
    ['shop.example.com:80:', /"" is not an IPv4/],
    ['shop/x:80:127.0.0.1', /"shop\/x" is not a valid host name/],
    ['a.example:80:127.0.0.1,A.example:80:127.0.0.2', /pinned twice/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseResolvePins(spec)).toThrow(InvalidResolvePinError);
    expect(() => parseResolvePins(spec)).toThrow(message);
  });
});
