import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES } from '../lib/repo-paths.ts';
import { type CallLog, createCallLog } from './call-log.ts';
import { type StandInServer, startStandInServer } from './http-stand-in.ts';

interface SavedPage {
  headers: Record<string, string | string[]>;
  body: string;
}

export interface SiteStandIn extends StandInServer {
  /** Homepage requests per domain, as the prospects' sites would see them. */
  readonly calls: CallLog;
  /**
   * PF_HTTP_RESOLVE pins sending every URL the website provider tries to 127.0.0.1: `https://d/`
   * and `https://www.d/` to a closed port (refused at once: no TLS, no DNS), `http://d/` here.
   */
  readonly pins: string;
}

/** The service's saved homepages (one per folder: index.html + headers.json), in a fixed order. */
function readSavedPages(): SavedPage[] {
  const folders = readdirSync(FIXTURES.sitesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return folders.map((folder) => ({
    headers: JSON.parse(readFileSync(path.join(FIXTURES.sitesDir, folder, 'headers.json'), 'utf8')) as SavedPage['headers'],
    body: readFileSync(path.join(FIXTURES.sitesDir, folder, 'index.html'), 'utf8'),
  }));
}

/**
 * One server playing every prospect site of the run. Domain i gets saved page i mod 4, so the
 * fingerprinting works through a realistic mix (Shopify, AEM, SFCC, a plain nginx site) rather
 * than one page the process might keep hot.
 */
export async function startSiteStandIn(domains: readonly string[]): Promise<SiteStandIn> {
  const pages = readSavedPages();
  if (pages.length === 0) throw new Error(`no saved homepages under ${FIXTURES.sitesDir}`);
  const pageOf = new Map(domains.map((domain, i) => [domain, pages[i % pages.length] as SavedPage]));
  const calls = createCallLog('website');
  const server = await startStandInServer((request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const page = pageOf.get(host);
    if (request.method !== 'GET' || request.url !== '/' || !page) {
      calls.recordUnexpected(`${request.method} http://${host}${request.url}`);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('unexpected request');
      return;
    }
    calls.record(host);
    response.writeHead(200, page.headers).end(page.body);
  });
  const closedPort = await findClosedPort();
  const pins = domains
    .flatMap((domain) => [`${domain}:443:127.0.0.1:${closedPort}`, `www.${domain}:443:127.0.0.1:${closedPort}`, `${domain}:80:127.0.0.1:${server.port}`])
    .join(',');
  return { ...server, calls, pins };
}

/** A port nothing listens on (bound, then released), so pinned HTTPS attempts are refused at once. */
async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
