import type { EventBus } from '../events/domain-events.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { SalesforceError } from './salesforce-error.ts';

export interface ApiBudgetOptions {
  /** Non-urgent calls pause once used/limit reaches this share (0–1). */
  share: number;
  /**
   * How long a pause lasts, ms: after REQUEST_LIMIT_EXCEEDED every call waits this long; above
   * the share, a reading stays valid this long, then one non-urgent call may probe again.
   */
  pauseMs: number;
  events?: EventBus;
  metrics?: Metrics;
  logger?: Logger;
  now?: () => number;
  /** Called after every reading and refusal with the new state (e.g. to store it for `/health/detailed`). */
  onChange?: (state: ApiBudgetState) => void;
}

export interface ApiBudgetState {
  used: number | null;
  limit: number | null;
  /** Whether non-urgent sync is paused right now, and until when. */
  paused: boolean;
  pausedUntil: string | null;
  /** Why sync is paused; null when it is not. */
  reason: 'threshold' | 'request_limit_exceeded' | null;
  /** When `used` and `limit` were read (ISO 8601); null before the first reading. */
  observedAt: string | null;
}

/** The org's daily API allocation as Salesforce reports it on every response (Sforce-Limit-Info). */
export interface ApiBudget {
  /** Reads `api-usage=N/M` from a Sforce-Limit-Info header value. */
  observe(limitInfo: string | undefined): void;
  /** Salesforce refused a call with REQUEST_LIMIT_EXCEEDED. */
  exceeded(): void;
  /** Throws `limit_paused` when a call must not go out now; urgent calls pass the share check. */
  check(urgent: boolean): void;
  state(): ApiBudgetState;
}

const API_USAGE = /api-usage=(\d+)\/(\d+)/;

/** Parses `api-usage=25/15000` (other parts such as per-app-api-usage are ignored). */
export function parseLimitInfo(value: string | undefined): { used: number; limit: number } | undefined {
  const match = value ? API_USAGE.exec(value) : null;
  return match ? { used: Number(match[1]), limit: Number(match[2]) } : undefined;
}

export function createApiBudget(options: ApiBudgetOptions): ApiBudget {
  const now = options.now ?? Date.now;
  const log = options.logger?.child({ component: 'salesforce-budget' });
  let used: number | null = null;
  let limit: number | null = null;
  let observedAt = 0;
  let exceededUntil = 0;
  // One alert per crossing: raised when sync pauses, re-armed once usage is back under the share.
  let alerted = false;

  const overShare = () => used !== null && limit !== null && limit > 0 && used / limit >= options.share;
  const pausedUntil = (): number => {
    const t = now();
    if (exceededUntil > t) return exceededUntil;
    if (overShare() && t - observedAt < options.pauseMs) return observedAt + options.pauseMs;
    return 0;
  };
  const state = (): ApiBudgetState => {
    const until = pausedUntil();
    return {
      used,
      limit,
      paused: until > 0,
      pausedUntil: until > 0 ? new Date(until).toISOString() : null,
      reason: until === 0 ? null : exceededUntil >= until ? 'request_limit_exceeded' : 'threshold',
      observedAt: observedAt > 0 ? new Date(observedAt).toISOString() : null,
    };
  };
  const publish = () => {
    options.metrics?.salesforceSyncPaused.set(pausedUntil() > 0 ? 1 : 0);
    options.onChange?.(state());
  };

  function raise(reason: 'threshold' | 'request_limit_exceeded') {
    if (alerted) return;
    alerted = true;
    const until = new Date(pausedUntil()).toISOString();
    log?.warn({ reason, used, limit, share: options.share, pausedUntil: until }, 'salesforce API budget: non-urgent sync paused');
    options.events?.emit('salesforce.api_limit', { reason, used, limit, threshold: options.share, pausedUntil: until });
  }

  return {
    observe(limitInfo) {
      const usage = parseLimitInfo(limitInfo);
      if (!usage) return;
      ({ used, limit } = usage);
      observedAt = now();
      options.metrics?.salesforceApiUsage.set({ measure: 'used' }, usage.used);
      options.metrics?.salesforceApiUsage.set({ measure: 'limit' }, usage.limit);
      if (overShare()) raise('threshold');
      else if (exceededUntil <= now()) alerted = false;
      publish();
    },
    exceeded() {
      exceededUntil = now() + options.pauseMs;
      raise('request_limit_exceeded');
      publish();
    },
    check(urgent) {
      const t = now();
      if (exceededUntil > t) {
        throw new SalesforceError('limit_paused', `Salesforce refused calls with REQUEST_LIMIT_EXCEEDED; sync resumes at ${new Date(exceededUntil).toISOString()}`);
      }
      if (!urgent && pausedUntil() > 0) {
        throw new SalesforceError(
          'limit_paused',
          `Salesforce API usage is ${used}/${limit}, above ${Math.round(options.share * 100)}% of the daily allocation; non-urgent sync paused until ${new Date(pausedUntil()).toISOString()}`,
        );
      }
    },
    state,
  };
}
