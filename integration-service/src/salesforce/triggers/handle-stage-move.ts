import { normalizeDomain } from '@partnerforge/shared/domain';
import type { Db } from '../../database/database.ts';
import { resolveDomainInput } from '../../enrichment/domain-input.ts';
import { recordAudit } from '../../audit/audit-trail.ts';
import { requestEnrichment } from '../../enrichment/enrichment.service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logging/logger.ts';
import { type OpportunityAccount } from './opportunity-queries.ts';
import { claimStageMove, recordStageMoveOutcome, releaseStageMove } from './stage-triggers.repository.ts';
import { isTriggerStage, type StageMove, type StageMoveResult } from './stage-move.ts';
import { findAccountBySalesforceId, findOrCreateSalesforceAccount } from './trigger-account.repository.ts';

/** What the funnel reads from Salesforce when a path did not bring it (backed by a jsforce Connection). */
export interface SalesforceLookups {
  opportunityAccount(opportunityId: string): Promise<OpportunityAccount | undefined>;
  /** null when the Website is empty, undefined when there is no such Account. */
  accountWebsite(accountId: string): Promise<string | null | undefined>;
}

export interface StageMoveDependencies {
  db: Db;
  queue: JobQueue;
  /** The stages whose entry triggers enrichment (PF_SALESFORCE_TRIGGER_STAGES). */
  stages: readonly string[];
  /** Absent without a Salesforce connection: then only what the path brought is known. */
  salesforce?: SalesforceLookups;
  logger: Logger;
}

/**
 * The one place the three paths (CDC, polling, Flow webhook) end: a move into a configured
 * stage enriches the Opportunity's Account once. Repeats of a move (redeliveries, retries, two
 * paths seeing one edit) collapse in salesforce_stage_triggers before anything else happens;
 * the enrichment itself is single-flight per domain on top of that. A failure hands the claim
 * back, so the caller's retry (or the next delivery) can act.
 */
export async function handleStageMove(deps: StageMoveDependencies, move: StageMove): Promise<StageMoveResult> {
  if (!isTriggerStage(deps.stages, move.stageName)) return { outcome: 'ignored', reason: 'stage_not_configured' };
  const log = deps.logger.child({ opportunityId: move.opportunityId, stageName: move.stageName, source: move.source, eventKey: move.eventKey });
  if (!(await claimStageMove(deps.db, move))) {
    log.debug('stage move already handled');
    return { outcome: 'duplicate' };
  }
  try {
    const result = await enrichAccountOfMove(deps, move);
    if (result.outcome === 'enqueued') log.info({ accountId: result.accountId, domain: result.domain, jobId: result.jobId, deduplicated: result.deduplicated }, 'stage move enqueued enrichment');
    else log.warn({ outcome: result.outcome }, 'stage move has nothing to enrich');
    return result;
  } catch (error) {
    await releaseStageMove(deps.db, move).catch((releaseError: unknown) => log.error({ err: releaseError }, 'could not release a failed stage move'));
    throw error;
  }
}

async function enrichAccountOfMove(deps: StageMoveDependencies, move: StageMove): Promise<StageMoveResult> {
  let accountSalesforceId = move.accountSalesforceId;
  let website = move.website;
  if (!accountSalesforceId) {
    const found = await lookups(deps).opportunityAccount(move.opportunityId);
    if (!found?.accountSalesforceId) {
      await recordStageMoveOutcome(deps.db, move.opportunityId, { outcome: 'no_account' });
      return { outcome: 'no_account', reason: found ? 'the Opportunity has no Account' : 'Salesforce does not know the Opportunity' };
    }
    accountSalesforceId = found.accountSalesforceId;
    website ??= found.website ?? undefined;
  }

  // An account we already hold keeps its domain (the pull maintains it); otherwise the Website decides.
  const account = (await findAccountBySalesforceId(deps.db, accountSalesforceId)) ?? (await createAccount(deps, accountSalesforceId, website));
  if (!account) {
    await recordStageMoveOutcome(deps.db, move.opportunityId, { outcome: 'no_website', accountSalesforceId });
    return { outcome: 'no_website', accountSalesforceId };
  }
  if (account.salesforceId !== accountSalesforceId) {
    deps.logger.warn({ accountSalesforceId, otherSalesforceId: account.salesforceId, domain: account.domain }, 'two Salesforce Accounts share a domain; enriching the domain once');
  }
  const accepted = await requestEnrichment({ db: deps.db, queue: deps.queue }, { domain: account.domain, trigger: 'salesforce_stage' });
  // As audited as one started through the API; a failure here hands the claim back like any other.
  await recordAudit(deps.db, { via: 'job' }, {
    action: 'enrichment.triggered',
    targetType: 'account',
    targetId: accepted.domain,
    details: { jobId: accepted.jobId, deduplicated: accepted.deduplicated, trigger: 'salesforce_stage', source: move.source, opportunityId: move.opportunityId, stageName: move.stageName, accountSalesforceId },
  });
  await recordStageMoveOutcome(deps.db, move.opportunityId, { outcome: 'enqueued', accountSalesforceId, accountId: account.id, enrichmentJobId: accepted.jobId });
  return { outcome: 'enqueued', jobId: accepted.jobId, accountId: account.id, domain: accepted.domain, deduplicated: accepted.deduplicated };
}

async function createAccount(deps: StageMoveDependencies, salesforceId: string, knownWebsite: string | undefined) {
  const website = knownWebsite ?? (await lookups(deps).accountWebsite(salesforceId)) ?? undefined;
  if (!website) return undefined;
  if (!normalizeDomain(website).ok) return undefined;
  const domain = await resolveDomainInput(deps.db, website);
  return findOrCreateSalesforceAccount(deps.db, { salesforceId, domain, website });
}

function lookups(deps: StageMoveDependencies): SalesforceLookups {
  if (deps.salesforce) return deps.salesforce;
  throw new AppError('unavailable', 503, 'The Account is unknown here and no Salesforce connection is configured to look it up; send accountId and website with the stage change');
}
