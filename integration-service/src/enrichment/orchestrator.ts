import type { ModuleRun } from '@partnerforge/shared/schemas';
import { lazyChild } from '../logging/lazy-child.ts';
import type { Db } from '../database/database.ts';
import type { EventBus } from '../events/domain-events.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { AccountTier } from '@partnerforge/migrations/schema';
import { type ModuleStatusMap, findJob, finishJob, markJobRunning, saveJobProgress } from './enrichment-jobs.repository.ts';
import { type StartedJob, startJob } from './job-start.repository.ts';
import { describeModuleError } from './module-error.ts';
import type { ModuleRegistry } from './module-registry.ts';
import type { ModuleId } from './module-types.ts';
import type { LatestSnapshot } from './snapshots.repository.ts';
import { storeSnapshotWithChanges } from '../history/record-changes.ts';

export interface OrchestratorDependencies {
  db: Db;
  registry: ModuleRegistry;
  logger: Logger;
  events?: EventBus;
  metrics?: Metrics;
  /** Called with 0–100 after each wave of modules but the last, as the job row is (BullMQ job progress: a Redis round trip each). */
  onProgress?: (percent: number) => void | Promise<void>;
  now?: () => Date;
}

export type JobOutcome = 'completed' | 'partial' | 'failed';
const DONE_STATES = new Set<ModuleRun['status']>(['completed', 'cached', 'skipped']);

/**
 * Runs one enrichment job: modules in dependency waves, each wave in parallel; a fresh
 * snapshot is reused unless forced; a failed module fails only itself. Safe to run again for
 * the same job (a redelivered or resumed job keeps what already completed: its checkpoint).
 */
