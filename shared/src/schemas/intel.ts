import { z } from 'zod';

export const TIERS = ['hot', 'warm', 'cool', 'cold'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

export const ScoreBreakdownItemSchema = z.object({
  factor: z.enum(['vertical', 'traffic', 'tech_spend', 'partner_technology']),
  points: z.number(),
  reason: z.string(),
});

export const TechnologySchema = z.object({
  name: z.string(),
  categories: z.array(z.string()),
  /** Which modules saw it (website fingerprint, BuiltWith). */
  sources: z.array(z.string()),
  firstDetected: z.string().nullable(),
  lastDetected: z.string().nullable(),
});

export const SourceSchema = z.object({
  module: z.string(),
  provider: z.string(),
  sourceUrl: z.string(),
  fetchedAt: z.string(),
  /** False once older than the module's TTL: shown, but due for a refresh. */
  fresh: z.boolean(),
});

/** The current intelligence on one company, as every surface (Slack, extension, brief) shows it. */
export const IntelSchema = z.object({
  domain: z.string(),
  company: z
    .object({
      name: z.string().nullable(),
      description: z.string().nullable(),
      logoUrl: z.string().nullable(),
      linkedinUrl: z.string().nullable(),
    })
    .nullable(),
  technologies: z.array(TechnologySchema),
  searchVendor: z.string().nullable(),
  partnerPlatforms: z.array(z.string()),
  traffic: z
    .object({ monthlyVisits: z.number().nullable(), visitsByMonth: z.array(z.object({ month: z.string(), visits: z.number() })) })
    .nullable(),
  techSpendUsd: z.number().nullable(),
  /** Absent (not null) for roles that may not see financials (SDRs); null when the company has none. */
  financials: z
    .object({
      ticker: z.string(),
      exchange: z.string().nullable(),
      marketCapUsd: z.number().nullable(),
      revenueUsd: z.number().nullable(),
      revenueGrowth: z.number().nullable(),
      employees: z.number().nullable(),
      currency: z.string().nullable(),
    })
    .nullable()
    .optional(),
  score: z.number().nullable(),
  tier: TierSchema.nullable(),
  breakdown: z.array(ScoreBreakdownItemSchema),
  sources: z.array(SourceSchema),
  lastEnrichedAt: z.string().nullable(),
});
export type Intel = z.infer<typeof IntelSchema>;
