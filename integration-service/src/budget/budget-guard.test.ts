import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import { createEventBus, type DomainEvents, type EventBus } from '../events/domain-events.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { ProviderError, isProviderError } from '../providers/resilience/provider-error.ts';
import { createBudgetGuard, type PaidCall } from './budget-guard.ts';

let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  closeDb = testDb.close;
});
afterAll(async () => {
  await closeDb?.();
});
afterEach(async () => {
  await db.deleteFrom('api_usage').execute();
  await db.deleteFrom('budgets').execute();
});

const NOW = new Date('2026-11-22T10:00:00Z');

async function addTeam(monthlyBudgetUsd: number | null = null): Promise<string> {
  const team = await db.insertInto('teams').values({ name: `team-${Math.random()}`, monthly_budget_usd: monthlyBudgetUsd }).returning('id').executeTakeFirstOrThrow();
  return team.id;
}

function setUp(options: { now?: () => Date } = {}) {
  const events: EventBus = createEventBus();
  const exceeded: Array<DomainEvents['budget.exceeded']> = [];
  const thresholds: Array<DomainEvents['budget.threshold']> = [];
  events.on('budget.exceeded', (e) => exceeded.push(e));
  events.on('budget.threshold', (e) => thresholds.push(e));
  const metrics = createMetrics({ collectDefaults: false });
  const guard = createBudgetGuard({ db, events, metrics, now: options.now ?? (() => NOW) });
  return { guard, exceeded, thresholds, metrics };
}