export async function runEnrichmentJob(deps: OrchestratorDependencies, jobId: string): Promise<JobOutcome | undefined> {
  const { db, registry } = deps;
  const now = deps.now ?? (() => new Date());
  const allIds = registry.all().map((m) => m.id);
  const allPending: ModuleStatusMap = Object.fromEntries(allIds.map((id) => [id, { status: 'pending' }]));
  const started = await startJob(db, jobId, allPending);
  if (!started) {
    if (!(await findJob(db, jobId))) throw new Error(`Enrichment job ${jobId} does not exist`);
    return undefined; // already finished (a redelivered message)
  }
  const { job, account } = started;
  const log = lazyChild(deps.logger, { jobId, domain: job.domain });

  const selected = registry.withDependencies((job.modules as ModuleId[] | null) ?? allIds);
  let modules: ModuleStatusMap;
  if (started.statusesWritten) modules = { ...allPending };
  else {
    const carried = carriedOverModules(started);
    modules = {};
    for (const id of selected) modules[id] = carried.has(id) ? { status: 'cached' } : { status: 'pending' };
    await markJobRunning(db, jobId, modules);
  }

  const latest = new Map<string, LatestSnapshot>(started.latest.map((s) => [s.module, s]));
  const inputs: Partial<Record<ModuleId, unknown>> = {};
  for (const [module, snapshot] of latest) inputs[module as ModuleId] = snapshot.data;
  const controller = new AbortController();
  let finished = [...selected].filter((id) => modules[id]?.status === 'cached').length;
  // A retried job counts only what this run recorded: earlier runs' events were alerted on then.
  let changeEvents = 0;
  let storedInWave: ModuleId[] = [];

  const percentDone = () => Math.round((finished / selected.size) * 100);
  // The row and the queue's progress are written once per wave: the modules of a wave finish
  // within ~100 ms of each other, and a write per module was a third of a job's database round
  // trips (and, for BullMQ's progress, one Redis command per module).
  const report = async () => {
    await deps.onProgress?.(percentDone());
  };

  async function runModule(id: ModuleId): Promise<void> {
    const module = registry.get(id);
    const snapshot = latest.get(id);
    if (modules[id]?.status === 'cached') return;
    if (!module.enabled) {
      modules[id] = { status: 'skipped' };
    } else if (!job?.force && snapshot && now().getTime() - snapshot.fetched_at.getTime() < module.ttlMs) {
      modules[id] = { status: 'cached' };
    } else {
      const startedAt = now();
      modules[id] = { status: 'running', startedAt: startedAt.toISOString() };
      try {
        const result = await module.run({
          domain: job!.domain,
          jobId,
          userId: job!.requested_by_user_id ?? undefined,
          log: lazyChild(log, { module: id }),
          signal: controller.signal,
          inputs: Object.fromEntries(module.dependsOn.map((d) => [d, inputs[d]])),
          account,
        });
        // With its diff against the version read at the start and its change events, in one write
        // (change detection never fails the module).
        const stored = await storeSnapshotWithChanges(
          db,
          { domain: job!.domain, module: id, provider: result.provider, data: result.data, sourceUrl: result.sourceUrl, fetchedAt: result.fetchedAt, jobId },
          snapshot,
          { log, now },
        );
        changeEvents += stored.changeEvents;
        storedInWave.push(id);
        inputs[id] = result.data;
        modules[id] = { status: 'completed', startedAt: startedAt.toISOString(), finishedAt: now().toISOString() };
      } catch (error) {
        const described = describeModuleError(error);
        log.warn({ module: id, err: error, code: described.code }, 'module failed');
        // A failed module's older data no longer feeds the modules after it in this job.
        modules[id] = { status: 'failed', error: described, startedAt: startedAt.toISOString(), finishedAt: now().toISOString() };
      }
    }
    const status = modules[id]?.status ?? 'failed';
    deps.metrics?.moduleExecutions.inc({ module: id, status });
    if (status === 'completed' || status === 'failed') {
      const run = modules[id] as ModuleRun;
      if (run.startedAt && run.finishedAt) deps.metrics?.moduleDuration.observe({ module: id }, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
    }
    finished += 1;
  }

  const waves = registry.waves(selected);
  for (const [index, wave] of waves.entries()) {
    storedInWave = [];
    await Promise.all(wave.map((id) => runModule(id)));
    if (storedInWave.length > 0) deps.events?.emit('snapshots.stored', { domain: job.domain, modules: storedInWave });
    // The last wave's state is written by finishJob below, and the queue learns it from the
    // job's completion: no progress round trip for it.
    if (index < waves.length - 1) {
      await saveJobProgress(db, jobId, modules, percentDone());
      await report();
    }
  }

  const outcome = outcomeOf(registry, modules);
  const failedIds = Object.entries(modules).filter(([, m]) => m.status === 'failed').map(([id]) => id);
  const score = modules.score?.status === 'completed' ? accountScoreOf(inputs.score, now()) : undefined;
  await finishJob(db, jobId, outcome, modules, failedIds.length ? `Failed modules: ${failedIds.join(', ')}` : undefined, score && { domain: job.domain, ...score });
  deps.metrics?.enrichments.inc({ status: outcome });
  log.info({ outcome, failed: failedIds }, 'enrichment finished');
  deps.events?.emit('enrichment.finished', { jobId, domain: job.domain, status: outcome, trigger: job.trigger, changeEvents });
  return outcome;
}

/**
 * Completed: no module failed. Failed: every provider-backed module that ran failed.
 * Partial: anything in between. Derived modules (the score) do not count.
 */
function outcomeOf(registry: ModuleRegistry, modules: ModuleStatusMap): JobOutcome {
  const fetched = Object.entries(modules).filter(([id]) => !registry.get(id as ModuleId).derived);
  const failed = fetched.filter(([, m]) => m.status === 'failed').length;
  if (failed === 0) return 'completed';
  return failed === fetched.filter(([, m]) => m.status !== 'skipped').length ? 'failed' : 'partial';
}

/**
 * Modules a job need not run again: what its parent job (a retry) or an earlier delivery of
 * the same job (a resumed one) already completed.
 */
function carriedOverModules({ job, parentModuleStatus }: StartedJob): Set<string> {
  const carried = new Set<string>();
  const collect = (statuses: Record<string, ModuleRun> | null | undefined) => {
    for (const [id, run] of Object.entries(statuses ?? {})) if (DONE_STATES.has(run.status) && id !== 'score') carried.add(id);
  };
  collect(job.module_status as Record<string, ModuleRun>);
  collect(parentModuleStatus);
  return carried;
}

/** The score and tier to mirror onto the account row, when the score module produced them. */
function accountScoreOf(scoreData: unknown, enrichedAt: Date): { score: number; tier: AccountTier; enrichedAt: Date } | undefined {
  const { score, tier } = (scoreData ?? {}) as { score?: unknown; tier?: unknown };
  if (typeof score !== 'number' || typeof tier !== 'string') return undefined;
  return { score, tier: tier as AccountTier, enrichedAt };
}
