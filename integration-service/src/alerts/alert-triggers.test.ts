import { describe, expect, it } from 'vitest';
import { createEventBus } from '../events/domain-events.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createLogger } from '../logging/logger.ts';
import { wireAlertTriggers } from './alert-triggers.ts';

const setUp = () => {
  const events = createEventBus();
  const enqueued: Array<{ name: string; payload: unknown; jobId?: string }> = [];
  const enqueue: JobQueue['enqueue'] = async (name, payload, options) => {
    enqueued.push({ name, payload, jobId: options?.jobId });
    return { id: options?.jobId ?? String(enqueued.length), deduplicated: false };
  };
  wireAlertTriggers({ events, queue: { enqueue }, logger: createLogger({ level: 'silent' }) });
  return { events, enqueued };
};

describe('alert triggers', () => {
  const JOB = '0b7e9b7c-8a55-4d7e-9f0e-1f3c5a2b6d11';

  it('matches the change events of a finished enrichment, once per job', () => {
    const { events, enqueued } = setUp();
    events.emit('enrichment.finished', { jobId: JOB, domain: 'acme.com', status: 'completed', trigger: 'api', changeEvents: 2 });
    expect(enqueued).toEqual([{ name: 'alerts.match', payload: { kind: 'enrichment', enrichmentJobId: JOB }, jobId: `alerts.match-${JOB}` }]);
  });

  it('queues nothing for an enrichment that recorded no change, and matches when the count is unknown', () => {
    const { events, enqueued } = setUp();
    events.emit('enrichment.finished', { jobId: JOB, domain: 'acme.com', status: 'completed', changeEvents: 0 });
    expect(enqueued).toEqual([]);
    events.emit('enrichment.finished', { jobId: JOB, domain: 'acme.com', status: 'partial' });
    expect(enqueued).toHaveLength(1);
  });
});
