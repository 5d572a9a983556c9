import { expect, it } from 'vitest';
import { OpportunityChangeEventSchema, stageEntered } from './change-event.schema.ts';

const event = (changeType: string, changedFields: string[], values: Record<string, unknown>) =>
  OpportunityChangeEventSchema.parse({
    payload: { ChangeEventHeader: { entityName: 'Opportunity', recordIds: ['006Hs00001AbCdEIAX'], changeType, changedFields, commitTimestamp: 1_796_324_400_000 }, ...values },
    event: { replayId: 7 },
  });

it('reads a stage move from updates that changed StageName and from creations in a stage, nothing else', () => {
  expect(stageEntered(event('UPDATE', ['StageName', 'LastModifiedDate'], { StageName: 'Qualification' }))).toBe('Qualification');
  expect(stageEntered(event('CREATE', [], { StageName: 'Qualification', Name: 'Acme renewal' }))).toBe('Qualification');
  expect(stageEntered(event('UPDATE', ['Amount'], { Amount: 10 }))).toBeUndefined();
  expect(stageEntered(event('DELETE', [], {}))).toBeUndefined();
  expect(stageEntered(event('GAP_UPDATE', [], {}))).toBeUndefined();
});
