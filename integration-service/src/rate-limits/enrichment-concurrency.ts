import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';

/** Seconds a caller refused by the concurrency cap is told to wait before asking again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Refuses a new enrichment while `userId` already has `cap` queued or running ones on other
 * domains (429 `rate_limited` with a Retry-After). Joining the running job of the same domain
 * is always free: it costs nothing. `cap` 0 turns the check off.
 */
export async function enforceEnrichmentConcurrency(db: Db, options: { userId: string; domain: string; cap: number; setRetryAfter: (seconds: number) => void }): Promise<void> {
  if (options.cap === 0) return;
  const active = await db
    .selectFrom('enrichment_jobs')
    .select(['domain'])
    .where('requested_by_user_id', '=', options.userId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  if (active.some((job) => job.domain === options.domain)) return;
  if (active.length >= options.cap) {
    options.setRetryAfter(RETRY_AFTER_SECONDS);
    throw new AppError('rate_limited', 429, `You already have ${active.length} enrichments running (at most ${options.cap} at once); try again when one finishes`, {
      running: active.length,
      cap: options.cap,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }
}
