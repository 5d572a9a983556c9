import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { ModuleRun } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { EnrichmentJobRow, ModuleStatusMap } from './enrichment-jobs.repository.ts';
import type { LatestSnapshot } from './snapshots.repository.ts';

/** What a worker reads to run a job, from {@link startJob}. */
export interface StartedJob {
  /** The job row as it is now: `running`, with its module statuses. */
  job: EnrichmentJobRow;
  /**
   * The job was a plain one (every module, not a retry, nothing recorded yet), so its module
   * statuses are already the `pending` ones the caller passed; otherwise the caller works them
   * out (from `job.module_status` and `parentModuleStatus`) and writes them itself.
   */
  statusesWritten: boolean;
  /** The module statuses of the job this one retries, when it is a retry. */
  parentModuleStatus: Record<string, ModuleRun> | undefined;
  /** The domain's newest snapshot of each module. */
  latest: LatestSnapshot[];
  /** The domain's account, when it is one of ours (the scoring reads its vertical). */
  account: { vertical: string | null; name: string | null } | undefined;
}

/**
 * Marks a queued (or interrupted running) job as running and reads everything its run needs,
 * in one statement: the row, its retry parent's statuses, the domain's newest snapshots and its
 * account. These were five round trips per job, a third of a worker's statements. For a plain
 * job the `pending` statuses are written in the same statement. Undefined when the job does not
 * exist or has already finished.
 */
export async function startJob(db: Db, jobId: string, allPending: ModuleStatusMap): Promise<StartedJob | undefined> {
  const now = new Date();
  const pending = JSON.stringify(allPending);
  const row = await db
    .updateTable('enrichment_jobs as j')
    .set((eb) => ({
      status: 'running',
      started_at: now,
      updated_at: now,
      module_status: eb
        .case()
        .when(eb.and([eb('j.modules', 'is', null), eb('j.retry_of', 'is', null), eb('j.module_status', '=', sql<never>`'{}'::jsonb`)]))
        .then(sql<string>`${pending}::jsonb`)
        .else(eb.ref('j.module_status'))
        .end(),
    }))
    .where('j.id', '=', jobId)
    .where('j.status', 'in', ['queued', 'running'])
    .returningAll('j')
    .returning((eb) => [
      eb.selectFrom('enrichment_jobs as parent').select('parent.module_status').whereRef('parent.id', '=', 'j.retry_of').as('parent_module_status'),
      jsonArrayFrom(
        eb
          .selectFrom('intel_snapshots as s')
          .distinctOn('s.module')
          .select(['s.id', 's.module', 's.provider', 's.version', 's.data', 's.source_url', 's.fetched_at'])
          .whereRef('s.domain', '=', 'j.domain')
          .orderBy('s.module')
          .orderBy('s.version', 'desc'),
      ).as('latest'),
      jsonObjectFrom(eb.selectFrom('accounts as a').select(['a.vertical', 'a.name']).whereRef('a.domain', '=', 'j.domain')).as('account'),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const { parent_module_status: parentModuleStatus, latest, account, ...job } = row;
  return {
    job: job as EnrichmentJobRow,
    statusesWritten: job.modules === null && job.retry_of === null && allStillPending(job.module_status as ModuleStatusMap, allPending),
    parentModuleStatus: (parentModuleStatus ?? undefined) as Record<string, ModuleRun> | undefined,
    // JSON carries the timestamps as text.
    latest: latest.map((snapshot) => ({ ...snapshot, fetched_at: new Date(snapshot.fetched_at) })) as LatestSnapshot[],
    account: account ?? undefined,
  };
}

/** Compared by content: jsonb does not keep the key order it was given. */
function allStillPending(statuses: ModuleStatusMap, allPending: ModuleStatusMap): boolean {
  const ids = Object.keys(allPending);
  return Object.keys(statuses).length === ids.length && ids.every((id) => statuses[id]?.status === 'pending');
}
