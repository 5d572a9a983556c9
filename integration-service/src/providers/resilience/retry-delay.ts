export interface RetryDelayInput {
  /** 1 for the first retry, 2 for the second, ... */
  attempt: number;
  /** Delay before the first retry, in ms (before jitter). */
  baseDelayMs: number;
  /** Cap on the exponential step, in ms. */
  maxDelayMs: number;
  /** The vendor's Retry-After, in ms: the delay is never shorter. */
  retryAfterMs?: number;
  /** Source of randomness in [0, 1); tests pass a constant. Default Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": half of the step `base · 2^(attempt-1)` (capped at
 * `maxDelayMs`) is kept, the other half is random, so workers that failed together do not
 * retry together, yet no retry comes sooner than half the step. A vendor's Retry-After wins
 * when it is longer. Result in ms.
 */
export function computeRetryDelay(input: RetryDelayInput): number {
  const step = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** Math.max(0, input.attempt - 1));
  const jittered = step / 2 + (input.random ?? Math.random)() * (step / 2);
  return Math.round(Math.max(jittered, input.retryAfterMs ?? 0));
}
