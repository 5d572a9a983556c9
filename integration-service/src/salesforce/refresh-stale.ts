import type { Db } from '../database/database.ts';
import { requestEnrichment } from '../enrichment/enrichment.service.ts';
import type { ModuleRegistry } from '../enrichment/module-registry.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

export interface RefreshStaleDependencies {
  db: Db;
  registry: ModuleRegistry;
  enqueue: JobQueue['enqueue'];
  now?: () => Date;
}

export interface RefreshStaleSummary {
  /** Salesforce accounts looked at. */
  examined: number;
  /** Accounts due: never enriched, or a module's newest data older than its TTL. */
  stale: number;
  /** Enrichments started now, and ones joined because one was already running (single flight). */
  queued: number;
  joined: number;
}

/**
 * Queues enrichment for Salesforce accounts whose intel is older than its TTL, most overdue
 * first, at most `limit` per run. It goes through the enrichment service, so an account already
 * being enriched is joined, not enriched twice, and fresh modules are reused, not fetched. A
 * module that never produced data for a domain (its provider off, say) does not make it stale.
 */
export async function refreshStaleIntel(deps: RefreshStaleDependencies, options: { limit: number }): Promise<RefreshStaleSummary> {
  const now = (deps.now?.() ?? new Date()).getTime();
  const ttl = new Map(deps.registry.all().map((m) => [m.id as string, m.ttlMs]));
  const rows = await deps.db
    .selectFrom('accounts as a')
    .leftJoin('intel_snapshots as s', 's.domain', 'a.domain')
    .select(['a.domain', 's.module', (eb) => eb.fn.max('s.fetched_at').as('fetched_at')])
    .where('a.salesforce_id', 'is not', null)
    .groupBy(['a.domain', 's.module'])
    .execute();
  // Domain → when its intel falls due (-Infinity: never enriched).
  const dueAt = new Map<string, number>();
  for (const row of rows) {
    const moduleTtl = row.module ? ttl.get(row.module) : undefined;
    let due = Number.POSITIVE_INFINITY;
    if (!row.module) due = Number.NEGATIVE_INFINITY;
    else if (moduleTtl && row.fetched_at) due = new Date(row.fetched_at).getTime() + moduleTtl;
    dueAt.set(row.domain, Math.min(dueAt.get(row.domain) ?? Number.POSITIVE_INFINITY, due));
  }
  const stale = [...dueAt].filter(([, due]) => due <= now).sort((a, b) => a[1] - b[1]);
  const summary: RefreshStaleSummary = { examined: dueAt.size, stale: stale.length, queued: 0, joined: 0 };
  for (const [domain] of stale.slice(0, options.limit)) {
    const accepted = await requestEnrichment({ db: deps.db, queue: { enqueue: deps.enqueue } }, { domain, trigger: 'schedule' });
    if (accepted.deduplicated) summary.joined += 1;
    else summary.queued += 1;
  }
  return summary;
}
