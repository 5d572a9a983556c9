import { readFileSync } from 'node:fs';
import { FIXTURES } from '../lib/repo-paths.ts';
import type { ProviderStandIn, ProviderStandInOptions } from './builtwith-stand-in.ts';
import { createCallLog } from './call-log.ts';
import { VENDOR_KEEP_ALIVE_MS, sendJsonLater, startStandInServer } from './http-stand-in.ts';

const VISITS_PATH = /^\/v1\/website\/([^/]+)\/total-traffic-and-engagement\/visits$/;

interface VisitsAnswer {
  meta: { request: Record<string, unknown> };
  visits: unknown[];
}

/**
 * SimilarWeb's visits endpoint (`GET /v1/website/<domain>/total-traffic-and-engagement/visits`)
 * answering the saved monthly series for any domain of the run, with the request echoed in
 * `meta.request` as the vendor does. Counts calls; enforces no rate (see the BuiltWith stand-in).
 */
export async function startSimilarWebStandIn(options: ProviderStandInOptions): Promise<ProviderStandIn> {
  const calls = createCallLog('similarweb');
  const saved = JSON.parse(readFileSync(FIXTURES.similarwebVisits, 'utf8')) as VisitsAnswer;
  const server = await startStandInServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://similarweb.stand-in');
    const domain = decodeURIComponent(VISITS_PATH.exec(url.pathname)?.[1] ?? '');
    const expected = request.method === 'GET' && url.searchParams.get('api_key') === options.apiKey && options.domains.has(domain);
    if (!expected) {
      calls.recordUnexpected(`${request.method} ${url.pathname}`);
      sendJsonLater(response, 0, 404, '{"meta":{"status":"Error","error_code":404,"error_message":"unexpected request"}}');
      return;
    }
    calls.record(domain);
    const echoed = {
      ...saved.meta.request,
      domain,
      start_date: url.searchParams.get('start_date'),
      end_date: url.searchParams.get('end_date'),
      country: url.searchParams.get('country'),
    };
    sendJsonLater(response, options.latencyMs, 200, JSON.stringify({ ...saved, meta: { ...saved.meta, request: echoed } }));
  }, VENDOR_KEEP_ALIVE_MS);
  return { ...server, calls };
}
