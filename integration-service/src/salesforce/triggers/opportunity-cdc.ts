import type { Connection } from 'jsforce';
import type { Db } from '../../database/database.ts';
import type { Logger } from '../../logging/logger.ts';
import { OpportunityChangeEventSchema, stageEntered } from './change-event.schema.ts';
import { type CometdMessage, replayFromExtension, sessionEndedExtension } from './cometd-extensions.ts';
import { fetchOpportunityAccounts } from './opportunity-queries.ts';
import { SalesforceIdSchema } from './salesforce-id.ts';
import { isTriggerStage, type StageMove, type StageMoveResult } from './stage-move.ts';
import { CDC_STATE_KEY, readSyncState, saveReplayId } from '../sync-state.repository.ts';

export const OPPORTUNITY_CHANGE_CHANNEL = '/data/OpportunityChangeEvent';
/** Replay id meaning "only events published from now on". */
const NEW_EVENTS_ONLY = -1;
/** Replay id meaning "every event still retained (72 h)". */
const ALL_RETAINED = -2;

export interface OpportunityCdcOptions {
  db: Db;
  connection: Connection;
  stages: readonly string[];
  handleMove(move: StageMove): Promise<StageMoveResult>;
  logger: Logger;
  /** Waits before handling a failed event again, ms: one entry per retry (default 1 s, 5 s). */
  retryDelaysMs?: readonly number[];
  /** Wait before subscribing again after Salesforce ended the session, ms (default 30 s). */
  resubscribeDelayMs?: number;
}

interface FayeSubscription extends PromiseLike<void> {
  cancel(): void;
}
interface FayeClient {
  subscribe(channel: string, listener: (data: unknown) => void): FayeSubscription;
  disconnect(): void;
}

/**
 * Subscribes to Opportunity Change Data Capture through jsforce's CometD client. Events are
 * handled one at a time in order; after each, its replay id is stored in salesforce_sync_state
 * (`opportunities.cdc`), and a restarted process resumes after the last one handled. Events
 * that are not stage moves into a trigger stage only move the replay id.
 */
export async function startOpportunityCdc(options: OpportunityCdcOptions): Promise<{ stop(): Promise<void> }> {
  const { db, connection } = options;
  const log = options.logger.child({ stream: CDC_STATE_KEY, channel: OPPORTUNITY_CHANGE_CHANNEL });
  const stored = (await readSyncState(db, CDC_STATE_KEY))?.replayId;
  let lastHandled = stored ? Number(stored) : NEW_EVENTS_ONLY;
  let replayFrom = lastHandled;
  let queue: Promise<void> = Promise.resolve();
  let client: FayeClient | undefined;
  let subscription: FayeSubscription | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const handleEvent = async (data: unknown) => {
    const parsed = OpportunityChangeEventSchema.safeParse(data);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.slice(0, 5) }, 'change event of an unexpected shape skipped');
      return;
    }
    const event = parsed.data;
    const replayId = event.event.replayId;
    // Replay ids grow along the channel: one at or below the last handled is a redelivery.
    if (replayId <= lastHandled) {
      log.debug({ replayId }, 'change event redelivered; already handled');
      return;
    }
    const stage = stageEntered(event);
    if (stage && isTriggerStage(options.stages, stage)) await withRetries(() => handleStageEvent(options, event, stage), options.retryDelaysMs ?? [1000, 5000], log, replayId);
    lastHandled = replayId;
    replayFrom = replayId;
    await saveReplayId(db, CDC_STATE_KEY, String(replayId));
  };

  const subscribe = () => {
    // A new client per subscription: it handshakes with the connection's current token.
    const fresh = connection.streaming.createClient([
      replayFromExtension(OPPORTUNITY_CHANGE_CHANNEL, () => replayFrom),
      sessionEndedExtension((message) => sessionEnded(message)),
    ]) as unknown as FayeClient;
    client = fresh;
    subscription = fresh.subscribe(OPPORTUNITY_CHANGE_CHANNEL, (data) => {
      queue = queue.then(() => handleEvent(data)).catch((error: unknown) => log.error({ err: error }, 'change event could not be recorded'));
    });
    subscription.then(
      () => log.info({ replayFrom }, 'subscribed to opportunity change events'),
      (error: unknown) => subscriptionRefused(error),
    );
  };

  const restartLater = (delayMs = options.resubscribeDelayMs ?? 30_000) => {
    client?.disconnect();
    client = undefined;
    if (stopped) return;
    retryTimer = setTimeout(subscribe, delayMs);
  };

  const sessionEnded = (message: CometdMessage) => {
    log.error({ error: message.error, failure: (message.ext?.sfdc as { failureReason?: string } | undefined)?.failureReason }, 'Salesforce ended the streaming session; subscribing again later');
    restartLater();
  };

  const subscriptionRefused = (error: unknown) => {
    const text = String((error as { message?: unknown })?.message ?? error);
    // Stored replay ids expire with the events (72 h): then take everything still retained;
    // moves already handled collapse in the trigger table.
    if (/replay ?id/i.test(text) && replayFrom !== ALL_RETAINED) {
      log.warn({ replayFrom, error: text }, 'stored replay id no longer valid; replaying every retained event');
      replayFrom = ALL_RETAINED;
      restartLater(0);
      return;
    }
    log.error({ error: text }, 'subscribing to opportunity change events failed; trying again later');
    restartLater();
  };

  subscribe();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      subscription?.cancel();
      client?.disconnect();
      await queue;
    },
  };
}

/** Enriches the Account of every Opportunity the event names (a bulk change names several). */
async function handleStageEvent(options: OpportunityCdcOptions, event: ReturnType<typeof OpportunityChangeEventSchema.parse>, stageName: string): Promise<void> {
  const header = event.payload.ChangeEventHeader;
  const ids = header.recordIds.flatMap((id) => {
    const parsed = SalesforceIdSchema.safeParse(id);
    if (!parsed.success) options.logger.warn({ recordId: id.slice(0, 40), replayId: event.event.replayId }, 'change event names an invalid record id');
    return parsed.success ? [parsed.data] : [];
  });
  if (ids.length === 0) return;
  // The event has no AccountId unless it changed: one query finds the Accounts of all.
  const accounts = await fetchOpportunityAccounts(options.connection, ids);
  for (const opportunityId of ids) {
    const account = accounts.get(opportunityId);
    if (!account?.accountSalesforceId) continue;
    await options.handleMove({
      opportunityId,
      accountSalesforceId: account.accountSalesforceId,
      website: account.website ?? undefined,
      stageName,
      changedAt: new Date(header.commitTimestamp),
      source: 'cdc',
      eventKey: `replay-${event.event.replayId}`,
    });
  }
}

async function withRetries(run: () => Promise<void>, delaysMs: readonly number[], log: Logger, replayId: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await run();
      return;
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined) {
        // Moving on keeps the stream alive; the polling fallback still sees the Opportunity.
        log.error({ err: error, replayId }, 'stage change event failed on every attempt; skipped');
        return;
      }
      log.warn({ err: error, replayId, attempt: attempt + 1 }, 'stage change event failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
