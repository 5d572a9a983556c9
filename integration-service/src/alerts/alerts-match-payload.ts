import { z } from 'zod';

/**
 * What the `alerts.match` job is asked to alert on: the change events an enrichment job
 * recorded, a budget event (which concerns a team, not an account), or Salesforce's API limit
 * pausing the sync (which concerns the whole org).
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
  z.object({
    kind: z.literal('salesforce_api_limit'),
    reason: z.enum(['threshold', 'request_limit_exceeded']),
    /** API requests used and allowed in the org's rolling 24 h, when Salesforce said. */
    used: z.number().int().nonnegative().nullable(),
    limit: z.number().int().nonnegative().nullable(),
    /** The share of the limit at which non-urgent sync pauses (PF_SALESFORCE_API_PAUSE_SHARE). */
    threshold: z.number().min(0).max(1),
    pausedUntil: z.iso.datetime(),
    occurredAt: z.iso.datetime(),
  }),
]);
export type AlertsMatchPayload = z.output<typeof AlertsMatchPayloadSchema>;
