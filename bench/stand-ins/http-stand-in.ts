import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server on 127.0.0.1 with a free port. */
export interface StandInServer {
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Vendor APIs, behind nginx or a cloud load balancer, keep an idle connection 60 s or more; node's
 * default is 5 s.
 */
export const VENDOR_KEEP_ALIVE_MS = 65_000;

/**
 * Starts a server on 127.0.0.1:0 that hands every request to `handle`, keeping idle connections
 * `keepAliveMs` (node's default 5 s unless given).
 */
export async function startStandInServer(handle: (request: IncomingMessage, response: ServerResponse) => void, keepAliveMs?: number): Promise<StandInServer> {
  const server = createServer(handle);
  if (keepAliveMs !== undefined) server.keepAliveTimeout = keepAliveMs;
  // The worker opens many keep-alive connections at once; the default backlog is plenty, but be explicit.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers JSON after `latencyMs`, as a vendor API several network hops away would. */
export function sendJsonLater(response: ServerResponse, latencyMs: number, status: number, body: string): void {
  setTimeout(() => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  }, latencyMs);
}
