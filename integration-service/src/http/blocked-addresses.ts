import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Ranges no prospect website lives in; each with the word used in refusal messages. */
const IPV4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (incl. cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved (6to4 relay)'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (incl. broadcast)'],
];

const IPV6_RANGES: ReadonlyArray<[string, number, string]> = [
  // ::/96 holds :: and ::1 and the deprecated IPv4-compatible form (::127.0.0.1).
  ['::', 96, 'unspecified, loopback or IPv4-compatible'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignment'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

/** One BlockList per range, so a match can say which range it hit. */
const RANGE_LISTS = [
  ...IPV4_RANGES.map((range) => toRangeList(range, 'ipv4')),
  ...IPV6_RANGES.map((range) => toRangeList(range, 'ipv6')),
];

function toRangeList([address, prefix, why]: readonly [string, number, string], family: 'ipv4' | 'ipv6') {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, why, family };
}

/**
 * Says why an IP address must not be fetched (loopback, private, link-local, metadata, CGNAT,
 * multicast, reserved, …), or `undefined` when it is a public unicast address. IPv4 embedded in
 * IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is judged as the IPv4 inside.
 */
export function describeBlockedAddress(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return lookupRange(bare, 'ipv4');
  if (!isIPv6(bare)) return 'not an IP address';
  const embedded = embeddedIPv4(bare);
  if (embedded !== undefined) {
    const inner = lookupRange(embedded, 'ipv4');
    return inner === undefined ? undefined : `${inner} (IPv4 ${embedded} inside IPv6)`;
  }
  return lookupRange(bare, 'ipv6');
}

/** True when {@link describeBlockedAddress} finds a reason to refuse `address`. */
export function isBlockedAddress(address: string): boolean {
  return describeBlockedAddress(address) !== undefined;
}

function lookupRange(address: string, family: 'ipv4' | 'ipv6'): string | undefined {
  return RANGE_LISTS.find((entry) => entry.family === family && entry.list.check(address, family))?.why;
}

/** The IPv4 address carried by an IPv4-mapped, NAT64 (well-known prefix) or 6to4 IPv6 address. */
function embeddedIPv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (mapped || nat64) return fromGroups(g6, g7);
  if (g0 === 0x2002) return fromGroups(g1, g2);
  return undefined;
}

function fromGroups(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) into eight 16-bit groups. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = parseGroups(head);
  const right = tail === undefined ? [] : parseGroups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...left, ...Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function parseGroups(part: string): number[] {
  return part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
}
