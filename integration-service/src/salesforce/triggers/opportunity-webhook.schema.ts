import { z } from 'zod';
import { SalesforceIdSchema } from './salesforce-id.ts';

/** What the record-triggered Flow posts when an Opportunity's stage changes. */
export const OpportunityWebhookSchema = z.strictObject({
  opportunityId: SalesforceIdSchema,
  accountId: SalesforceIdSchema,
  stageName: z.string().trim().min(1).max(255),
  previousStageName: z.string().trim().max(255).nullish(),
  /** The Account's Website; without it an unknown Account is looked up through the Salesforce connection. */
  website: z.string().trim().max(2048).nullish(),
  /** When the stage changed (e.g. LastStageChangeDate); default: the signed timestamp. */
  changedAt: z.iso.datetime({ offset: true }).optional(),
});
export type OpportunityWebhook = z.infer<typeof OpportunityWebhookSchema>;

/** The webhook's answer: 202 when an enrichment was asked for, 200 for everything else. */
export const OpportunityWebhookResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('enqueued'), jobId: z.uuid(), accountId: z.uuid(), domain: z.string(), deduplicated: z.boolean() }),
  z.object({ outcome: z.literal('duplicate') }),
  z.object({ outcome: z.literal('ignored'), reason: z.literal('stage_not_configured') }),
  z.object({ outcome: z.literal('no_account'), reason: z.string() }),
  z.object({ outcome: z.literal('no_website'), accountSalesforceId: z.string() }),
]);
