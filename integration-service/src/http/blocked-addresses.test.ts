import { describe, expect, it } from 'vitest';
import { describeBlockedAddress, isBlockedAddress } from './blocked-addresses.ts';

describe('describeBlockedAddress', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fd12:3456::1', /unique local/],
    ['fe80::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback \(IPv4 127\.0\.0\.1 inside IPv6\)/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['64:ff9b::10.0.0.1', /private/],
    ['2002:c0a8:0101::1', /private/],
    ['[::1]', /loopback/],
  ])('blocks %s', (address, why) => {
    expect(describeBlockedAddress(address)).toMatch(why);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '151.101.1.69', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'allows public %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );

  it('blocks what is not an IP address at all', () => {
    expect(describeBlockedAddress('costco.com')).toBe('not an IP address');
  });
});
