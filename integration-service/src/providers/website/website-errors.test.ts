import { describe, expect, it } from 'vitest';
import { FetchRefusedError } from '../../http/fetch-refused-error.ts';
import { isProviderError } from '../resilience/provider-error.ts';
import { HomepageUnavailableError } from './homepage.ts';
import { toWebsiteProviderError } from './website-errors.ts';

const summary = (error: unknown) => (isProviderError(error) ? [error.provider, error.code, error.retryable, error.status] : error);
const unavailable = (code: 'unreachable' | 'error_status', errors: string[], status?: number) =>
  new HomepageUnavailableError(
    code,
    'acme.com',
    errors.map((error, index) => ({ url: `https://acme.com/${index}`, error })),
    status,
  );

describe('toWebsiteProviderError', () => {
  it.each([
    [unavailable('error_status', [], 503), ['website', 'server_error', true, 503]],
    [unavailable('error_status', [], 429), ['website', 'rate_limited', true, 429]],
    [unavailable('error_status', [], 404), ['website', 'not_found', false, 404]],
    [unavailable('error_status', [], 403), ['website', 'bad_request', false, 403]],
    [unavailable('unreachable', ['ECONNREFUSED: connect ECONNREFUSED', 'ENOTFOUND: getaddrinfo ENOTFOUND']), ['website', 'network', true, undefined]],
    [unavailable('unreachable', ['ENOTFOUND: getaddrinfo ENOTFOUND acme.com', 'ENOTFOUND: getaddrinfo ENOTFOUND www.acme.com']), ['website', 'not_found', false, undefined]],
    [new HomepageUnavailableError('invalid_domain', 'acme.com/x', []), ['website', 'bad_request', false, undefined]],
    [new FetchRefusedError('blocked_address', 'Refused http://10.0.0.1/'), ['website', 'bad_request', false, undefined]],
    [new FetchRefusedError('body_too_large', 'too big'), ['website', 'bad_request', false, undefined]],
    [new FetchRefusedError('timeout', 'slow'), ['website', 'timeout', true, undefined]],
  ])('%s → %j', (error, expected) => {
    expect(summary(toWebsiteProviderError(error))).toEqual(expected);
  });

  it('passes other errors through', () => {
    const bug = new TypeError('a bug');
    expect(toWebsiteProviderError(bug)).toBe(bug);
  });
});