const call = (overrides: Partial<PaidCall> = {}): PaidCall => ({ provider: 'builtwith', endpoint: 'v21/api.json', costUsd: 0.1, domain: 'costco.com', ...overrides });
const paid = () => Promise.resolve({ statusCode: 200, data: 'ok' });
const failing = () => Promise.reject(new ProviderError('builtwith', 'server_error', 'builtwith answered 503', { status: 503 }));
const usageRows = () => db.selectFrom('api_usage').selectAll().orderBy('id').execute();

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('createBudgetGuard', () => {
  it('records a usage row for a successful call, with its context, status and cost', async () => {
    const teamId = await addTeam();
    const jobId = '3f0c1f9e-54a4-4b39-9f0a-6c1f8d2b7a10';
    const { guard, metrics } = setUp();
    const value = await guard.charge(call({ teamId, jobId }), paid);
    expect(value).toEqual({ statusCode: 200, data: 'ok' });
    const [row] = await usageRows();
    expect(row).toMatchObject({ provider: 'builtwith', endpoint: 'v21/api.json', domain: 'costco.com', job_id: jobId, team_id: teamId, user_id: null, cost_usd: '0.1000', status_code: 200 });
    expect(row?.created_at).toEqual(NOW);
    expect(row?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await metrics.registry.metrics()).toContain(`pf_api_cost_usd_total{provider="builtwith",team="${teamId}"} 0.1`);
  });

  it('refuses a call that would take a hard-capped team budget past its limit, without calling', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 0.25 }).execute();
    const { guard, exceeded } = setUp();
    await guard.charge(call({ teamId }), paid);
    await guard.charge(call({ teamId }), paid);
    const fn = vi.fn<typeof paid>(paid);
    const error = await refusal(guard.charge(call({ teamId }), fn));
    expect(fn).not.toHaveBeenCalled();
    expect(error).toMatchObject({ code: 'budget_exceeded', retryable: false, provider: 'builtwith' });
    expect(error.message).toBe(`Budget exceeded: the team ${teamId} monthly budget for all providers is $0.25, $0.20 is spent this month, and this builtwith call costs $0.10`);
    expect(exceeded).toEqual([{ teamId, provider: 'builtwith', limitUsd: 0.25, spentUsd: 0.2, costUsd: 0.1 }]);
    expect(await usageRows()).toHaveLength(2);
  });

  it('allows spending exactly up to the limit (no floating-point drift)', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: 'builtwith', limit_usd: 0.3 }).execute();
    const { guard } = setUp();
    for (let i = 0; i < 3; i++) await guard.charge(call({ teamId }), paid);
    expect((await refusal(guard.charge(call({ teamId }), paid))).code).toBe('budget_exceeded');
  });

  it('applies an organisation-wide provider budget to every team, and to calls without one', async () => {
    const [east, west] = [await addTeam(), await addTeam()];
    await db.insertInto('budgets').values({ team_id: null, provider: 'similarweb', limit_usd: 0.2 }).execute();
    const { guard, exceeded } = setUp();
    const sw = (teamId?: string) => call({ provider: 'similarweb', endpoint: 'visits', costUsd: 0.08, teamId });
    await guard.charge(sw(east), paid);
    await guard.charge(sw(west), paid);
    const error = await refusal(guard.charge(sw(), paid));
    expect(error.message).toContain('organisation-wide monthly budget for similarweb is $0.20, $0.16 is spent');
    expect(exceeded[0]).toMatchObject({ teamId: null, provider: 'similarweb' });
    // Other providers are not covered by it.
    await guard.charge(call({ teamId: east }), paid);
  });

  it("ignores other teams' budgets and other providers' budgets", async () => {
    const [mine, theirs] = [await addTeam(), await addTeam()];
    await db.insertInto('budgets').values([
      { team_id: theirs, provider: null, limit_usd: 0 },
      { team_id: mine, provider: 'similarweb', limit_usd: 0 },
    ]).execute();
    const { guard } = setUp();
    await guard.charge(call({ teamId: mine }), paid);
    expect(await usageRows()).toHaveLength(1);
  });

  it("counts only this calendar month's spend", async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 0.1 }).execute();
    await db.insertInto('api_usage').values({ provider: 'builtwith', endpoint: 'v21/api.json', team_id: teamId, cost_usd: 5, created_at: '2026-10-31T23:59:59Z' }).execute();
    const { guard } = setUp();
    await guard.charge(call({ teamId }), paid);
    const december = setUp({ now: () => new Date('2026-12-01T00:00:00Z') });
    await december.guard.charge(call({ teamId }), paid);
    expect((await refusal(guard.charge(call({ teamId }), paid))).code).toBe('budget_exceeded');
  });

  it("treats a team's monthly_budget_usd as a hard cap when no budgets row covers the team", async () => {
    const teamId = await addTeam(0.15);
    const { guard, exceeded } = setUp();
    await guard.charge(call({ teamId }), paid);
    expect((await refusal(guard.charge(call({ teamId }), paid))).message).toContain(`team ${teamId} monthly budget for all providers is $0.15`);
    expect(exceeded).toHaveLength(1);
  });

  it('never refuses on a warn-only budget, and raises the threshold event only on the crossing call', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 1, alert_threshold: 0.5, hard_cap: false }).execute();
    const { guard, thresholds, exceeded } = setUp();
    const cost = (n: number) => call({ teamId, costUsd: 0.2 * n });
    await guard.charge(cost(1), paid); // 0.20
    await guard.charge(cost(1), paid); // 0.40
    expect(thresholds).toEqual([]);
    await guard.charge(cost(1), paid); // 0.60: crosses 0.50
    await guard.charge(cost(1), paid); // 0.80
    await guard.charge(cost(3), paid); // 1.40: past the limit, still allowed
    expect(thresholds).toEqual([{ teamId, provider: null, limitUsd: 1, spentUsd: 0.6, threshold: 0.5 }]);
    expect(exceeded).toEqual([]);
  });

  it('raises the default 80 % threshold of a hard-capped budget once', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: 'builtwith', limit_usd: 0.5 }).execute();
    const { guard, thresholds } = setUp();
    for (let i = 0; i < 5; i++) await guard.charge(call({ teamId }), paid);
    expect(thresholds).toEqual([{ teamId, provider: 'builtwith', limitUsd: 0.5, spentUsd: 0.4, threshold: 0.8 }]);
  });

  it('records a failed call at cost 0 with its status, and rethrows', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 0.1 }).execute();
    const { guard } = setUp();
    expect((await refusal(guard.charge(call({ teamId }), failing))).code).toBe('server_error');
    expect(await usageRows()).toMatchObject([{ cost_usd: '0.0000', status_code: 503 }]);
    // The failure cost nothing: the budget still has room for one call.
    await guard.charge(call({ teamId }), paid);
  });

  it('does not let a throwing alert listener fail the call', async () => {
    const teamId = await addTeam();
    await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 0.1 }).execute();
    const { guard } = setUp();
    const events = createEventBus();
    events.on('budget.threshold', () => {
      throw new Error('listener bug');
    });
    const guarded = createBudgetGuard({ db, events, now: () => NOW });
    await expect(guarded.charge(call({ teamId }), paid)).resolves.toMatchObject({ data: 'ok' });
    expect((await refusal(guard.charge(call({ teamId }), paid))).code).toBe('budget_exceeded');
  });

  it('reuses the rules covering a team and provider for rulesCacheMs: a new rule applies once that has passed', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const teamId = await addTeam();
      const events = createEventBus();
      const cached = createBudgetGuard({ db, events, now: () => NOW, rulesCacheMs: 5_000 });
      const uncached = createBudgetGuard({ db, events, now: () => NOW, rulesCacheMs: 0 });
      await cached.charge(call({ teamId }), paid);
      await db.insertInto('budgets').values({ team_id: teamId, provider: null, limit_usd: 0.1 }).execute();
      // Within the window the cached guard still knows no rule; a guard without a cache refuses at once.
      await expect(cached.charge(call({ teamId }), paid)).resolves.toMatchObject({ data: 'ok' });
      expect((await refusal(uncached.charge(call({ teamId }), paid))).code).toBe('budget_exceeded');
      vi.advanceTimersByTime(5_001);
      expect((await refusal(cached.charge(call({ teamId }), paid))).code).toBe('budget_exceeded');
    } finally {
      vi.useRealTimers();
    }
  });
});
