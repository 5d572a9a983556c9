import { describe, expect, it } from 'vitest';
import { computeRetryDelay } from './retry-delay.ts';

describe('computeRetryDelay', () => {
  const base = { baseDelayMs: 500, maxDelayMs: 30_000 };

  it('doubles the step per attempt and jitters within its upper half', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0 })).toBe(250);
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0.999_999 })).toBe(500);
    expect(computeRetryDelay({ ...base, attempt: 3, random: () => 0 })).toBe(1_000);
    expect(computeRetryDelay({ ...base, attempt: 3, random: () => 0.5 })).toBe(1_500);
  });

  it('caps the step at maxDelayMs', () => {
    expect(computeRetryDelay({ ...base, attempt: 20, random: () => 0.999_999 })).toBe(30_000);
  });

  it('never waits less than the vendor Retry-After', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 5_000, random: () => 0.5 })).toBe(5_000);
    expect(computeRetryDelay({ ...base, attempt: 3, retryAfterMs: 100, random: () => 0 })).toBe(1_000);
  });
});
