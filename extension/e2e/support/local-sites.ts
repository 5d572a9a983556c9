import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const PAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../pages');

/** Answers one request: the host (lower case, no port) and path, or false for a 404. */
export type Route = (host: string, pathname: string) => Promise<{ status?: number; headers: Record<string, string | string[]>; body: string } | false>;

export interface LocalServer {
  port: number;
  /** `host path` of every request answered, in order. */
  requests: string[];
  close(): Promise<void>;
}

async function listen(server: Server, route: Route, requests: string[]): Promise<LocalServer> {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push(`${host} ${pathname}`);
    route(host, pathname).then(
      (page) => (page ? response.writeHead(page.status ?? 200, page.headers).end(page.body) : response.writeHead(404).end()),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A plain HTTP server on 127.0.0.1 (the prospect sites the service's website provider reads). */
export function startHttpServer(route: Route): Promise<LocalServer> {
  return listen(createHttpServer(), route, []);
}

/**
 * An HTTPS server on 127.0.0.1 whose self-signed certificate (made now with openssl) names
 * `hosts`; the browser reaches it through --host-resolver-rules.
 */
export async function startHttpsServer(hosts: readonly string[], route: Route): Promise<LocalServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pf-e2e-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=partnerforge-e2e', '-addext', `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
    '-keyout', key, '-out', cert,
  ]);
  const server = createHttpsServer({ key: await readFile(key), cert: await readFile(cert) });
  await rm(dir, { recursive: true, force: true });
  return listen(server, route, []);
}

/** A saved page from e2e/pages, as HTML. */
export async function savedHtml(name: string): Promise<{ headers: Record<string, string>; body: string }> {
  return { headers: { 'content-type': 'text/html; charset=utf-8' }, body: await readFile(path.join(PAGES, name), 'utf8') };
}

/**
 * The service's saved homepages (its website-provider fixtures), by the domain the e2e serves
 * them as. Read as data from the one copy, so the extension and the service test the same pages.
 */
const PROSPECT_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../integration-service/src/providers/website/__fixtures__');
const FIXTURE_BY_DOMAIN: Record<string, string> = {
  'acme-shop.com': 'shopify-algolia',
  'globe-daily.com': 'aem-swiftype',
  'northpeak-outdoor.com': 'sfcc-coveo',
};

/** A saved prospect homepage with the headers recorded with it. */
export async function savedProspect(domain: string): Promise<{ headers: Record<string, string | string[]>; body: string }> {
  const fixture = FIXTURE_BY_DOMAIN[domain];
  if (!fixture) throw new Error(`No saved homepage for ${domain}`);
  const dir = path.join(PROSPECT_FIXTURES, fixture);
  return {
    headers: JSON.parse(await readFile(path.join(dir, 'headers.json'), 'utf8')) as Record<string, string | string[]>,
    body: await readFile(path.join(dir, 'index.html'), 'utf8'),
  };
}

/** A port nothing listens on (connections to it are refused at once). */
export async function findClosedPort(): Promise<number> {
  const probe = createHttpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
