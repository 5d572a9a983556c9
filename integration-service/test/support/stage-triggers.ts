// undici's own fetch, not the global one: nock patches the global fetch and cannot pass a body through to a local server.
import { fetch, type Response } from 'undici';
import { readSavedPage, startLocalSites, type LocalSites } from '../../src/providers/website/__fixtures__/fixture-sites.ts';
import type { Db } from '../../src/database/database.ts';
import { signWebhookBody } from '../../src/salesforce/triggers/webhook-signature.ts';

export const WEBHOOK_SECRET = 'flow-webhook-secret-for-tests-0123456789';

/** Posts a stage change to the Flow webhook, signed with `secret` at `timestamp` (Unix seconds, default now). */
export async function postStageChange(
  baseUrl: string,
  body: unknown,
  options: { secret?: string; timestamp?: number; signature?: string | null; rawBody?: string } = {},
): Promise<Response> {
  const raw = options.rawBody ?? JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-pf-timestamp': String(timestamp) };
  const signature = options.signature === undefined ? signWebhookBody(options.secret ?? WEBHOOK_SECRET, timestamp, raw) : options.signature;
  if (signature !== null) headers['x-pf-signature'] = signature;
  return fetch(`${baseUrl}/v1/webhooks/salesforce/opportunity`, { method: 'POST', headers, body: raw });
}

/** Every enrichment job of a domain, oldest first. */
export async function enrichmentJobsOf(db: Db, domain: string) {
  return db.selectFrom('enrichment_jobs').select(['id', 'trigger', 'status']).where('domain', '=', domain).orderBy('created_at').execute();
}

/** Waits until no enrichment job of the domain is queued or running. */
export async function waitForEnrichmentsOf(db: Db, domain: string): Promise<void> {
  for (;;) {
    const jobs = await enrichmentJobsOf(db, domain);
    if (jobs.every((job) => job.status !== 'queued' && job.status !== 'running')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Prospect homepages for the given domains (one saved shop page), so triggered enrichments finish quickly offline. */
export async function startProspectSites(): Promise<LocalSites> {
  return startLocalSites((_host, path, res) => {
    if (path !== '/') {
      res.writeHead(404).end();
      return;
    }
    const page = readSavedPage('shopify-algolia');
    res.writeHead(200, page.headers).end(page.body);
  });
}
