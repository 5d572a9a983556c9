import type { Logger } from '../logging/logger.ts';
import type { ConsumedJobName, JobName, JobPayload } from './catalog.ts';

/** What a handler learns about the job it runs. */
export interface JobContext {
  jobId: string;
  /** 1 on the first execution. */
  attempt: number;
  log: Logger;
  /** Reports completion percentage (0–100) to whoever watches the job. */
  updateProgress(percent: number): Promise<void>;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, context: JobContext) => Promise<unknown>;

/**
 * One handler per job this service consumes (produce-only jobs have none); the same map
 * serves BullMQ workers and the in-process queue.
 */
export type JobHandlers = { [N in ConsumedJobName]: JobHandler<N> };
