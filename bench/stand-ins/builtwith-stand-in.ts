import { readFileSync } from 'node:fs';
import { FIXTURES } from '../lib/repo-paths.ts';
import { type CallLog, createCallLog } from './call-log.ts';
import { type StandInServer, VENDOR_KEEP_ALIVE_MS, sendJsonLater, startStandInServer } from './http-stand-in.ts';

export interface ProviderStandInOptions {
  /** The only key the stand-in accepts. */
  apiKey: string;
  /** The domains of the run; a lookup of any other is unexpected. */
  domains: ReadonlySet<string>;
  /** Fixed delay before each answer, ms. */
  latencyMs: number;
}

export interface ProviderStandIn extends StandInServer {
  readonly calls: CallLog;
}

/** The saved Domain API answer for costco.com, cut where the domain goes so each lookup gets its own. */
const answerParts = () => readFileSync(FIXTURES.builtwithLookup, 'utf8').split('costco.com');

/**
 * BuiltWith's Domain API (`GET /v21/api.json?KEY=…&LOOKUP=<domain>`) answering the saved lookup
 * for any domain of the run. It counts calls and does not enforce a rate: keeping under the
 * vendor's limit is the service's job, and the call log shows whether it did.
 */
export async function startBuiltWithStandIn(options: ProviderStandInOptions): Promise<ProviderStandIn> {
  const calls = createCallLog('builtwith');
  const parts = answerParts();
  const server = await startStandInServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://builtwith.stand-in');
    const domain = url.searchParams.get('LOOKUP') ?? '';
    const expected =
      request.method === 'GET' && url.pathname === '/v21/api.json' && url.searchParams.get('KEY') === options.apiKey && options.domains.has(domain);
    if (!expected) {
      calls.recordUnexpected(`${request.method} ${url.pathname} LOOKUP=${domain}`);
      sendJsonLater(response, 0, 404, '{"Errors":[{"Code":-4,"Message":"unexpected request"}]}');
      return;
    }
    calls.record(domain);
    sendJsonLater(response, options.latencyMs, 200, parts.join(domain));
  }, VENDOR_KEEP_ALIVE_MS);
  return { ...server, calls };
}
