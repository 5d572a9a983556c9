import { z } from 'zod';

/** `salesforce.pull`: the prospect pull; `full` ignores the stored cursor. */
export const SalesforcePullPayloadSchema = z.object({ full: z.boolean().optional() });

/**
 * `salesforce.push`: without ids, every account with changed fields (the schedule); with ids,
 * those accounts (a stage-triggered enrichment enqueues `{ accountIds: [id], urgent: true }`).
 */
export const SalesforcePushPayloadSchema = z.object({
  accountIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  urgent: z.boolean().optional(),
});

/** `salesforce.refresh-stale`: enrichments to queue at most (default SALESFORCE_REFRESH_BATCH). */
export const SalesforceRefreshStalePayloadSchema = z.object({ limit: z.number().int().min(1).max(100_000).optional() });
