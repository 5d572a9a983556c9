import type { BriefLinks } from '../briefs/brief-links.ts';
import type { Db } from '../database/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { FieldMapping, PushField } from './field-mapping.ts';
import { intelForPush } from './push-intel.repository.ts';
import { type PushCandidate, type PushOutcome, findPushCandidates, savePushOutcomes } from './push-state.repository.ts';
import { type PushValue, changedFields, computePushValues } from './push-values.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { isSalesforceError } from './salesforce-error.ts';

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_SIZE = 200;
const PAGE = 1_000;
const DAY_MS = 86_400_000;

export interface PushDependencies {
  db: Db;
  client: SalesforceClient;
  briefLinks: BriefLinks;
  fieldMapping: FieldMapping;
  /** First retry delay of a refused record, ms; doubles per failure, capped at a day. */
  retryBaseMs: number;
  /** Renew a pushed brief link when it expires sooner than this, ms (default 30 days). */
  briefRenewBeforeMs?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface PushOptions {
  /** Only these accounts (uuids), even when in backoff; default every account with a Salesforce id. */
  accountIds?: readonly string[];
  /** A stage-triggered push: goes out while non-urgent sync is paused by the API budget share. */
  urgent?: boolean;
  onProgress?: (progress: { examined: number; written: number; failed: number }) => void;
}

export interface PushFailure {
  accountId: string;
  salesforceId: string;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

export interface PushSummary {
  /** Accounts compared with their last pushed values. */
  examined: number;
  /** Accounts Salesforce accepted. */
  written: number;
  /** Accounts whose fields already say what they should: no call. */
  unchanged: number;
  failed: number;
  /** The first 50 refusals with Salesforce's codes (all are stored in salesforce_push_state). */
  failures: PushFailure[];
  apiCalls: number;
  paused?: string;
}

interface PendingRecord {
  candidate: PushCandidate;
  changed: Partial<Record<PushField, PushValue>>;
}

interface CollectionResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

/**
 * Writes the PartnerForge fields of accounts to their Salesforce Accounts: only the fields of
 * the mapping, only values that differ from the last pushed ones, 200 records per sObject
 * Collections call with allOrNone false, so a refused record does not hold back the others. Each
 * refusal is stored with its codes and retried after a doubling backoff (next_attempt_at).
 */
export async function pushAccountFields(deps: PushDependencies, options: PushOptions = {}): Promise<PushSummary> {
  const { db, client } = deps;
  const now = deps.now?.() ?? new Date();
  const callsBefore = client.calls();
  const summary: PushSummary = { examined: 0, written: 0, unchanged: 0, failed: 0, failures: [], apiCalls: 0 };
  const changeOptions = { briefLinks: deps.briefLinks, briefRenewBeforeMs: deps.briefRenewBeforeMs ?? 30 * DAY_MS, now };
  let pending: PendingRecord[] = [];

  async function flush(): Promise<void> {
    const batch = pending.splice(0, COLLECTION_SIZE);
    if (batch.length === 0) return;
    const records = batch.map(({ candidate, changed }) => ({
      attributes: { type: 'Account' },
      id: candidate.salesforce_id,
      ...Object.fromEntries(Object.entries(changed).map(([field, value]) => [deps.fieldMapping[field as PushField], value])),
    }));
    const { body } = await client.request<CollectionResult[]>(
      { method: 'PATCH', url: '/composite/sobjects', body: { allOrNone: false, records } },
      { operation: 'collections', urgent: options.urgent },
    );
    // Results come in the order of the records sent.
    const outcomes = batch.map(({ candidate, changed }, i): PushOutcome => {
      const result = body[i] ?? { success: false, errors: [{ statusCode: 'NO_RESULT', message: 'Salesforce returned no result for this record' }] };
      if (result.success) {
        summary.written += 1;
        return { accountId: candidate.id, salesforceId: candidate.salesforce_id, lastPushed: { ...candidate.last_pushed, ...changed }, pushedAt: now, error: null, errorCount: 0, nextAttemptAt: null };
      }
      const errors = result.errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: e.fields ?? [] }));
      summary.failed += 1;
      if (summary.failures.length < 50) summary.failures.push({ accountId: candidate.id, salesforceId: candidate.salesforce_id, errors });
      const errorCount = candidate.error_count + 1;
      const delay = Math.min(DAY_MS, deps.retryBaseMs * 2 ** (errorCount - 1));
      return {
        accountId: candidate.id,
        salesforceId: candidate.salesforce_id,
        lastPushed: candidate.last_pushed,
        pushedAt: null,
        error: { errors, at: now.toISOString() },
        errorCount,
        nextAttemptAt: new Date(now.getTime() + delay),
      };
    });
    await savePushOutcomes(db, outcomes, now);
  }

  try {
    let after: string | undefined;
    for (;;) {
      const candidates = await findPushCandidates(db, { after, limit: PAGE, accountIds: options.accountIds, now });
      if (candidates.length === 0) break;
      after = candidates.at(-1)?.id;
      const intel = await intelForPush(db, candidates.map((c) => c.domain));
      for (const candidate of candidates) {
        summary.examined += 1;
        const desired = computePushValues(candidate, intel.get(candidate.domain), deps.briefLinks);
        const changed = changedFields(desired, candidate.last_pushed, candidate.domain, changeOptions);
        if (Object.keys(changed).length === 0) summary.unchanged += 1;
        else pending.push({ candidate, changed });
        if (pending.length >= COLLECTION_SIZE) await flush();
      }
      options.onProgress?.({ examined: summary.examined, written: summary.written, failed: summary.failed });
      if (candidates.length < PAGE) break;
    }
    while (pending.length > 0) await flush();
  } catch (error) {
    if (!isSalesforceError(error) || error.code !== 'limit_paused') throw error;
    summary.paused = error.message;
    pending = [];
    deps.logger?.warn({ written: summary.written }, 'salesforce push paused by the API budget');
  }
  options.onProgress?.({ examined: summary.examined, written: summary.written, failed: summary.failed });
  summary.apiCalls = client.calls() - callsBefore;
  return summary;
}
