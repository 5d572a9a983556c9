import type { Significance } from '@partnerforge/shared/schemas';

export type { Significance };

/** Higher is more significant. */
export const SIGNIFICANCE_RANK: Readonly<Record<Significance, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Whether `significance` is at least `minimum` (high meets a minimum of medium). */
export function meetsSignificance(significance: Significance, minimum: Significance): boolean {
  return SIGNIFICANCE_RANK[significance] >= SIGNIFICANCE_RANK[minimum];
}

/** The significances at or above `minimum`, for SQL `in (...)` filters. */
export function significancesFrom(minimum: Significance): Significance[] {
  return (Object.keys(SIGNIFICANCE_RANK) as Significance[]).filter((s) => meetsSignificance(s, minimum));
}

/** The most significant of several, or null for none. */
export function highestSignificance(values: readonly Significance[]): Significance | null {
  return values.reduce<Significance | null>((best, s) => (best === null || SIGNIFICANCE_RANK[s] > SIGNIFICANCE_RANK[best] ? s : best), null);
}
