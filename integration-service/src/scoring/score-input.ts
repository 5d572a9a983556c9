import { z } from 'zod';

const optionalAmount = z
  .number()
  .finite()
  .nonnegative()
  .nullish()
  .transform((value) => value ?? undefined);

/**
 * What scoring needs about an account, as a CLI reads it from stdin:
 * `{ "vertical", "monthlyVisits", "techSpendUsd", "technologies": [...] }`. Every field may be
 * missing or null (no data yet); unknown keys are refused so a typo is not silently scored as 0.
 */
export const ScoreInputSchema = z.strictObject({
  /** Industry vertical name, e.g. "Commerce". */
  vertical: z
    .string()
    .trim()
    .nullish()
    .transform((value) => (value ? value : undefined)),
  /** Website visits per month. */
  monthlyVisits: optionalAmount,
  /** Estimated technology spend, USD. */
  techSpendUsd: optionalAmount,
  /** Detected technology names, e.g. "Adobe Experience Manager". */
  technologies: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? undefined),
});

/** Account facts scored by `scoreAccount`; a missing field scores 0 points with a "No … data" reason. */
export interface ScoreInput {
  vertical?: string;
  monthlyVisits?: number;
  techSpendUsd?: number;
  technologies?: readonly string[];
}
