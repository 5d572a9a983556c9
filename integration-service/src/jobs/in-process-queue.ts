import { randomUUID } from 'node:crypto';
import { lazyChild } from '../logging/lazy-child.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { consumerOf, JOB_NAMES, jobCatalog, type JobName, type JobPayload } from './catalog.ts';
import type { JobHandlers } from './job-handlers.ts';
import type { EnqueueOptions, EnqueuedJob, JobQueue, JobToEnqueue, QueueCounts } from './job-queue.ts';
import { isPermanentJobError } from './permanent-failure.ts';
import { backoffDelayMs, runJob, toJobId } from './run-job.ts';

export interface InProcessQueueOptions {
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
  /** Jobs running at once in this process (default 8). */
  concurrency?: number;
}

interface PendingJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempt: number;
  state: keyof QueueCounts;
}

/**
 * The embedded default's queue: no Redis, jobs run in this process through the same handlers
 * and payload schemas as BullMQ workers, with the catalog's attempts and backoff.
 */
export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const { handlers, metrics } = options;
  const log = options.logger.child({ component: 'in-process-queue' });
  const concurrency = options.concurrency ?? 8;
  const jobs = new Map<string, PendingJob>();
  const ready: PendingJob[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let accepting = true;
  let consuming = false;
  const droppedOnce = new Set<JobName>();

  function pump(): void {
    if (!consuming) return;
    while (running.size < concurrency && ready.length > 0) {
      const job = ready.shift() as PendingJob;
      const run = execute(job).finally(() => {
        running.delete(run);
        pump();
      });
      running.add(run);
    }
  }

  function schedule(job: PendingJob, delayMs: number): void {
    if (delayMs <= 0) {
      job.state = 'waiting';
      ready.push(job);
      queueMicrotask(pump);
      return;
    }
    job.state = 'delayed';
    const timer = setTimeout(() => {
      timers.delete(timer);
      job.state = 'waiting';
      ready.push(job);
      pump();
    }, delayMs);
    timers.add(timer);
  }

  async function execute(job: PendingJob): Promise<void> {
    job.state = 'active';
    const jobLog = lazyChild(log, { job: job.name, queueJobId: job.id, attempt: job.attempt });
    try {
      await runJob(job.name, job.payload, { jobId: job.id, attempt: job.attempt, log: jobLog, updateProgress: async () => {} }, handlers, metrics);
      metrics.jobsProcessed.inc({ job: job.name, outcome: 'completed' });
      jobs.delete(job.id);
    } catch (error) {
      const attempts = jobCatalog[job.name].attempts;
      if (!isPermanentJobError(error) && job.attempt < attempts && accepting) {
        metrics.jobsProcessed.inc({ job: job.name, outcome: 'retried' });
        jobLog.warn({ err: error }, 'job failed, will retry');
        job.attempt += 1;
        schedule(job, backoffDelayMs(job.name, job.attempt - 1));
        return;
      }
      metrics.jobsProcessed.inc({ job: job.name, outcome: 'failed' });
      jobLog.error({ err: error }, 'job failed for good');
      jobs.delete(job.id);
    }
  }

  const queue: JobQueue = {
    kind: 'in-process',
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, enqueueOptions: EnqueueOptions = {}): Promise<EnqueuedJob> {
      if (!accepting) throw new Error('The job queue is shutting down');
      // Validate at the producer too: a bad payload is the caller's bug, not a job failure.
      jobCatalog[name].payload.parse(payload);
      const consumer = consumerOf(name);
      if (consumer) {
        // Another app consumes this job from Redis; in-process there is nobody to hand it to.
        const level = droppedOnce.has(name) ? 'debug' : 'warn';
        droppedOnce.add(name);
        log[level]({ job: name, consumer: consumer.app }, `${consumer.purpose} needs REDIS_URL: ${name} job dropped`);
        return { id: enqueueOptions.jobId ? toJobId(enqueueOptions.jobId) : randomUUID(), deduplicated: false };
      }
      const id = enqueueOptions.jobId ? toJobId(enqueueOptions.jobId) : randomUUID();
      if (jobs.has(id)) return { id, deduplicated: true };
      const job: PendingJob = { id, name, payload, attempt: 1, state: 'waiting' };
      jobs.set(id, job);
      schedule(job, enqueueOptions.delayMs ?? 0);
      return { id, deduplicated: false };
    },
    async enqueueMany<N extends JobName>(name: N, many: ReadonlyArray<JobToEnqueue<N>>): Promise<EnqueuedJob[]> {
      // Nothing to batch without Redis; validating first keeps "all or nothing" as BullMQ has it.
      for (const job of many) jobCatalog[name].payload.parse(job.payload);
      const enqueued: EnqueuedJob[] = [];
      for (const job of many) enqueued.push(await queue.enqueue(name, job.payload, job.options));
      return enqueued;
    },
    async repeat(name, payload, everyMs) {
      jobCatalog[name].payload.parse(payload);
      const interval = setInterval(() => {
        // One id per schedule: while a run waits or runs, the next one joins it.
        queue.enqueue(name, payload, { jobId: `${name}-every` }).catch((error: unknown) => log.warn({ err: error, job: name }, 'scheduled job not queued'));
      }, everyMs);
      interval.unref();
      intervals.add(interval);
    },
    async startWorkers() {
      consuming = true;
      pump();
    },
    async counts() {
      const counts = Object.fromEntries(JOB_NAMES.map((n) => [n, { waiting: 0, active: 0, delayed: 0, failed: 0 }])) as Record<JobName, QueueCounts>;
      for (const job of jobs.values()) counts[job.name][job.state] += 1;
      return counts;
    },
    async close(timeoutMs: number) {
      accepting = false;
      consuming = false;
      for (const interval of intervals) clearInterval(interval);
      intervals.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const drained = Promise.allSettled(running).then(() => true);
      const timedOut = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const finished = await Promise.race([drained, timedOut]);
      const dropped = jobs.size - running.size;
      if (!finished || dropped > 0) {
        // Without Redis nothing outlives the process; say what is lost so an operator knows.
        log.warn({ stillRunning: running.size, dropped }, 'in-process queue closed with unfinished jobs');
      }
    },
  };
  return queue;
}
