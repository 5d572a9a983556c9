import { sql } from 'kysely';
import type { NewApiUsage } from '@partnerforge/migrations/schema';
import type { Db } from '../database/database.ts';

/** Money in ten-thousandths of a dollar (api_usage.cost_usd is numeric(12,4)): exact integer sums. */
export type MoneyUnits = number;
export const toUnits = (usd: number | string): MoneyUnits => Math.round(Number(usd) * 10_000);
export const fromUnits = (units: MoneyUnits): number => units / 10_000;

/** A monthly spending rule that covers a call: a budgets row, or a team's own monthly budget. */
export interface BudgetRule {
  /** budgets.id; null for a rule read from teams.monthly_budget_usd. */
  id: string | null;
  /** Null = the whole organisation. */
  teamId: string | null;
  /** Null = all providers together. */
  provider: string | null;
  limit: MoneyUnits;
  /** Fraction of the limit that raises 'budget.threshold' (0.8 = 80 %). */
  alertThreshold: number;
  /** true = refuse paid calls past the limit; false = warn only. */
  hardCap: boolean;
}

/**
 * The monthly rules covering a call by `teamId` to `provider`, most specific first: the team's
 * rows (for that provider, or all providers), then the organisation-wide rows. A team's
 * `monthly_budget_usd` counts as a hard-capped all-provider rule unless a budgets row already
 * covers that scope.
 */
export async function findApplicableBudgets(db: Db, call: { teamId: string | null; provider: string }): Promise<BudgetRule[]> {
  const rows = await db
    .selectFrom('budgets')
    .selectAll()
    .where('period', '=', 'monthly')
    .where((eb) => (call.teamId ? eb.or([eb('team_id', '=', call.teamId), eb('team_id', 'is', null)]) : eb('team_id', 'is', null)))
    .where((eb) => eb.or([eb('provider', 'is', null), eb('provider', '=', call.provider)]))
    .execute();
  const rules: BudgetRule[] = rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    provider: row.provider,
    limit: toUnits(row.limit_usd),
    alertThreshold: Number(row.alert_threshold),
    hardCap: row.hard_cap,
  }));
  if (call.teamId && !rules.some((rule) => rule.teamId === call.teamId && rule.provider === null)) {
    const team = await db.selectFrom('teams').select('monthly_budget_usd').where('id', '=', call.teamId).executeTakeFirst();
    if (team?.monthly_budget_usd != null) {
      rules.push({ id: null, teamId: call.teamId, provider: null, limit: toUnits(team.monthly_budget_usd), alertThreshold: 0.8, hardCap: true });
    }
  }
  const specificity = (rule: BudgetRule) => (rule.teamId ? 0 : 2) + (rule.provider ? 0 : 1);
  return rules.sort((a, b) => specificity(a) - specificity(b));
}

/**
 * Spend recorded in [from, to) within a rule's scope (team and provider, null = any). With
 * `beforeId`, only rows inserted before that one: the spend a given call found when it landed.
 */
export async function sumSpend(
  db: Db,
  scope: { teamId: string | null; provider: string | null; from: Date; to: Date; beforeId?: number },
): Promise<MoneyUnits> {
  let query = db
    .selectFrom('api_usage')
    .select(sql<string>`coalesce(sum(cost_usd), 0)`.as('total'))
    .where('created_at', '>=', scope.from)
    .where('created_at', '<', scope.to);
  if (scope.teamId) query = query.where('team_id', '=', scope.teamId);
  if (scope.provider) query = query.where('provider', '=', scope.provider);
  if (scope.beforeId !== undefined) query = query.where('id', '<', scope.beforeId);
  const row = await query.executeTakeFirstOrThrow();
  return toUnits(row.total);
}

/** Appends one row to the usage ledger; returns its id. */
export async function insertApiUsage(db: Db, row: NewApiUsage): Promise<number> {
  const inserted = await db.insertInto('api_usage').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}
