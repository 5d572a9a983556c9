import { z } from 'zod';

/**
 * The `data` of a Change Data Capture message on /data/OpportunityChangeEvent. An UPDATE carries
 * only the fields that changed (so no AccountId unless it changed too), listed in changedFields.
 */
export const OpportunityChangeEventSchema = z.object({
  schema: z.string().optional(),
  payload: z.looseObject({
    ChangeEventHeader: z.looseObject({
      entityName: z.string(),
      recordIds: z.array(z.string()),
      changeType: z.string(),
      changedFields: z.array(z.string()).default([]),
      /** Milliseconds since the epoch, when the transaction committed. */
      commitTimestamp: z.number(),
    }),
    StageName: z.string().nullish(),
  }),
  event: z.looseObject({ replayId: z.number().int() }),
});
export type OpportunityChangeEvent = z.infer<typeof OpportunityChangeEventSchema>;

/** The stage an event moved its Opportunities into, if it is a stage move at all. */
export function stageEntered(event: OpportunityChangeEvent): string | undefined {
  const { ChangeEventHeader: header, StageName: stage } = event.payload;
  if (!stage) return undefined;
  // Created in a stage counts as entering it; an update counts only when StageName changed.
  if (header.changeType === 'CREATE') return stage;
  if (header.changeType === 'UPDATE' && header.changedFields.includes('StageName')) return stage;
  return undefined;
}
