import { sleep } from '../providers/resilience/sleep.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { SalesforceError } from './salesforce-error.ts';

/** A record as the REST query API returns it (Bulk CSV rows have no `attributes`). */
export type SalesforceRecord = Record<string, unknown> & { Id: string };

export interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SalesforceRecord[];
}

export interface QueryPage {
  records: SalesforceRecord[];
  /** Records the whole query matches, when known (REST reports it on every page). */
  totalSize?: number;
}

export interface QueryOptions {
  urgent?: boolean;
  /** REST page size, 200–2000 (Salesforce's default and maximum is 2000). */
  batchSize?: number;
}

/**
 * Runs a SOQL query through REST, one page per call, following `nextRecordsUrl`. `onPage` runs
 * before the next page is asked for; returning `'stop'` ends the query there (unread pages are
 * dropped on Salesforce's side when the cursor times out).
 */
export async function queryPages(
  client: SalesforceClient,
  soqlText: string,
  onPage: (page: QueryPage) => Promise<void | 'stop'>,
  options: QueryOptions = {},
): Promise<void> {
  const headers = { 'sforce-query-options': `batchSize=${options.batchSize ?? 2000}` };
  let url: string | undefined = `/query?q=${encodeURIComponent(soqlText)}`;
  while (url) {
    const { body }: { body: QueryResponse } = await client.request<QueryResponse>({ method: 'GET', url, headers }, { operation: 'query', urgent: options.urgent });
    if ((await onPage({ records: body.records, totalSize: body.totalSize })) === 'stop') return;
    url = body.done ? undefined : body.nextRecordsUrl;
  }
}

interface QueryJob {
  id: string;
  state: 'UploadComplete' | 'InProgress' | 'Aborted' | 'JobComplete' | 'Failed';
  errorMessage?: string;
  numberRecordsProcessed?: number;
}

export interface BulkQueryOptions {
  urgent?: boolean;
  /** Wait between job status polls, ms (default 2 000). */
  pollMs?: number;
  /** Give up after this long, ms (default 30 min). */
  timeoutMs?: number;
  /** Rows per results call (default 50 000; Salesforce streams up to ~1 GB per call). */
  maxRecords?: number;
}

/**
 * Runs a SOQL query as a Bulk API 2.0 query job: create it, poll until JobComplete, then read
 * the CSV results in chunks by `Sforce-Locator` until it says `null`.
 */
export async function bulkQueryPages(
  client: SalesforceClient,
  soqlText: string,
  onPage: (page: QueryPage) => Promise<void | 'stop'>,
  options: BulkQueryOptions = {},
): Promise<void> {
  const call = { operation: 'bulk', urgent: options.urgent };
  const created = await client.request<QueryJob>({ method: 'POST', url: '/jobs/query', body: { operation: 'query', query: soqlText } }, call);
  const jobUrl = `/jobs/query/${encodeURIComponent(created.body.id)}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let job = created.body;
  while (job.state !== 'JobComplete') {
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new SalesforceError('bulk_query_failed', `Bulk query job ${job.id} ended ${job.state}: ${job.errorMessage ?? 'no reason given'}`);
    }
    if (Date.now() > deadline) throw new SalesforceError('bulk_query_timeout', `Bulk query job ${job.id} did not complete in time`);
    await sleep(options.pollMs ?? 2_000);
    job = (await client.request<QueryJob>({ method: 'GET', url: jobUrl }, call)).body;
  }
  let locator: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ maxRecords: String(options.maxRecords ?? 50_000), ...(locator ? { locator } : {}) });
    const { body, headers } = await client.request<SalesforceRecord[] | string>({ method: 'GET', url: `${jobUrl}/results?${query}` }, call);
    // jsforce parses text/csv into rows; an empty result arrives as an empty string.
    const records = Array.isArray(body) ? body : [];
    if ((await onPage({ records, totalSize: job.numberRecordsProcessed })) === 'stop') return;
    const next = headers['sforce-locator'];
    if (!next || next === 'null') return;
    locator = next;
  }
}
