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
  const active = await findActiveEnrichmentDomains(db, options.userId);
  if (active.includes(options.domain)) return;
  if (active.length >= options.cap) {
    options.setRetryAfter(RETRY_AFTER_SECONDS);
    throw concurrencyCapReached(active.length, options.cap);
  }
}

/**
 * The batch form of the cap: which of `domains` (distinct, canonical) `userId` may start now, in
 * order, and the refusal for the rest. The user's active domains are free; each other domain
 * takes one of the `cap` slots left. `cap` 0: every domain is admitted.
 */
export async function admitEnrichmentsUnderCap(db: Db, options: { userId: string; domains: readonly string[]; cap: number }): Promise<{ admitted: string[]; refused: string[]; refusal?: AppError }> {
  if (options.cap === 0) return { admitted: [...options.domains], refused: [] };
  const active = await findActiveEnrichmentDomains(db, options.userId);
  let slots = options.cap - active.length;
  const admitted: string[] = [];
  const refused: string[] = [];
  for (const domain of options.domains) {
    if (active.includes(domain)) admitted.push(domain);
    else if (slots > 0) {
      slots -= 1;
      admitted.push(domain);
    } else refused.push(domain);
  }
  // Counted with the ones this batch starts: those fill the slots too.
  const running = active.length + admitted.filter((domain) => !active.includes(domain)).length;
  return { admitted, refused, ...(refused.length > 0 ? { refusal: concurrencyCapReached(running, options.cap) } : {}) };
}

async function findActiveEnrichmentDomains(db: Db, userId: string): Promise<string[]> {
  const active = await db.selectFrom('enrichment_jobs').select(['domain']).where('requested_by_user_id', '=', userId).where('status', 'in', ['queued', 'running']).execute();
  return active.map((job) => job.domain);
}

function concurrencyCapReached(running: number, cap: number): AppError {
  return new AppError('rate_limited', 429, `You already have ${running} enrichments running (at most ${cap} at once); try again when one finishes`, {
    running,
    cap,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}
