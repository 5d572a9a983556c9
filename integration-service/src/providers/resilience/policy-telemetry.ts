import { CircuitState, type CircuitBreakerPolicy, type RetryPolicy } from 'cockatiel';
import type { Logger } from '../../logging/logger.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import type { CircuitStatus } from './circuit-status.ts';
import { isProviderError } from './provider-error.ts';

/** Gauge values, as in the dashboards of reference/004: 0 closed, 1 open, 2 half-open. */
const GAUGE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.Open]: 1,
  [CircuitState.HalfOpen]: 2,
  [CircuitState.Isolated]: 1,
};

/** What a failure looks like in a log line: the code and status, never a raw payload. */
function describeFailure(reason: { error: Error } | { value: unknown }): Record<string, unknown> {
  if (!('error' in reason)) return {};
  const { error } = reason;
  return isProviderError(error)
    ? { code: error.code, status: error.status, retryAfterMs: error.retryAfterMs, reason: error.message }
    : { error: error.name };
}

/** The failure that opened a circuit, as `/health/detailed` shows it. */
function openingFailure(reason: { error: Error } | { value: unknown }): { reason: string; code: string | null } {
  if (!('error' in reason)) return { reason: 'an unsuccessful result', code: null };
  const { error } = reason;
  return isProviderError(error) ? { reason: error.message, code: error.code } : { reason: error.name, code: null };
}

/**
 * The one place where a provider policy's cockatiel events reach the logger and the metrics:
 * retries and give-ups are warnings, circuit transitions are logged and set the state gauge.
 */
export function observePolicy(options: {
  provider: string;
  retry: RetryPolicy;
  breaker: CircuitBreakerPolicy;
  metrics?: Metrics;
  logger?: Logger;
  /** Where this process's breaker states are kept for `/health/detailed`. */
  circuits?: CircuitStatus;
}): void {
  const { provider, retry, breaker, metrics, logger, circuits } = options;
  metrics?.circuitState.set({ provider }, GAUGE_VALUE[breaker.state]);
  circuits?.register(provider);

  retry.onRetry(({ delay, attempt, ...reason }) =>
    logger?.warn({ provider, attempt, delayMs: Math.round(delay), ...describeFailure(reason) }, 'provider call failed, retrying'),
  );
  retry.onGiveUp((reason) => logger?.warn({ provider, ...describeFailure(reason) }, 'provider call failed after its retries'));

  breaker.onStateChange((state) => metrics?.circuitState.set({ provider }, GAUGE_VALUE[state]));
  breaker.onBreak((reason) => {
    metrics?.circuitTrips.inc({ provider });
    circuits?.record(provider, 'open', 'isolated' in reason ? { reason: 'isolated by an operator', code: null } : openingFailure(reason));
    logger?.error({ provider, ...('isolated' in reason ? { isolated: true } : describeFailure(reason)) }, 'provider circuit opened; calls fail fast');
  });
  breaker.onHalfOpen(() => {
    circuits?.record(provider, 'half-open');
    logger?.info({ provider }, 'provider circuit half-open; probing');
  });
  breaker.onReset(() => {
    circuits?.record(provider, 'closed');
    logger?.info({ provider }, 'provider circuit closed again');
  });
}
