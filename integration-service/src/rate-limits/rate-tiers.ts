/** The rate tier of an API key (`api_keys.rate_tier`). */
export type RateTier = 'standard' | 'power' | 'admin';

/** What one tier allows; `null` = unlimited. */
export interface TierLimits {
  /** GET/HEAD requests per minute. */
  readsPerMinute: number;
  /** Other requests per minute. */
  writesPerMinute: number;
  /** Enrichments started (or retried) per 24 h (a window opened by the first one). */
  enrichmentsPerDay: number;
}

/** The default tiers (API design): standard 100 / 20 / 50, power 500 / 100 / 200, admin unlimited. */
export const RATE_TIERS: Readonly<Record<RateTier, TierLimits | null>> = {
  standard: { readsPerMinute: 100, writesPerMinute: 20, enrichmentsPerDay: 50 },
  power: { readsPerMinute: 500, writesPerMinute: 100, enrichmentsPerDay: 200 },
  admin: null,
};

export function limitsOfTier(tier: string): TierLimits | null {
  // An unknown tier (a newer database than this code) gets the least, not the most.
  return tier in RATE_TIERS ? RATE_TIERS[tier as RateTier] : RATE_TIERS.standard;
}
