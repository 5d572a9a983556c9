import { normalizeDomain } from '@partnerforge/shared/domain';
import type { Db } from '../database/database.ts';
import type { Logger } from '../logging/logger.ts';
import { type PulledAccount, applyPulledAccounts } from './pulled-accounts.repository.ts';
import { type BulkQueryOptions, type QueryPage, type SalesforceRecord, bulkQueryPages, queryPages } from './query-records.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { isSalesforceError } from './salesforce-error.ts';
import { soql, soqlRaw } from './soql.ts';
import { ACCOUNTS_PULL_KEY, readSyncState, saveSyncCursor } from './sync-state.repository.ts';

export interface PullDependencies {
  db: Db;
  client: SalesforceClient;
  /** SOQL condition choosing prospect Accounts (SALESFORCE_PROSPECT_FILTER). */
  prospectFilter: string;
  /** Above this many matches the pull switches to a Bulk API 2.0 query job. */
  bulkThreshold: number;
  bulk?: BulkQueryOptions;
  logger?: Logger;
}

export interface PullOptions {
  /** Ignore the stored cursor and read every prospect. */
  full?: boolean;
  urgent?: boolean;
  onProgress?: (progress: { read: number; total: number | undefined }) => void;
}

export interface SkippedAccount {
  salesforceId: string;
  name: string | null;
  website: string | null;
  reason: string;
}

export interface PullSummary {
  mode: 'rest' | 'bulk';
  full: boolean;
  read: number;
  created: number;
  linked: number;
  updated: number;
  unchanged: number;
  /** Accounts without a website we can turn into a domain: not stored, reported here. */
  withoutWebsite: SkippedAccount[];
  /** Accounts whose domain another Salesforce Account already holds. */
  duplicateDomain: SkippedAccount[];
  apiCalls: number;
  /** SystemModstamp the next incremental pull starts from (inclusive). */
  cursor: string | null;
  /** Set when the API budget paused the pull before it finished; the cursor keeps what was done. */
  paused?: string;
}

const FIELDS = soqlRaw('Id, Name, Website, OwnerId, BillingCountry, SystemModstamp');

/** SOQL datetimes come as 2026-11-22T10:00:00.000+0000; JavaScript wants +00:00. */
export function parseSalesforceDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Pulls prospect Accounts into `accounts`: incremental from the stored SystemModstamp cursor
 * (inclusive — Salesforce stamps to the second, so `>` would miss a second edit in the same
 * second; what is read again is compared and costs no write), REST pages below the Bulk
 * threshold and a Bulk API 2.0 job above it. Website becomes the account's domain.
 */
export async function pullProspects(deps: PullDependencies, options: PullOptions = {}): Promise<PullSummary> {
  const { db, client } = deps;
  const full = options.full ?? false;
  const state = full ? undefined : await readSyncState(db, ACCOUNTS_PULL_KEY);
  const since = parseSalesforceDateTime(state?.cursor ?? undefined);
  const where = since ? soql`(${soqlRaw(deps.prospectFilter)}) AND SystemModstamp >= ${since}` : soql`(${soqlRaw(deps.prospectFilter)})`;
  const callsBefore = client.calls();
  const summary: PullSummary = { mode: 'rest', full, read: 0, created: 0, linked: 0, updated: 0, unchanged: 0, withoutWebsite: [], duplicateDomain: [], apiCalls: 0, cursor: state?.cursor ?? null };
  let newest = since;

  async function store(page: QueryPage): Promise<void> {
    const accounts: PulledAccount[] = [];
    const domains = new Set<string>();
    for (const record of page.records) {
      summary.read += 1;
      const stamp = parseSalesforceDateTime(record.SystemModstamp);
      if (stamp && (!newest || stamp > newest)) newest = stamp;
      const account = toPulledAccount(record);
      if ('reason' in account) summary.withoutWebsite.push(account);
      else if (domains.has(account.domain)) summary.duplicateDomain.push(skipped(account, `another Account in this pull has ${account.domain}`));
      else {
        domains.add(account.domain);
        accounts.push(account);
      }
    }
    const result = await applyPulledAccounts(db, accounts);
    summary.created += result.created;
    summary.linked += result.linked;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    summary.duplicateDomain.push(...result.duplicateDomain.map((a) => skipped(a, `another Salesforce Account already has ${a.domain}`)));
    options.onProgress?.({ read: summary.read, total: page.totalSize });
  }
  const saveCursor = async () => {
    summary.cursor = newest?.toISOString() ?? null;
    if (summary.cursor) await saveSyncCursor(db, ACCOUNTS_PULL_KEY, summary.cursor);
  };

  try {
    let useBulk = false;
    await queryPages(
      client,
      soql`SELECT ${FIELDS} FROM Account WHERE ${soqlRaw(where)} ORDER BY SystemModstamp, Id`,
      async (page) => {
        if (summary.read === 0 && (page.totalSize ?? 0) > deps.bulkThreshold) {
          useBulk = true;
          return 'stop';
        }
        await store(page);
        // Pages come in SystemModstamp order, so everything up to here is done for good.
        await saveCursor();
      },
      { urgent: options.urgent },
    );
    if (useBulk) {
      summary.mode = 'bulk';
      // Bulk results carry no order guarantee: the cursor moves once the whole job is stored.
      await bulkQueryPages(client, soql`SELECT ${FIELDS} FROM Account WHERE ${soqlRaw(where)}`, store, { ...deps.bulk, urgent: options.urgent });
      await saveCursor();
    }
  } catch (error) {
    if (!isSalesforceError(error) || error.code !== 'limit_paused') throw error;
    summary.paused = error.message;
    deps.logger?.warn({ read: summary.read }, 'salesforce pull paused by the API budget');
  }
  summary.apiCalls = client.calls() - callsBefore;
  return summary;
}

function toPulledAccount(record: SalesforceRecord): PulledAccount | SkippedAccount {
  const website = text(record.Website);
  const name = text(record.Name);
  if (!website) return { salesforceId: record.Id, name, website: null, reason: 'no Website' };
  const normalized = normalizeDomain(website);
  if (!normalized.ok) return { salesforceId: record.Id, name, website, reason: normalized.reason };
  return { salesforceId: record.Id, domain: normalized.domain, name, website, ownerId: text(record.OwnerId), country: text(record.BillingCountry) };
}

function skipped(account: PulledAccount, reason: string): SkippedAccount {
  return { salesforceId: account.salesforceId, name: account.name, website: account.website, reason };
}
