import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { lazyChild } from '../logging/lazy-child.ts';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { CONSUMED_JOB_NAMES, JOB_NAMES, jobCatalog, type JobName, type JobPayload } from './catalog.ts';
import type { JobHandlers } from './job-handlers.ts';
import type { EnqueueOptions, EnqueuedJob, JobQueue, JobToEnqueue, QueueCounts } from './job-queue.ts';
import { isPermanentJobError } from './permanent-failure.ts';
import { runJob, toJobId } from './run-job.ts';

export interface BullmqQueueOptions {
  /** A connection made with `maxRetriesPerRequest: null`, as BullMQ requires. */
  connection: Redis;
  /** Key prefix of every queue (lets deployments and tests share one Redis). */
  prefix: string;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
  /** Jobs each worker runs at once (default 8). */
  concurrency?: number;
}

/** BullMQ's options for adding a job of `name`: the catalog's attempts and backoff, our retention. */
function addOptions(name: JobName, jobId: string | undefined, enqueueOptions: EnqueueOptions): JobsOptions {
  const definition = jobCatalog[name];
  return {
    jobId,
    delay: enqueueOptions.delayMs,
    attempts: definition.attempts,
    backoff: { type: 'exponential', delay: definition.backoffMs },
    // Finished jobs are kept briefly for inspection, then trimmed so Redis does not grow.
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * Whether a job of `jobId` is still waiting or running (the caller shares it). BullMQ ignores an
 * add whose id exists, so a finished job of that id is removed to make room for the new one.
 */
async function isStillPending(queue: Queue, jobId: string): Promise<boolean> {
  const existing = await queue.getJob(jobId);
  if (existing && !(await existing.isCompleted()) && !(await existing.isFailed())) return true;
  if (existing) await existing.remove().catch(() => undefined);
  return false;
}

/** One BullMQ queue per job name, so each can be watched, paused and rate limited alone. */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { connection, prefix, handlers, metrics } = options;
  const log = options.logger.child({ component: 'bullmq' });
  const queues = new Map<JobName, Queue>(
    JOB_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix });
      queue.on('error', (error) => log.error({ err: error, queue: name }, 'queue error'));
      return [name, queue];
    }),
  );
  const workers: Worker[] = [];

  async function process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const context = {
      jobId: String(job.id),
      attempt: job.attemptsMade + 1,
      // `queueJobId`, not `jobId`: an enrichment binds its row id as `jobId`, and one line must not carry the key twice.
      log: lazyChild(log, { job: name, queueJobId: job.id, attempt: job.attemptsMade + 1 }),
      updateProgress: (percent: number) => job.updateProgress(percent),
    };
    try {
      return await runJob(name, job.data, context, handlers, metrics);
    } catch (error) {
      if (isPermanentJobError(error)) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  return {
    kind: 'bullmq',
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, enqueueOptions: EnqueueOptions = {}): Promise<EnqueuedJob> {
      const definition = jobCatalog[name];
      definition.payload.parse(payload);
      const queue = queues.get(name) as Queue;
      const jobId = enqueueOptions.jobId ? toJobId(enqueueOptions.jobId) : undefined;
      if (jobId && !enqueueOptions.fresh && (await isStillPending(queue, jobId))) return { id: jobId, deduplicated: true };
      const job = await queue.add(name, payload, addOptions(name, jobId, enqueueOptions));
      return { id: String(job.id), deduplicated: false };
    },
    async enqueueMany<N extends JobName>(name: N, many: ReadonlyArray<JobToEnqueue<N>>): Promise<EnqueuedJob[]> {
      for (const job of many) jobCatalog[name].payload.parse(job.payload);
      const queue = queues.get(name) as Queue;
      const planned = await Promise.all(
        many.map(async ({ payload, options: enqueueOptions = {} }) => {
          const jobId = enqueueOptions.jobId ? toJobId(enqueueOptions.jobId) : undefined;
          const pending = jobId !== undefined && !enqueueOptions.fresh && (await isStillPending(queue, jobId));
          return { jobId, pending, add: { name, data: payload, opts: addOptions(name, jobId, enqueueOptions) } };
        }),
      );
      const added = await queue.addBulk(planned.filter((job) => !job.pending).map((job) => job.add));
      let next = 0;
      return planned.map((job) => (job.pending ? { id: job.jobId as string, deduplicated: true } : { id: String(added[next++]?.id), deduplicated: false }));
    },
    async repeat(name, payload, everyMs) {
      const definition = jobCatalog[name];
      definition.payload.parse(payload);
      await (queues.get(name) as Queue).upsertJobScheduler(`${name}-every`, { every: everyMs }, {
        name,
        data: payload,
        opts: {
          attempts: definition.attempts,
          backoff: { type: 'exponential', delay: definition.backoffMs },
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      });
    },
    async startWorkers() {
      // Produce-only jobs (another app's queue) get no worker here.
      for (const name of CONSUMED_JOB_NAMES) {
        const worker = new Worker(name, process, { connection, prefix, concurrency: options.concurrency ?? 8 });
        // Without an error listener a Redis hiccup would crash the process.
        worker.on('error', (error) => log.error({ err: error, queue: name }, 'worker error'));
        worker.on('completed', () => metrics.jobsProcessed.inc({ job: name, outcome: 'completed' }));
        worker.on('failed', (job, error) => {
          const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
          metrics.jobsProcessed.inc({ job: name, outcome: final ? 'failed' : 'retried' });
          log.warn({ err: error, queue: name, jobId: job?.id, final }, 'job failed');
        });
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    async counts() {
      const entries = await Promise.all(
        [...queues].map(async ([name, queue]) => {
          const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          const counts: QueueCounts = { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
          return [name, counts] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<JobName, QueueCounts>;
    },
    async close(timeoutMs: number) {
      // A graceful close lets active jobs finish; past the timeout force-close, and the jobs
      // still running go back to the queue as stalled for another worker.
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
      const timedOut = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      if (!(await Promise.race([graceful, timedOut]))) {
        log.warn('workers did not finish in time; handing running jobs back');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
