import { z } from 'zod';

/**
 * What the `alerts.match` job is asked to alert on: the change events an enrichment job
 * recorded, or a budget event (which concerns a team, not an account).
 */
export const AlertsMatchPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('enrichment'), enrichmentJobId: z.uuid() }),
  z.object({
    kind: z.literal('budget'),
    event: z.enum(['threshold', 'exceeded']),
    /** Null: the organisation-wide budget. */
    teamId: z.uuid().nullable(),
    /** Null: the budget of all providers. */
    provider: z.string().min(1).max(100).nullable(),
    limitUsd: z.number().nonnegative(),
    spentUsd: z.number().nonnegative(),
    occurredAt: z.iso.datetime(),
  }),
]);
export type AlertsMatchPayload = z.output<typeof AlertsMatchPayloadSchema>;
