import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import type { ModuleRun } from '@partnerforge/shared/schemas';
import type { AccountTier } from '@partnerforge/migrations/schema';

export type JobTrigger = 'api' | 'cli' | 'slack' | 'extension' | 'salesforce_stage' | 'schedule' | 'retry';
export type ModuleStatusMap = Record<string, ModuleRun>;

export interface NewEnrichmentJob {
  domain: string;
  trigger: JobTrigger;
  requestedByUserId?: string;
  modules?: string[];
  force?: boolean;
  retryOf?: string;
}

/**
 * Creates a queued job unless one is already queued or running for the domain (single flight,
 * guarded by a partial unique index); returns the job that will serve the request either way.
 */
export async function createOrJoinActiveJob(db: Db, job: NewEnrichmentJob): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('enrichment_jobs')
    .values({
      domain: job.domain,
      trigger: job.trigger,
      requested_by_user_id: job.requestedByUserId ?? null,
      modules: job.modules ?? null,
      force: job.force ?? false,
      retry_of: job.retryOf ?? null,
    })
    .onConflict((oc) => oc.column('domain').where('status', 'in', ['queued', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const active = await db
    .selectFrom('enrichment_jobs')
    .select('id')
    .where('domain', '=', job.domain)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  // The active job finished between our insert and select: try once more.
  return active ? { id: active.id, created: false } : createOrJoinActiveJob(db, job);
}

/** What the jobs of one batch share: everything but the domain. */
export type NewEnrichmentJobs = Omit<NewEnrichmentJob, 'domain' | 'retryOf'> & { domains: readonly string[] };

/**
 * `createOrJoinActiveJob` for many distinct domains in two statements instead of two per domain:
 * one multi-row insert that skips the domains with an active job, and one select of those
 * jobs. A domain whose active job finished in between falls back to the one-domain path.
 * Answers by domain.
 */
export async function createOrJoinActiveJobs(db: Db, jobs: NewEnrichmentJobs): Promise<Map<string, { id: string; created: boolean }>> {
  const { domains, ...shared } = jobs;
  const result = new Map<string, { id: string; created: boolean }>();
  if (domains.length === 0) return result;
  const common = { trigger: shared.trigger, requested_by_user_id: shared.requestedByUserId ?? null, modules: shared.modules ?? null, force: shared.force ?? false, retry_of: null };
  const inserted = await db
    .insertInto('enrichment_jobs')
    .values(domains.map((domain) => ({ domain, ...common })))
    .onConflict((oc) => oc.column('domain').where('status', 'in', ['queued', 'running']).doNothing())
    .returning(['id', 'domain'])
    .execute();
  for (const row of inserted) result.set(row.domain, { id: row.id, created: true });
  const joined = domains.filter((domain) => !result.has(domain));
  if (joined.length === 0) return result;
  // `= any(array)`: one statement text whatever the count (`in` would make one per length).
  const active = await db
    .selectFrom('enrichment_jobs')
    .select(['id', 'domain'])
    .where(sql<boolean>`domain = any(${joined})`)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  for (const row of active) result.set(row.domain, { id: row.id, created: false });
  for (const domain of joined) {
    if (!result.has(domain)) result.set(domain, await createOrJoinActiveJob(db, { domain, ...shared }));
  }
  return result;
}

export async function findJob(db: Db, id: string) {
  return db.selectFrom('enrichment_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export type EnrichmentJobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

export async function markJobRunning(db: Db, id: string, modules: ModuleStatusMap) {
  await db
    .updateTable('enrichment_jobs')
    .set({ status: 'running', started_at: new Date(), updated_at: new Date(), module_status: JSON.stringify(modules) })
    .where('id', '=', id)
    .execute();
}

export async function saveJobProgress(db: Db, id: string, modules: ModuleStatusMap, progress: number) {
  await db
    .updateTable('enrichment_jobs')
    .set({ module_status: JSON.stringify(modules), progress, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The newest score of a job's domain, mirrored onto its account row (when it is an account of ours). */
export interface AccountScoreUpdate {
  domain: string;
  score: number;
  tier: AccountTier;
  enrichedAt: Date;
}

/** Records the job's outcome and, given a score, the account's new score in the same statement. */
export async function finishJob(db: Db, id: string, status: 'completed' | 'partial' | 'failed', modules: ModuleStatusMap, error?: string, score?: AccountScoreUpdate) {
  const finished = db
    .updateTable('enrichment_jobs')
    .set({ status, module_status: JSON.stringify(modules), progress: 100, error: error ?? null, finished_at: new Date(), updated_at: new Date() });
  if (!score) {
    await finished.where('id', '=', id).execute();
    return;
  }
  // A data-modifying WITH runs whether or not the main statement reads it.
  await db
    .with('finished_job', () => finished.where('id', '=', id).returning('id'))
    .updateTable('accounts')
    .set({ score: score.score, tier: score.tier, last_enriched_at: score.enrichedAt, updated_at: score.enrichedAt })
    .where('domain', '=', score.domain)
    .execute();
}
