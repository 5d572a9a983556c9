import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Saved homepages (HTML + the response headers recorded with them) and a local server that
 * plays prospect sites for tests: every host a test uses is pinned to it with PF_HTTP_RESOLVE
 * pins, so nothing leaves 127.0.0.1.
 */

/** A saved homepage. */
export interface SavedPage {
  headers: Record<string, string | string[]>;
  body: string;
}

/** Each fixture folder and the domain its page belongs to. */
export const FIXTURE_DOMAINS = {
  /** A retailer on Shopify (Dawn theme) with Algolia InstantSearch from jsDelivr. */
  'shopify-algolia': 'acme-shop.com',
  /** A news publisher on Adobe Experience Manager with Swiftype (Elastic) site search. */
  'aem-swiftype': 'globe-daily.com',
  /** A Salesforce Commerce Cloud (SFRA) store with Coveo search. */
  'sfcc-coveo': 'northpeak-outdoor.com',
  /** An industrial supplier on Magento 2 (Adobe Commerce) with Smile ElasticSuite (Elasticsearch) search. */
  'magento-elasticsuite': 'kestrel-supply.com',
  /** A small practice's hand-written site on nginx, no search vendor, no platform. */
  'plain-site': 'harbor-dental.com',
} as const;

export type FixtureSite = keyof typeof FIXTURE_DOMAINS;
export const FIXTURE_SITES = Object.keys(FIXTURE_DOMAINS) as FixtureSite[];

/** Reads a fixture's `index.html` and `headers.json`. */
export function readSavedPage(site: FixtureSite): SavedPage {
  const file = (name: string) => new URL(`./${site}/${name}`, import.meta.url);
  return {
    headers: JSON.parse(readFileSync(file('headers.json'), 'utf8')) as SavedPage['headers'],
    body: readFileSync(file('index.html'), 'utf8'),
  };
}

/** Answers one request for a pinned host (lower case, without port) and path. */
export type SiteHandler = (host: string, path: string, response: ServerResponse, request: IncomingMessage) => void;

export interface LocalSites {
  /** Where pinned port-80 connections land. */
  port: number;
  /** A port nothing listens on: pinned port-443 connections are refused there (no TLS in tests). */
  closedPort: number;
  /** `host path` of every request answered, in order. */
  requests: string[];
  /** PF_HTTP_RESOLVE pins for each host and its `www.` twin: :80 to {@link port}, :443 to {@link closedPort}. */
  pins(domains: readonly string[]): string;
  close(): Promise<void>;
}

/** Starts a local server on 127.0.0.1 that dispatches every request to `handle`. */
export async function startLocalSites(handle: SiteHandler): Promise<LocalSites> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = request.url ?? '/';
    requests.push(`${host} ${path}`);
    handle(host, path, response, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const closedPort = await findClosedPort();
  return {
    port,
    closedPort,
    requests,
    pins(domains) {
      const hosts = domains.flatMap((domain) => [domain, `www.${domain}`]);
      return hosts.flatMap((host) => [`${host}:80:127.0.0.1:${port}`, `${host}:443:127.0.0.1:${closedPort}`]).join(',');
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sends a saved page with its recorded headers. */
export function sendSavedPage(response: ServerResponse, page: SavedPage, status = 200): void {
  response.writeHead(status, page.headers).end(page.body);
}

/** Sends a redirect. */
export function sendRedirect(response: ServerResponse, location: string, status = 301): void {
  response.writeHead(status, { location, 'content-type': 'text/html' }).end(`<a href="${location}">Moved</a>`);
}

async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
