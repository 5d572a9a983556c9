import type { Db } from '../database/database.ts';
import type { DomainEventName, DomainEvents, EventBus } from '../events/domain-events.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ProviderCallContext } from '../providers/provider-call.ts';
import { ProviderError, isProviderError } from '../providers/resilience/provider-error.ts';
import { type BudgetRule, type MoneyUnits, findApplicableBudgets, fromUnits, insertApiUsage, sumSpend, toUnits } from './budget.repository.ts';

export interface BudgetGuardOptions {
  db: Db;
  events: EventBus;
  metrics?: Metrics;
  logger?: Logger;
  /** Clock; decides the calendar month (UTC) and each usage row's time. Default `new Date()`. */
  now?: () => Date;
  /**
   * How long the budget rules covering a (team, provider) are reused, ms; 0 reads them for
   * every call. A rule created or changed (also a team's monthly budget) applies to paid calls
   * after at most this long. Default 5 000: at 50 calls/s that is one query instead of 250.
   */
  rulesCacheMs?: number;
}

/** A paid provider call: who it is for (the context) and what it costs. */
export interface PaidCall extends ProviderCallContext {
  provider: string;
  /** Short endpoint name for the ledger, e.g. `v21/api.json`. */
  endpoint: string;
  /** Price of one successful call in USD (failed calls are recorded at 0). */
  costUsd: number;
}

export interface BudgetGuard {
  /**
   * Refuses `call` with ProviderError `budget_exceeded` when it would take a hard-capped budget
   * covering it past its limit this month; otherwise runs `fn` and records an api_usage row —
   * at `costUsd` with `fn`'s `statusCode` when it succeeds, at 0 with the error's status when
   * it throws (and rethrows). Raises 'budget.threshold' on the one call that crosses a rule's
   * alert threshold. Concurrent calls can overshoot a cap by the calls in flight.
   */
  charge<T>(call: PaidCall, fn: () => Promise<T>): Promise<T>;
}

/** The calendar month (UTC) holding `at`, as [from, to). */
export function calendarMonth(at: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)),
    to: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)),
  };
}

const usd = (units: MoneyUnits) => `$${units % 100 === 0 ? fromUnits(units).toFixed(2) : fromUnits(units).toFixed(4)}`;
const describeRule = (rule: BudgetRule) =>
  `${rule.teamId ? `team ${rule.teamId}` : 'organisation-wide'} monthly budget for ${rule.provider ?? 'all providers'}`;
const statusOf = (value: unknown): number | null => {
  const status = (value as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
};

export const DEFAULT_RULES_CACHE_MS = 5_000;

/** Builds the budget check that wraps every paid provider call. */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const { db, events, metrics, logger } = options;
  const now = options.now ?? (() => new Date());
  const rulesCacheMs = options.rulesCacheMs ?? DEFAULT_RULES_CACHE_MS;
  // Monotonic, not `now`: a test clock that stands still must not keep rules forever.
  const cachedRules = new Map<string, { rules: Promise<BudgetRule[]>; expiresAt: number }>();

  function rulesFor(teamId: string | null, provider: string): Promise<BudgetRule[]> {
    if (rulesCacheMs <= 0) return findApplicableBudgets(db, { teamId, provider });
    const key = `${teamId ?? ''} ${provider}`;
    const at = performance.now();
    const cached = cachedRules.get(key);
    if (cached !== undefined && cached.expiresAt > at) return cached.rules;
    // Concurrent calls share the one lookup; a failed lookup is not kept.
    const rules = findApplicableBudgets(db, { teamId, provider });
    cachedRules.set(key, { rules, expiresAt: at + rulesCacheMs });
    rules.catch(() => {
      if (cachedRules.get(key)?.rules === rules) cachedRules.delete(key);
    });
    return rules;
  }

  // An alert listener that throws must not fail (or double-charge) a paid call.
  function emit<E extends DomainEventName>(name: E, payload: DomainEvents[E]): void {
    try {
      events.emit(name, payload);
    } catch (error) {
      logger?.error({ err: error, event: name }, 'budget event listener failed');
    }
  }

  async function charge<T>(call: PaidCall, fn: () => Promise<T>): Promise<T> {
    const at = now();
    const { from, to } = calendarMonth(at);
    const cost = toUnits(call.costUsd);
    const teamId = call.teamId ?? null;
    const rules = await rulesFor(teamId, call.provider);
    const spent = await Promise.all(rules.map((rule) => sumSpend(db, { teamId: rule.teamId, provider: rule.provider, from, to })));

    rules.forEach((rule, i) => {
      const spentUnits = spent[i] ?? 0;
      if (!rule.hardCap || cost === 0 || spentUnits + cost <= rule.limit) return;
      emit('budget.exceeded', { teamId: rule.teamId, provider: call.provider, limitUsd: fromUnits(rule.limit), spentUsd: fromUnits(spentUnits), costUsd: fromUnits(cost) });
      throw new ProviderError(
        call.provider,
        'budget_exceeded',
        `Budget exceeded: the ${describeRule(rule)} is ${usd(rule.limit)}, ${usd(spentUnits)} is spent this month, and this ${call.provider} call costs ${usd(cost)}`,
        { retryable: false },
      );
    });

    const row = {
      provider: call.provider,
      endpoint: call.endpoint,
      domain: call.domain,
      job_id: call.jobId ?? null,
      user_id: call.userId ?? null,
      team_id: teamId,
      created_at: at,
    };
    const started = performance.now();
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      const status = isProviderError(error) ? (error.status ?? null) : null;
      await insertApiUsage(db, { ...row, cost_usd: 0, status_code: status, duration_ms: Math.round(performance.now() - started) });
      throw error;
    }
    const id = await insertApiUsage(db, { ...row, cost_usd: fromUnits(cost), status_code: statusOf(value), duration_ms: Math.round(performance.now() - started) });
    if (cost === 0) return value;
    metrics?.apiCost.inc({ provider: call.provider, team: teamId ?? 'none' }, fromUnits(cost));

    // The spend this call found when it landed (rows before it), so exactly one call crosses.
    for (const rule of rules) {
      const before = await sumSpend(db, { teamId: rule.teamId, provider: rule.provider, from, to, beforeId: id });
      const threshold = Math.round(rule.limit * rule.alertThreshold);
      if (before < threshold && before + cost >= threshold) {
        emit('budget.threshold', { teamId: rule.teamId, provider: rule.provider, limitUsd: fromUnits(rule.limit), spentUsd: fromUnits(before + cost), threshold: rule.alertThreshold });
        logger?.warn({ teamId: rule.teamId, provider: rule.provider, spentUsd: fromUnits(before + cost), limitUsd: fromUnits(rule.limit) }, 'budget alert threshold crossed');
      }
    }
    return value;
  }

  return { charge };
}
