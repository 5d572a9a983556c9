import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type AlertDeliveryJob, AlertDeliveryJobSchema } from '@partnerforge/shared/schemas';
import type { AccountActivityStore } from '../activity/account-activity.ts';
import { buildAlertMessage, buildDigestMessage } from '../views/alert-builder.ts';
import type { SlackMessage } from '../views/intel-card-builder.ts';
import type { ChannelRateLimiter } from './channel-rate-limiter.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';
import { deliveryKey, destinationOf } from './destination.ts';
import type { DigestStore } from './digest-store.ts';
import { SlackRateLimitedError, type SlackPoster } from './slack-poster.ts';

/** The payload is not an alert: no retry can fix it. */
export class InvalidAlertError extends Error {
  readonly isInvalidAlert = true;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAlertError';
  }
}

/** The channel is busy for longer than is worth holding a worker slot: try again after `delayMs`. */
export class DeferDeliveryError extends Error {
  readonly isDeferDelivery = true;
  constructor(readonly delayMs: number, reason: string) {
    super(reason);
    this.name = 'DeferDeliveryError';
  }
}

export interface AlertDeliveryDependencies {
  poster: SlackPoster;
  ledger: DeliveryLedger;
  digests: DigestStore;
  limiter: ChannelRateLimiter;
  activity: AccountActivityStore;
  logger: Logger;
  /** Longest wait for a channel's next slot inside a job, ms; longer waits delay the job instead. */
  maxInlineWaitMs?: number;
  /** How long one delivery holds its sending lock, ms (longer than a post can take). */
  lockTtlMs?: number;
}

export type DeliveryResult = 'posted' | 'duplicate' | 'in_digest';

export function parseAlert(data: unknown): AlertDeliveryJob {
  const parsed = AlertDeliveryJobSchema.safeParse(data);
  if (!parsed.success) throw new InvalidAlertError(`Invalid alerts.deliver payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Waits for the channel's next slot (≈1 message/s per channel), then posts. */
async function postRateLimited(deps: AlertDeliveryDependencies, channelId: string, message: SlackMessage): Promise<{ ts: string }> {
  const maxInlineWaitMs = deps.maxInlineWaitMs ?? 5_000;
  for (;;) {
    const waitMs = await deps.limiter.claim(channelId);
    if (waitMs === 0) break;
    if (waitMs > maxInlineWaitMs) throw new DeferDeliveryError(waitMs, `channel ${channelId} is busy`);
    await sleep(waitMs);
  }
  try {
    const posted = await deps.poster.post(channelId, message);
    // Best effort: once Slack has the message, nothing may fail the job (a retry would repost).
    await deps.limiter.sent(channelId).catch((error: unknown) => deps.logger.warn({ err: error, channelId }, 'could not stamp the channel limiter'));
    return posted;
  } catch (error) {
    if (error instanceof SlackRateLimitedError) await deps.limiter.block(channelId, error.retryAfterMs);
    throw error;
  }
}

/**
 * Handles one `alerts.deliver` job: an immediate alert is posted once per destination (checked
 * before, recorded after a successful post, locked while posting); a digest alert joins its
 * destination's daily digest. Throws the errors the worker maps onto BullMQ outcomes.
 */
export async function deliverAlert(deps: AlertDeliveryDependencies, data: unknown): Promise<DeliveryResult> {
  const alert = parseAlert(data);
  const key = deliveryKey(alert);
  const log = deps.logger.child({ alertId: alert.alertId, dedupeKey: alert.dedupeKey });
  const occurredAt = alert.occurredAt ?? new Date().toISOString();
  await deps.activity
    .recordChange({ dedupeKey: alert.dedupeKey, domain: alert.domain, category: alert.category, significance: alert.significance, title: alert.title, occurredAt })
    .catch((error: unknown) => log.warn({ err: error }, 'could not record the change'));

  if (await deps.ledger.isDelivered(key)) {
    log.info('alert already delivered; skipped');
    return 'duplicate';
  }
  if (alert.frequency === 'daily_digest') {
    const added = await deps.digests.add(alert);
    log.info({ added }, 'alert kept for the daily digest');
    return added ? 'in_digest' : 'duplicate';
  }

  const release = await deps.ledger.lock(key, deps.lockTtlMs ?? 60_000);
  if (!release) throw new DeferDeliveryError(1_000, 'another run is delivering this alert');
  try {
    // Checked again under the lock: the other run may have finished in between.
    if (await deps.ledger.isDelivered(key)) return 'duplicate';
    const { channelId, slackUserId } = await deps.poster.resolveChannel(destinationOf(alert));
    const { ts } = await postRateLimited(deps, channelId, buildAlertMessage(alert));
    await deps.ledger.markDelivered(key, { channelId, ts, deliveredAt: new Date().toISOString() });
    // The recipient's App Home lists accounts they were alerted about.
    const recipient = slackUserId ?? alert.recipient.slackUserId;
    if (recipient) await deps.activity.recordInterest(recipient, alert.domain).catch(() => undefined);
    log.info({ channelId, ts }, 'alert posted');
    return 'posted';
  } finally {
    await release();
  }
}

/**
 * Posts every pending daily digest, one message per destination, skipping alerts delivered
 * meanwhile. A destination that fails keeps its entries for the next run; the others are done.
 */
export async function postDigests(deps: AlertDeliveryDependencies, day: string): Promise<{ posted: number; failed: number }> {
  let posted = 0;
  let failed = 0;
  let rateLimited: SlackRateLimitedError | undefined;
  for (const destination of await deps.digests.destinations()) {
    const log = deps.logger.child({ destination });
    const { alerts, count } = await deps.digests.pending(destination);
    const fresh: AlertDeliveryJob[] = [];
    for (const alert of alerts) if (!(await deps.ledger.isDelivered(deliveryKey(alert)))) fresh.push(alert);
    try {
      const first = fresh[0];
      if (first) {
        const { channelId } = await deps.poster.resolveChannel(destinationOf(first));
        const { ts } = await postRateLimited({ ...deps, maxInlineWaitMs: Number.POSITIVE_INFINITY }, channelId, buildDigestMessage(fresh, day));
        for (const alert of fresh) await deps.ledger.markDelivered(deliveryKey(alert), { channelId, ts, digest: day, deliveredAt: new Date().toISOString() });
        posted += 1;
        log.info({ alerts: fresh.length, channelId }, 'digest posted');
      }
      await deps.digests.take(destination, count);
    } catch (error) {
      failed += 1;
      log.error({ err: error }, 'digest not posted; kept for the next run');
      if (error instanceof SlackRateLimitedError) {
        rateLimited = error;
        break;
      }
    }
  }
  if (rateLimited) throw rateLimited;
  return { posted, failed };
}
