import type { Connection } from 'jsforce';
import { z } from 'zod';
import { SalesforceIdSchema } from './salesforce-id.ts';
import { soql } from '../soql.ts';

// The few reads the stage-change triggers make through a jsforce Connection. Every answer is
// checked with zod: a field the integration user cannot see comes back missing, not as a crash.

const QueryPageSchema = z.object({
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});

/** Runs a SOQL query and follows `nextRecordsUrl` to the last page. */
export async function queryAll<S extends z.ZodType>(connection: Connection, statement: string, record: S): Promise<Array<z.output<S>>> {
  const records: Array<z.output<S>> = [];
  let page = QueryPageSchema.parse(await connection.query(statement));
  for (;;) {
    for (const raw of page.records) records.push(record.parse(raw));
    if (page.done || !page.nextRecordsUrl) return records;
    page = QueryPageSchema.parse(await connection.queryMore(page.nextRecordsUrl));
  }
}

/** Salesforce writes datetimes as 2026-12-03T19:00:00.000+0000 (no colon in the offset). */
export const SalesforceDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/, { message: 'expected a Salesforce dateTime' })
  .transform((value) => new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));

const RelatedAccountSchema = z.object({ Website: z.string().nullish() }).nullish();

const OpportunityAccountRecord = z.object({
  Id: SalesforceIdSchema,
  AccountId: SalesforceIdSchema.nullish(),
  Account: RelatedAccountSchema,
});

/** Where an Opportunity belongs: its Account id and the Account's Website (null when empty). */
export interface OpportunityAccount {
  accountSalesforceId: string | null;
  website: string | null;
}

/** The Account (and its Website) of each Opportunity; ids Salesforce does not know are absent. */
export async function fetchOpportunityAccounts(connection: Connection, opportunityIds: readonly string[]): Promise<Map<string, OpportunityAccount>> {
  const found = new Map<string, OpportunityAccount>();
  // 200 ids keep the statement far below SOQL's 100,000-character limit.
  for (let start = 0; start < opportunityIds.length; start += 200) {
    const ids = opportunityIds.slice(start, start + 200);
    const statement = soql`SELECT Id, AccountId, Account.Website FROM Opportunity WHERE Id IN ${ids}`;
    for (const row of await queryAll(connection, statement, OpportunityAccountRecord)) {
      found.set(row.Id, { accountSalesforceId: row.AccountId ?? null, website: blankToNull(row.Account?.Website) });
    }
  }
  return found;
}

const AccountWebsiteRecord = z.object({ Id: SalesforceIdSchema, Website: z.string().nullish() });

/** An Account's Website: null when empty, undefined when there is no such Account. */
export async function fetchAccountWebsite(connection: Connection, accountId: string): Promise<string | null | undefined> {
  const [row] = await queryAll(connection, soql`SELECT Id, Website FROM Account WHERE Id = ${accountId}`, AccountWebsiteRecord);
  return row ? blankToNull(row.Website) : undefined;
}

const StageOpportunityRecord = z.object({
  Id: SalesforceIdSchema,
  AccountId: SalesforceIdSchema.nullish(),
  Account: RelatedAccountSchema,
  StageName: z.string(),
  LastStageChangeDate: SalesforceDateTimeSchema.nullish(),
  CreatedDate: SalesforceDateTimeSchema,
  SystemModstamp: SalesforceDateTimeSchema,
});
export type StageOpportunity = z.output<typeof StageOpportunityRecord>;

/**
 * Opportunities in one of `stages` modified at or after `since`, oldest modification first.
 * `>=` rather than `>`: SystemModstamp has one-second precision, and edits within the second
 * of the cursor must not be missed (the repeats collapse in the trigger table).
 */
export async function fetchOpportunitiesInStages(connection: Connection, stages: readonly string[], since: Date): Promise<StageOpportunity[]> {
  const statement = soql`SELECT Id, AccountId, Account.Website, StageName, LastStageChangeDate, CreatedDate, SystemModstamp FROM Opportunity WHERE StageName IN ${stages} AND SystemModstamp >= ${since} ORDER BY SystemModstamp ASC`;
  return queryAll(connection, statement, StageOpportunityRecord);
}

function blankToNull(value: string | null | undefined): string | null {
  return value && value.trim() !== '' ? value.trim() : null;
}
