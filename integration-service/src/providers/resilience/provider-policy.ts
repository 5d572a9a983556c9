import {
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import type { Logger } from '../../logging/logger.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { abortable } from './abortable.ts';
import type { CircuitStatus } from './circuit-status.ts';
import { observePolicy } from './policy-telemetry.ts';
import { ProviderError, isProviderError } from './provider-error.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { computeRetryDelay } from './retry-delay.ts';

export interface ProviderPolicyOptions {
  /** Provider name: the rate-limit key, the metrics label, the error's `provider`. */
  provider: string;
  /** Budget of one attempt in ms, rate-limit wait included; its signal is aborted then. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (3 = up to 4 attempts). Default 3. */
  retries?: number;
  /** First backoff step in ms, doubled per retry, with jitter. Default 500. */
  baseDelayMs?: number;
  /**
   * Cap on a backoff step in ms. A Retry-After longer than this is not waited out in process:
   * the `rate_limited` error surfaces (with `retryAfterMs`) for the job to reschedule. Default 30 000.
   */
  maxDelayMs?: number;
  breaker?: {
    /** Consecutive retryable failures (5xx, 429, timeouts, network) that open the circuit. Default 5. */
    consecutiveFailures?: number;
    /** Time in ms the circuit stays open before one probe call may pass. Default 30 000. */
    halfOpenAfterMs?: number;
  };
  /** Shared spacing of calls (see RateLimiter); none when absent. */
  rateLimit?: { limiter: RateLimiter; perSecond: number };
  metrics?: Metrics;
  logger?: Logger;
  /** Records the breaker's transitions for `/health/detailed`; none when absent. */
  circuits?: CircuitStatus;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** One provider's resilience: retry ⊃ circuit breaker ⊃ timeout ⊃ rate limit + the call. */
export interface ProviderPolicy {
  readonly provider: string;
  /**
   * Runs `fn` under the policy. `fn` gets a signal that aborts on the attempt's timeout or on
   * `callSignal` (a cancelled job) and must pass it to its request. Throws the last
   * ProviderError, `circuit_open` when the breaker refuses, or `callSignal`'s reason.
   */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, callSignal?: AbortSignal): Promise<T>;
  circuitState(): CircuitStateName;
}

export const DEFAULT_POLICY = {
  timeoutMs: 10_000,
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  consecutiveFailures: 5,
  halfOpenAfterMs: 30_000,
} as const;

// Only transient failures count: a 404 or a refused key says nothing about the vendor's health,
// and a BrokenCircuitError must never be retried (STACK.md).
const isTransient = (error: unknown) => isProviderError(error) && error.retryable;

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** Builds the policy of one provider; create it once per process and share it between calls. */
export function createProviderPolicy(options: ProviderPolicyOptions): ProviderPolicy {
  const { provider, rateLimit, metrics, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLICY.timeoutMs;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_POLICY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_POLICY.maxDelayMs;
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? DEFAULT_POLICY.halfOpenAfterMs;

  const retryPolicy = retry(
    handleWhen((error) => isTransient(error) && ((error as ProviderError).retryAfterMs ?? 0) <= maxDelayMs),
    {
      maxAttempts: options.retries ?? DEFAULT_POLICY.retries,
      backoff: new DelegateBackoff((context) =>
        computeRetryDelay({
          attempt: context.attempt,
          baseDelayMs,
          maxDelayMs,
          retryAfterMs: 'error' in context.result && isProviderError(context.result.error) ? context.result.error.retryAfterMs : undefined,
        }),
      ),
    },
  );
  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breaker?.consecutiveFailures ?? DEFAULT_POLICY.consecutiveFailures),
  });
  const attemptTimeout = timeout(timeoutMs, TimeoutStrategy.Cooperative);
  const policy = wrap(retryPolicy, breaker, attemptTimeout);
  observePolicy({ provider, retry: retryPolicy, breaker, metrics, logger, circuits: options.circuits });

  /** The error an attempt ends with: the caller's own abort passes through untouched. */
  function classify(error: unknown, attemptSignal: AbortSignal, callSignal?: AbortSignal): unknown {
    if (callSignal?.aborted) return callSignal.reason;
    if (attemptSignal.aborted) {
      return new ProviderError(provider, 'timeout', `${provider} gave no answer within ${timeoutMs} ms`, { cause: error });
    }
    return error;
  }

  async function execute<T>(fn: (signal: AbortSignal) => Promise<T>, callSignal?: AbortSignal): Promise<T> {
    const attempt = async ({ signal }: { signal: AbortSignal }): Promise<T> => {
      if (callSignal?.aborted) throw callSignal.reason;
      let started = performance.now();
      try {
        if (rateLimit) {
          await rateLimit.limiter.acquire(provider, rateLimit.perSecond, signal);
          metrics?.rateLimitWait.observe({ provider }, (performance.now() - started) / 1000);
          started = performance.now();
        }
        const value = await fn(signal);
        metrics?.providerCalls.inc({ provider, outcome: 'success' });
        return value;
      } catch (error) {
        const failure = classify(error, signal, callSignal);
        metrics?.providerCalls.inc({ provider, outcome: isProviderError(failure) ? failure.code : 'error' });
        throw failure;
      } finally {
        metrics?.providerLatency.observe({ provider }, (performance.now() - started) / 1000);
      }
    };
    try {
      return await abortable(policy.execute(attempt, callSignal), callSignal);
    } catch (error) {
      if (!isBrokenCircuitError(error)) throw error;
      metrics?.providerCalls.inc({ provider, outcome: 'circuit_open' });
      throw new ProviderError(provider, 'circuit_open', `${provider} is failing; its circuit is open and calls fail fast for up to ${halfOpenAfterMs} ms`, {
        retryable: false,
      });
    }
  }

  return { provider, execute, circuitState: () => STATE_NAMES[breaker.state] };
}
