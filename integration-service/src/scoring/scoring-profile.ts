import { z } from 'zod';

const PointsSchema = z.number().int().min(0).max(100);

/** Each step reads "at least `min…` → `points`"; the highest step reached wins. */
const TrafficStepSchema = z.strictObject({ minVisits: z.number().nonnegative(), points: PointsSchema });
const TechSpendStepSchema = z.strictObject({ minUsd: z.number().nonnegative(), points: PointsSchema });

/**
 * The ICP scoring weights RevOps can edit (the defaults live in `default-profile.json`).
 * Points are absolute, not percentages; the total is capped at 100.
 */
export const ScoringProfileSchema = z
  .strictObject({
    /** Points per vertical name (matched case-insensitively); aliases map other names onto them. */
    vertical: z.strictObject({
      points: z.record(z.string().min(1), PointsSchema),
      aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    }),
    /** Monthly website visits (SimilarWeb) → points. */
    traffic: z.strictObject({ thresholds: z.array(TrafficStepSchema) }),
    /** Estimated technology spend in USD, as the tech-stack provider reports it → points. */
    techSpend: z.strictObject({ thresholds: z.array(TechSpendStepSchema) }),
    /** Partner name → points; a technology matches when its name contains the partner name as whole words. */
    partnerTechnology: z.strictObject({ points: z.record(z.string().min(1), PointsSchema) }),
    /** Lowest score of each tier; anything below `cool` is cold. */
    tiers: z.strictObject({ hot: PointsSchema, warm: PointsSchema, cool: PointsSchema }),
  })
  .superRefine((profile, ctx) => {
    const { hot, warm, cool } = profile.tiers;
    if (!(hot > warm && warm > cool)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers'],
        message: `tiers must descend: hot (${hot}) > warm (${warm}) > cool (${cool})`,
      });
    }
    const verticals = new Set(Object.keys(profile.vertical.points));
    for (const [alias, target] of Object.entries(profile.vertical.aliases)) {
      if (!verticals.has(target)) {
        ctx.addIssue({
          code: 'custom',
          path: ['vertical', 'aliases', alias],
          message: `alias points at "${target}", which is not in vertical.points`,
        });
      }
    }
  });

export type ScoringProfile = z.infer<typeof ScoringProfileSchema>;

/** Score tiers, hottest first. */
export type ScoreTier = 'hot' | 'warm' | 'cool' | 'cold';
