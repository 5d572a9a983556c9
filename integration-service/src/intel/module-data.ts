import { z } from 'zod';

// What each module stores, read back leniently: intel written by an older version of a module
// must not break today's card, so unknown fields pass and a mismatching snapshot is ignored.

export const FingerprintDataSchema = z.looseObject({
  technologies: z.array(z.looseObject({ name: z.string(), categories: z.array(z.string()).default([]) })).default([]),
  searchVendor: z.string().nullable().default(null),
  partnerPlatforms: z.array(z.string()).default([]),
});

export const CompanyContextDataSchema = z.looseObject({
  name: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  logoUrl: z.string().nullable().default(null),
  linkedinUrl: z.string().nullable().default(null),
});

export const BuiltWithDataSchema = z.looseObject({
  technologies: z
    .array(
      z.looseObject({
        name: z.string(),
        categories: z.array(z.string()).default([]),
        firstDetected: z.string().nullable().default(null),
        lastDetected: z.string().nullable().default(null),
      }),
    )
    .default([]),
  techSpendUsd: z.number().nullable().default(null),
});

export const TrafficDataSchema = z.looseObject({
  monthlyVisits: z.number().nullable().default(null),
  visitsByMonth: z.array(z.object({ month: z.string(), visits: z.number() })).default([]),
});

export const FinancialsDataSchema = z.looseObject({
  ticker: z.string().nullable().default(null),
  exchange: z.string().nullable().default(null),
  marketCapUsd: z.number().nullable().default(null),
  revenueUsd: z.number().nullable().default(null),
  revenueGrowth: z.number().nullable().default(null),
  employees: z.number().nullable().default(null),
  currency: z.string().nullable().default(null),
});

export const ScoreDataSchema = z.looseObject({
  score: z.number(),
  tier: z.enum(['hot', 'warm', 'cool', 'cold']),
  breakdown: z.array(z.object({ factor: z.enum(['vertical', 'traffic', 'tech_spend', 'partner_technology']), points: z.number(), reason: z.string() })),
});

/** Parses stored data with a schema; undefined when absent or of an unexpected shape. */
export function readModuleData<S extends z.ZodType>(schema: S, data: unknown): z.output<S> | undefined {
  if (data === undefined || data === null) return undefined;
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
