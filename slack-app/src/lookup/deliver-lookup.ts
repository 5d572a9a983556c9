import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { isPartnerForgeApiError } from '@partnerforge/shared/client';
import type { EnrichmentJob } from '@partnerforge/shared/schemas';
import { visibleIntelFor } from '../access/role-visibility.ts';
import type { AccountActivityStore } from '../activity/account-activity.ts';
import type { SlackUserDirectory } from '../users/slack-user-directory.ts';
import { buildIntelCard } from '../views/intel-card-builder.ts';
import {
  type EphemeralMessage,
  buildBudgetMessage,
  buildEnrichmentFailedMessage,
  buildProgressMessage,
  buildServiceErrorMessage,
  buildStillRunningMessage,
  buildUnknownUserMessage,
} from '../views/messages-builder.ts';
import { type AccountLookup, hitBudgetCap } from './account-lookup.ts';
import type { CardLinks } from './card-links.ts';

/** What answering a lookup needs; built once in app.ts. */
export interface LookupContext {
  users: SlackUserDirectory;
  lookup: AccountLookup;
  activity: AccountActivityStore;
  links: CardLinks;
  /** Least time between two progress updates, ms. */
  progressIntervalMs: number;
  logger: Logger;
  now?: () => Date;
}

export interface LookupDelivery {
  client: webApi.WebClient;
  slackUserId: string;
  domain: string;
  respond: RespondFn;
  force?: boolean;
}

/** A `response_url` takes 5 messages in 30 minutes: progress may use 3, the answer always has one. */
const MAX_RESPONSES = 5;
const MAX_PROGRESS_UPDATES = 3;

type Message = EphemeralMessage | (Omit<EphemeralMessage, 'text'> & ReturnType<typeof buildIntelCard>);

/**
 * Answers a lookup through `respond()` after the ack: resolves the Slack user, fetches or
 * enriches the intel (with throttled progress updates), filters it for the user's role and
 * posts the card, or says clearly why not. Never throws.
 */
export async function deliverLookup(ctx: LookupContext, delivery: LookupDelivery): Promise<void> {
  const log = ctx.logger.child({ slackUserId: delivery.slackUserId, domain: delivery.domain });
  const now = ctx.now ?? (() => new Date());
  let posted = 0;
  let progressUpdates = 0;
  let lastPostAt = now().getTime();
  let chain: Promise<unknown> = Promise.resolve();
  // Posts in order, one at a time; a failed post is logged, never fatal to the lookup.
  const post = (message: Message) => {
    posted += 1;
    lastPostAt = now().getTime();
    chain = chain.then(() => delivery.respond(message)).catch((error: unknown) => log.warn({ err: error }, 'could not post to response_url'));
    return chain;
  };
  const progress = (job: EnrichmentJob) => {
    const due = now().getTime() - lastPostAt >= ctx.progressIntervalMs;
    if (due && progressUpdates < MAX_PROGRESS_UPDATES && posted < MAX_RESPONSES - 1) {
      progressUpdates += 1;
      void post(buildProgressMessage(job));
    }
  };

  try {
    const identity = await ctx.users.resolve(delivery.client, delivery.slackUserId);
    if (identity.kind === 'unknown') {
      // No e-mail address in the log: it is personal data, and the Slack id finds the person.
      log.info({ hasEmail: Boolean(identity.email) }, 'lookup by an unknown user');
      await post(buildUnknownUserMessage(identity.email));
      return;
    }
    ctx.activity.recordInterest(delivery.slackUserId, delivery.domain).catch((error: unknown) => log.warn({ err: error }, 'could not record interest'));

    const outcome = await ctx.lookup.lookup({ domain: delivery.domain, force: delivery.force, onProgress: progress, actingForUserId: identity.user.id });
    const role = identity.user.role;
    const card = async (intel: Parameters<typeof visibleIntelFor>[0], notes: string[]) => {
      const changes = await ctx.activity.recentChanges(intel.domain, 3).catch((error: unknown) => {
        log.warn({ err: error }, 'could not read recent changes');
        return [];
      });
      const message = buildIntelCard({ intel: visibleIntelFor(intel, role), changes, links: ctx.links(intel.domain), notes, now: now() });
      return post({ response_type: 'ephemeral', replace_original: true, ...message });
    };

    switch (outcome.kind) {
      case 'intel':
        log.info({ enriched: Boolean(outcome.job), role }, 'lookup answered');
        await card(outcome.intel, outcome.job ? notesFor(outcome.job) : []);
        return;
      case 'budget':
        if (outcome.staleIntel) await card(outcome.staleIntel, [':money_with_wings: Not refreshed: your team\'s PartnerForge budget cap is reached.']);
        else await post(buildBudgetMessage(delivery.domain));
        return;
      case 'failed':
        log.warn({ jobId: outcome.job.jobId, modules: outcome.job.modules }, 'enrichment failed');
        if (outcome.staleIntel) await card(outcome.staleIntel, [':warning: The refresh failed; this is the last known intel.']);
        else await post(buildEnrichmentFailedMessage(outcome.job));
        return;
      case 'still_running':
        await post(buildStillRunningMessage(delivery.domain));
        return;
    }
  } catch (error) {
    if (isPartnerForgeApiError(error)) {
      log.warn({ code: error.code, status: error.status }, 'lookup refused by the service');
      await post(buildServiceErrorMessage(delivery.domain, error.code, error.message));
      return;
    }
    log.error({ err: error }, 'lookup failed');
    await post(buildServiceErrorMessage(delivery.domain, 'internal'));
  }
}

/** Why parts of a card may be missing after an enrichment that did not fully complete. */
function notesFor(job: EnrichmentJob): string[] {
  if (job.status !== 'partial') return [];
  if (hitBudgetCap(job)) return [':money_with_wings: Paid sources were skipped: your team\'s PartnerForge budget cap is reached.'];
  const failed = Object.entries(job.modules)
    .filter(([, run]) => run.status === 'failed')
    .map(([id]) => id);
  return failed.length > 0 ? [`:warning: Some sources failed this time (${failed.join(', ')}); Re-enrich to try again.`] : [];
}
