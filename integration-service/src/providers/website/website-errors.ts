import { isFetchRefusedError } from '../../http/fetch-refused-error.ts';
import { ProviderError } from '../resilience/provider-error.ts';
import { isHomepageUnavailableError } from './homepage.ts';

/** The provider name on results, errors, metrics and rate limits. */
export const WEBSITE = 'website';

/**
 * The ProviderError a failed homepage read becomes, so the policy retries what may recover (no
 * answer, 5xx, 429, a timeout) and gives up on what will not (a refused address, a redirect
 * loop, an oversized page, 4xx, a malformed domain). Other errors pass through unchanged.
 */
export function toWebsiteProviderError(error: unknown): unknown {
  if (isFetchRefusedError(error)) {
    if (error.code === 'timeout') return new ProviderError(WEBSITE, 'timeout', error.message, { cause: error });
    return new ProviderError(WEBSITE, 'bad_request', `Refused to read the site: ${error.message}`, { cause: error, retryable: false });
  }
  if (!isHomepageUnavailableError(error)) return error;
  const { status } = error;
  switch (error.code) {
    case 'invalid_domain':
      return new ProviderError(WEBSITE, 'bad_request', error.message, { cause: error });
    case 'unreachable':
      // A domain that resolves nowhere has no website to read: no retry will change that.
      if (error.attempts.length > 0 && error.attempts.every((attempt) => attempt.error?.startsWith('ENOTFOUND') === true)) {
        return new ProviderError(WEBSITE, 'not_found', error.message, { cause: error, retryable: false });
      }
      return new ProviderError(WEBSITE, 'network', error.message, { cause: error });
    case 'error_status':
      if (status === 429) return new ProviderError(WEBSITE, 'rate_limited', error.message, { status, cause: error });
      if (status !== undefined && status >= 500) return new ProviderError(WEBSITE, 'server_error', error.message, { status, cause: error });
      if (status === 404 || status === 410) return new ProviderError(WEBSITE, 'not_found', error.message, { status, cause: error });
      // 401/403 from a homepage is bot protection, not a key problem: permanent for us.
      return new ProviderError(WEBSITE, 'bad_request', error.message, { status, cause: error });
  }
}
