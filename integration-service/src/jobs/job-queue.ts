import type { JobName, JobPayload } from './catalog.ts';

export interface EnqueueOptions {
  /**
   * Deduplication key: while a job with this id is waiting or running, enqueueing again returns
   * that job instead of adding one (single flight).
   */
  jobId?: string;
  /**
   * `jobId` was made just now (a new row's id), so no job can have it yet: the queue skips its
   * look for one (for BullMQ a Redis round trip per enqueue).
   */
  fresh?: boolean;
  /** Wait this many ms before the job may run. */
  delayMs?: number;
}

export interface EnqueuedJob {
  id: string;
  /** True when an existing job with the same id was returned instead of a new one. */
  deduplicated: boolean;
}

/** One job of an `enqueueMany` call. */
export interface JobToEnqueue<N extends JobName> {
  payload: JobPayload<N>;
  options?: EnqueueOptions;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** The seam between producers (routes, schedules) and workers, with two implementations. */
export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<EnqueuedJob>;
  /**
   * Enqueues many jobs of one kind, each as `enqueue` would (same options, same single flight),
   * answering in the order given. BullMQ adds them in one Redis round trip (fresh ids need no
   * look first); a bad payload refuses the whole call before anything is added.
   */
  enqueueMany<N extends JobName>(name: N, jobs: ReadonlyArray<JobToEnqueue<N>>): Promise<EnqueuedJob[]>;
  /**
   * Runs `name` with `payload` every `everyMs` ms. BullMQ: one job scheduler in Redis, shared
   * by every process (calling it again updates it). In-process: a timer of this process. A run
   * still waiting or running when the next is due absorbs it.
   */
  repeat<N extends JobName>(name: N, payload: JobPayload<N>, everyMs: number): Promise<void>;
  /** Starts consuming jobs in this process (the worker role). */
  startWorkers(): Promise<void>;
  counts(): Promise<Record<JobName, QueueCounts>>;
  /**
   * Stops taking jobs and waits up to `timeoutMs` for running ones. BullMQ hands back what
   * is still running after that (another worker picks it up as stalled).
   */
  close(timeoutMs: number): Promise<void>;
}
