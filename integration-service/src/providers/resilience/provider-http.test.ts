import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from './provider-error.ts';
import { parseRetryAfterMs, redactUrl, requestJson } from './provider-http.ts';

const HOST = 'https://api.vendor.test';
const KEY = 'sk-live-0123456789';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('redactUrl', () => {
  it('removes credential parameters and user info, keeps the rest', () => {
    expect(redactUrl(`https://user:pw@api.builtwith.com/v21/api.json?KEY=${KEY}&LOOKUP=costco.com`)).toBe(
      'https://api.builtwith.com/v21/api.json?LOOKUP=costco.com',
    );
    expect(redactUrl(new URL(`https://api.similarweb.com/v1/website/x.com/visits?api_key=${KEY}&country=world`))).toBe(
      'https://api.similarweb.com/v1/website/x.com/visits?country=world',
    );
    expect(redactUrl('not a url')).toBe('[unparsable url]');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1_500);
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});

describe('requestJson', () => {
  it('returns the JSON body, status and a key-free url', async () => {
    const scope = nock(HOST).get('/v1/thing').query({ KEY, q: 'a' }).reply(200, { ok: true }, { 'x-api-credits-remaining': '41' });
    const response = await requestJson('vendor', `${HOST}/v1/thing?KEY=${KEY}&q=a`);
    expect(response).toMatchObject({ statusCode: 200, body: { ok: true }, url: `${HOST}/v1/thing?q=a` });
    expect(response.headers.get('x-api-credits-remaining')).toBe('41');
    scope.done();
  });

  it('maps 429 with Retry-After seconds to a retryable rate_limited error', async () => {
    const scope = nock(HOST).get('/v1/thing').query(true).reply(429, 'slow down', { 'retry-after': '7' });
    const error = await failure(requestJson('vendor', `${HOST}/v1/thing?KEY=${KEY}`));
    expect(error).toMatchObject({ provider: 'vendor', code: 'rate_limited', status: 429, retryable: true, retryAfterMs: 7_000 });
    expect(error.message).not.toContain(KEY);
    scope.done();
  });

  it('reads BuiltWith-style retryAfterSeconds from a 429 body', async () => {
    const scope = nock(HOST).get('/v1/thing').reply(429, { retryAfterSeconds: 2 });
    expect(await failure(requestJson('vendor', `${HOST}/v1/thing`))).toMatchObject({ code: 'rate_limited', retryAfterMs: 2_000 });
    scope.done();
  });

  it.each([
    [500, 'server_error', true],
    [503, 'server_error', true],
    [401, 'unauthorized', false],
    [403, 'unauthorized', false],
    [404, 'not_found', false],
    [400, 'bad_request', false],
    [422, 'bad_request', false],
  ] as const)('maps %i to %s (retryable %s)', async (status, code, retryable) => {
    const scope = nock(HOST).get('/v1/thing').query(true).reply(status, { error: `echoing KEY=${KEY}` });
    const error = await failure(requestJson('vendor', `${HOST}/v1/thing?KEY=${KEY}`));
    expect(error).toMatchObject({ code, status, retryable });
    // The body may echo the request; it never reaches the message.
    expect(error.message).not.toContain(KEY);
    scope.done();
  });

  it('maps a 2xx body that is not JSON to invalid_response', async () => {
    const scope = nock(HOST).get('/v1/thing').reply(200, '<html>maintenance</html>');
    expect(await failure(requestJson('vendor', `${HOST}/v1/thing`))).toMatchObject({ code: 'invalid_response', retryable: false });
    scope.done();
  });

  it('maps a connection failure to a retryable network error without the key', async () => {
    const scope = nock(HOST).get('/v1/thing').query(true).replyWithError({ code: 'ECONNRESET', message: `socket hang up at ${HOST}/v1/thing?KEY=${KEY}` });
    const error = await failure(requestJson('vendor', `${HOST}/v1/thing?KEY=${KEY}`));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    scope.done();
  });

  it('maps an aborted request to a retryable timeout', async () => {
    const scope = nock(HOST).get('/v1/slow').delay(2_000).reply(200, { late: true });
    const started = Date.now();
    const error = await failure(requestJson('vendor', `${HOST}/v1/slow`, { signal: AbortSignal.timeout(50) }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_500);
    scope.done();
  });
});
