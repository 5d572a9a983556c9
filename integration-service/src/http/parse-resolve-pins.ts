import { isIP } from 'node:net';

/**
 * One `host:port:address[:targetPort]` pin: connections to host:port go to address, on the
 * same port like curl --resolve, or on targetPort like curl --connect-to (how a test serves
 * `https://shop.example.com/` from an unprivileged local port).
 */
export interface ResolvePin {
  host: string;
  port: number;
  address: string;
  targetPort: number;
}

/** Pins keyed by {@link pinKey}; only these hosts may connect to private or loopback addresses. */
export type ResolvePins = ReadonlyMap<string, ResolvePin>;

/** A `PF_HTTP_RESOLVE` value that cannot be parsed; the message names the entry and the fix. */
export class InvalidResolvePinError extends Error {
  override readonly name = 'InvalidResolvePinError';
}

const EXAMPLE = 'expected host:port:address[:targetPort], e.g. "shop.example.com:443:127.0.0.1" or "shop.example.com:443:127.0.0.1:8443"';

/** The lookup key of a pin: lower-case host without IPv6 brackets, then the port. */
export function pinKey(host: string, port: number): string {
  return `${host.replace(/^\[|\]$/g, '').toLowerCase()}:${port}`;
}

/**
 * Parses `PF_HTTP_RESOLVE` ("host:port:address,host2:port:address"; IPv6 addresses may be
 * bracketed: `host:443:[::1]`). Empty or undefined means no pins. One address per entry, since
 * the comma separates entries. Hosts are stored as URLs spell them (lower case, punycode).
 * Throws {@link InvalidResolvePinError} naming the first malformed entry.
 */
export function parseResolvePins(spec: string | undefined): ResolvePins {
  const pins = new Map<string, ResolvePin>();
  if (spec === undefined) return pins;
  const entries = spec.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') return;
    const pin = parseEntry(entry, index + 1);
    const key = pinKey(pin.host, pin.port);
    if (pins.has(key)) fail(entry, index + 1, `${pin.host}:${pin.port} is pinned twice`);
    pins.set(key, pin);
  });
  return pins;
}

function parseEntry(entry: string, position: number): ResolvePin {
  const first = entry.indexOf(':');
  const second = entry.indexOf(':', first + 1);
  if (first <= 0 || second < 0) fail(entry, position, EXAMPLE);
  const rawHost = entry.slice(0, first);
  const rawPort = entry.slice(first + 1, second);
  let rest = entry.slice(second + 1);
  // An optional :targetPort follows an IPv4 address or a bracketed IPv6 one.
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(rest);
  let rawTargetPort: string | undefined;
  if (withPort) {
    rest = withPort[1] as string;
    rawTargetPort = withPort[2];
  }
  const rawAddress = rest.replace(/^\[(.*)\]$/, '$1');

  let host = '';
  try {
    if (!/[\s/?#@[\]\\]/.test(rawHost)) host = new URL(`http://${rawHost}/`).hostname;
  } catch {
    // reported below
  }
  if (host === '') fail(entry, position, `"${rawHost}" is not a valid host name`);
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) fail(entry, position, `port "${rawPort}" must be a number from 1 to 65535`);
  if (isIP(rawAddress) === 0) fail(entry, position, `"${rawAddress}" is not an IPv4 or IPv6 address`);
  const targetPort = rawTargetPort === undefined ? port : Number(rawTargetPort);
  if (!(targetPort >= 1 && targetPort <= 65_535)) fail(entry, position, `target port "${rawTargetPort}" must be a number from 1 to 65535`);
  return { host, port, address: rawAddress, targetPort };
}

function fail(entry: string, position: number, why: string): never {
  throw new InvalidResolvePinError(`PF_HTTP_RESOLVE entry ${position} "${entry}" is malformed: ${why}`);
}
