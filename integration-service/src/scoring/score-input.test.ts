import { describe, expect, it } from 'vitest';
import { ScoreInputSchema } from './score-input.ts';

describe('ScoreInputSchema', () => {
  it('reads a full CLI payload', () => {
    const input = ScoreInputSchema.parse({
      vertical: ' Commerce ',
      monthlyVisits: 45_000_000,
      techSpendUsd: 120_000,
      technologies: ['Shopify Plus'],
    });
    expect(input).toEqual({ vertical: 'Commerce', monthlyVisits: 45_000_000, techSpendUsd: 120_000, technologies: ['Shopify Plus'] });
  });

  it('treats null and empty values as missing data', () => {
    const input = ScoreInputSchema.parse({ vertical: '', monthlyVisits: null, technologies: null });
    expect(input).toEqual({ vertical: undefined, monthlyVisits: undefined, techSpendUsd: undefined, technologies: undefined });
  });

  it('refuses unknown keys, negative numbers and wrong types', () => {
    expect(ScoreInputSchema.safeParse({ monthly_visits: 5 }).success).toBe(false);
    expect(ScoreInputSchema.safeParse({ monthlyVisits: -1 }).success).toBe(false);
    expect(ScoreInputSchema.safeParse({ techSpendUsd: '100000' }).success).toBe(false);
    expect(ScoreInputSchema.safeParse({ technologies: 'Adobe' }).success).toBe(false);
  });
});
