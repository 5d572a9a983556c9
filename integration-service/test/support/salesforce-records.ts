/** Shapes of Salesforce REST answers as recorded from the API (v62.0), for nock and stand-ins. */

export const SALESFORCE_INSTANCE = 'https://acme.my.salesforce.test';
export const SALESFORCE_TOKEN = '00Dxx0000001gPL!AQ0AQ.test-session';

/** Salesforce's dateTime format: millisecond precision, +0000 offset without a colon. */
export const sfDateTime = (date: Date) => date.toISOString().replace('Z', '+0000');

export function opportunityRecord(fields: { id: string; accountId: string | null; website?: string | null; stageName: string; lastStageChangeDate: Date | null; createdDate?: Date; systemModstamp: Date }) {
  return {
    attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${fields.id}` },
    Id: fields.id,
    AccountId: fields.accountId,
    Account: fields.accountId ? { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fields.accountId}` }, Website: fields.website ?? null } : null,
    StageName: fields.stageName,
    LastStageChangeDate: fields.lastStageChangeDate ? sfDateTime(fields.lastStageChangeDate) : null,
    CreatedDate: sfDateTime(fields.createdDate ?? new Date('2026-01-05T10:00:00Z')),
    SystemModstamp: sfDateTime(fields.systemModstamp),
  };
}

/** One page of a query answer; `next` makes it a page with more to follow. */
export function queryPage(records: unknown[], options: { totalSize?: number; next?: string } = {}) {
  return { totalSize: options.totalSize ?? records.length, done: !options.next, ...(options.next ? { nextRecordsUrl: options.next } : {}), records };
}
