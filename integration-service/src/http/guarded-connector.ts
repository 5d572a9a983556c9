import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { createSecureContext } from 'node:tls';
import { buildConnector } from 'undici';
import { describeBlockedAddress } from './blocked-addresses.ts';
import { FetchRefusedError } from './fetch-refused-error.ts';
import { pinKey, type ResolvePins } from './parse-resolve-pins.ts';

/** Options of {@link createGuardedConnector}. */
export interface GuardedConnectorOptions {
  /** Hosts allowed anywhere (tests, local fixtures); every other host must resolve to public addresses. */
  pins: ResolvePins;
  /** TCP + TLS handshake timeout, ms. */
  connectTimeoutMs: number;
}

interface ConnectTarget {
  /** Addresses the socket may connect to, already checked. */
  addresses: LookupAddress[];
  pinned: boolean;
  /** The port to connect to (a pin may move it). */
  port: number;
}

/**
 * An undici connector that resolves the host itself, refuses private/loopback/link-local/…
 * addresses (unless the host:port is pinned), connects only to the addresses it checked, and
 * re-checks the socket's remote address once connected. Runs for every new connection, so a
 * redirect to a new origin and a DNS answer that changed since the last request are both checked.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  // The default context (system CAs), built once: tls.connect would build one per connection,
  // ~1 ms of CPU each, for every prospect site.
  const secureContext = createSecureContext();
  return (connectOptions, callback) => {
    const { hostname, protocol } = connectOptions;
    const port = Number(connectOptions.port) || (protocol === 'https:' ? 443 : 80);
    resolveTarget(hostname, port, options.pins).then(
      (target) => {
        const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: fixedLookup(target.addresses), secureContext });
        // net.connect skips `lookup` for an IP literal, so hand it the checked address directly.
        const connectHost = isIP(hostname) === 0 ? hostname : (target.addresses[0]?.address ?? hostname);
        connect({ ...connectOptions, hostname: connectHost, port: String(target.port) }, (error, socket) => {
          if (error !== null) return callback(error, null);
          const remote = socket.remoteAddress;
          const why = target.pinned || remote === undefined ? undefined : describeBlockedAddress(remote);
          if (why !== undefined) {
            socket.destroy();
            return callback(blocked(hostname, remote ?? '', why), null);
          }
          return callback(null, socket);
        });
      },
      (error: Error) => callback(error, null),
    );
  };
}

async function resolveTarget(hostname: string, port: number, pins: ResolvePins): Promise<ConnectTarget> {
  const pin = pins.get(pinKey(hostname, port));
  if (pin !== undefined) {
    return { addresses: [{ address: pin.address, family: isIP(pin.address) }], pinned: true, port: pin.targetPort };
  }
  const family = isIP(hostname);
  const addresses = family !== 0 ? [{ address: hostname, family }] : await dnsLookup(hostname, { all: true, verbatim: true });
  for (const { address } of addresses) {
    const why = describeBlockedAddress(address);
    // One bad answer refuses the host: mixing public and private records is a rebinding trick.
    if (why !== undefined) throw blocked(hostname, address, why);
  }
  if (addresses.length === 0) throw new Error(`DNS returned no address for ${hostname}`);
  return { addresses, pinned: false, port };
}

/** A `lookup` for net.connect that answers only with addresses already checked. */
function fixedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return ((_hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const usable = wanted.length > 0 ? wanted : addresses;
    if (options.all === true) return callback(null, usable);
    const first = usable[0];
    return first === undefined ? callback(new Error('no address')) : callback(null, first.address, first.family);
  }) as LookupFunction;
}

function blocked(hostname: string, address: string, why: string): FetchRefusedError {
  return new FetchRefusedError('blocked_address', `Refused to connect to ${hostname}: ${address} is ${why}`);
}
