import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Prospect websites for the service to enrich, served from 127.0.0.1: the integration service's
 * saved homepages (read by path, not imported) behind pinned host names, so nothing leaves the
 * machine. A site can be held back to play a slow enrichment.
 */
const FIXTURES = new URL('../../../integration-service/src/providers/website/__fixtures__/', import.meta.url);

/** Saved homepage folder → the domain it belongs to. */
export const SITES = {
  'shopify-algolia': 'acme-shop.com',
  'aem-swiftype': 'globe-daily.com',
  'sfcc-coveo': 'northpeak-outdoor.com',
  'plain-site': 'harbor-dental.com',
} as const;
export type SiteName = keyof typeof SITES;

interface SavedPage {
  headers: Record<string, string | string[]>;
  body: string;
}

function readSavedPage(site: SiteName): SavedPage {
  return {
    headers: JSON.parse(readFileSync(new URL(`${site}/headers.json`, FIXTURES), 'utf8')) as SavedPage['headers'],
    body: readFileSync(new URL(`${site}/index.html`, FIXTURES), 'utf8'),
  };
}

export interface ProspectSites {
  /** PF_HTTP_RESOLVE for every site and its www. twin: :80 here, :443 to a closed port (no TLS). */
  pins: string;
  /** `host path` of each request, in order. */
  requests: string[];
  /** Holds every request for `domain` until the returned function is called. */
  hold(domain: string): () => void;
  close(): Promise<void>;
}

export async function startProspectSites(): Promise<ProspectSites> {
  const pages = new Map<string, SavedPage>(Object.entries(SITES).map(([site, domain]) => [domain, readSavedPage(site as SiteName)]));
  const held = new Map<string, Promise<void>>();
  const requests: string[] = [];

  const answer = (res: ServerResponse, host: string, path: string) => {
    const page = pages.get(host.replace(/^www\./, ''));
    if (page && path === '/') res.writeHead(200, page.headers).end(page.body);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  };
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = req.url ?? '/';
    requests.push(`${host} ${path}`);
    const gate = held.get(host.replace(/^www\./, ''));
    if (gate) void gate.then(() => answer(res, host, path));
    else answer(res, host, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const closedPort = await findClosedPort();
  const hosts = Object.values(SITES).flatMap((domain) => [domain, `www.${domain}`]);
  return {
    pins: hosts.flatMap((host) => [`${host}:80:127.0.0.1:${port}`, `${host}:443:127.0.0.1:${closedPort}`]).join(','),
    requests,
    hold(domain) {
      let release!: () => void;
      held.set(domain, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(domain);
        release();
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
