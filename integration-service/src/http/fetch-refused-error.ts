/** Why the safe fetcher refused or aborted a fetch. */
export type FetchRefusedCode =
  | 'blocked_address'
  | 'too_many_redirects'
  | 'body_too_large'
  | 'timeout'
  | 'bad_url'
  | 'bad_scheme';

const MARKER = Symbol.for('partnerforge.FetchRefusedError');

/**
 * A fetch the SSRF guard or a cap stopped. Permanent for the given URL (no retry fixes a
 * blocked address), except `timeout`. Carries a marker property so `isFetchRefusedError`
 * works across duplicate package copies, as cockatiel's errors do.
 */
export class FetchRefusedError extends Error {
  override readonly name = 'FetchRefusedError';
  readonly [MARKER] = true;

  constructor(
    readonly code: FetchRefusedCode,
    message: string,
    /** The URL being fetched when refused (a redirect target, for redirect refusals). */
    readonly url?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Type guard for {@link FetchRefusedError}, by marker rather than `instanceof`. */
export function isFetchRefusedError(error: unknown): error is FetchRefusedError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
}
