import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';
import type { JobName, JobPayload } from './catalog.ts';
import type { JobQueue } from './job-queue.ts';

/** A job run every `everyMs`. */
export interface Schedule<N extends JobName = JobName> {
  id: string;
  name: N;
  payload: JobPayload<N>;
  everyMs: number;
}

export interface StartSchedulesOptions {
  schedules: Schedule[];
  queue: JobQueue;
  /** With Redis: BullMQ repeatable jobs (one schedule whatever number of processes); without: a timer here. */
  redis?: Redis;
  prefix: string;
  logger: Logger;
}

/** Starts the schedules; returns a stop function. */
export async function startSchedules(options: StartSchedulesOptions): Promise<() => Promise<void>> {
  const log = options.logger.child({ component: 'schedules' });
  const active = options.schedules.filter((s) => s.everyMs > 0);
  if (options.redis && options.queue.kind === 'bullmq') {
    const queues: Queue[] = [];
    for (const schedule of active) {
      const queue = new Queue(schedule.name, { connection: options.redis, prefix: options.prefix });
      queue.on('error', (error) => log.error({ err: error, schedule: schedule.id }, 'schedule queue error'));
      // Upserting is idempotent: every process may declare it, BullMQ keeps one.
      await queue.upsertJobScheduler(schedule.id, { every: schedule.everyMs }, { name: schedule.name, data: schedule.payload });
      queues.push(queue);
    }
    log.info({ schedules: active.map((s) => s.id) }, 'repeatable jobs scheduled in Redis');
    return async () => {
      await Promise.all(queues.map((q) => q.close()));
    };
  }
  const timers = active.map((schedule) =>
    setInterval(() => {
      options.queue.enqueue(schedule.name, schedule.payload).catch((error: unknown) => log.warn({ err: error, schedule: schedule.id }, 'could not enqueue a scheduled job'));
    }, schedule.everyMs).unref(),
  );
  if (active.length > 0) log.info({ schedules: active.map((s) => s.id) }, 'schedules run on timers in this process');
  return async () => {
    for (const timer of timers) clearInterval(timer);
  };
}
