import { describe, expect, it, vi } from 'vitest';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { lazyChild } from './lazy-child.ts';

describe('lazyChild', () => {
  it('makes the pino child only when something is logged, and every line carries the bindings (nested ones too)', () => {
    const { logger, lines } = createCapturedLogger();
    const made = vi.spyOn(logger, 'child');
    const job = lazyChild(logger, { jobId: 'job-1' });
    const module = lazyChild(job, { module: 'tech.builtwith' });
    expect(made).not.toHaveBeenCalled();

    module.warn({ code: 'timeout' }, 'module failed');
    // Its own child and its parent's (pino children inherit the spied method).
    expect(made).toHaveBeenCalledTimes(2);
    job.info('enrichment finished');
    expect(made).toHaveBeenCalledTimes(2);
    expect(lines()).toMatchObject([
      { level: 'warn', jobId: 'job-1', module: 'tech.builtwith', code: 'timeout', msg: 'module failed' },
      { level: 'info', jobId: 'job-1', msg: 'enrichment finished' },
    ]);
  });

  it('behaves as the child: the same method each time, its level and checks, secrets still redacted', () => {
    const { logger, lines } = createCapturedLogger();
    const log = lazyChild(logger, { jobId: 'job-2' });
    expect(log.info).toBe(log.info);
    expect(log.isLevelEnabled('debug')).toBe(true);
    expect(log.isLevelEnabled('trace')).toBe(false);
    log.info({ apiKey: 'sk-live-123' }, 'calling');
    expect(lines()[0]).toMatchObject({ jobId: 'job-2', apiKey: '[redacted]' });
  });
});
