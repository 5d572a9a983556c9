import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCapturedLogger } from '../../../test/support/log-capture.ts';
import { createMetrics } from '../../metrics/metrics.ts';
import { isProviderError, type ProviderError } from './provider-error.ts';
import { requestJson } from './provider-http.ts';
import { createProviderPolicy, type ProviderPolicyOptions } from './provider-policy.ts';
import { createMemoryRateLimiter } from './rate-limiter.ts';

const HOST = 'https://api.acme-data.test';
const KEY = 'secret-key-123';
const URL_WITH_KEY = `${HOST}/v1/lookup?key=${KEY}&domain=costco.com`;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Fast delays so retries take milliseconds; every test gets a fresh breaker. */
function policy(options: Partial<ProviderPolicyOptions> = {}) {
  return createProviderPolicy({ provider: 'acme', baseDelayMs: 5, maxDelayMs: 5_000, timeoutMs: 2_000, ...options });
}
const lookup = (signal: AbortSignal) => requestJson('acme', URL_WITH_KEY, { signal });
const endpoint = () => nock(HOST).get('/v1/lookup').query({ key: KEY, domain: 'costco.com' });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('createProviderPolicy', () => {
  it('waits out a 429 for at least its Retry-After, then succeeds', async () => {
    const scope = endpoint().reply(429, 'slow down', { 'retry-after': '1' }).get('/v1/lookup').query(true).reply(200, { ok: true });
    const started = performance.now();
    const response = await policy().execute(lookup);
    expect(response.body).toEqual({ ok: true });
    // The backoff alone would be ~5 ms; the second request came only after Retry-After (1 s).
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    scope.done();
  });

  it('does not sit out a Retry-After longer than maxDelayMs: the rate_limited error surfaces', async () => {
    const scope = endpoint().once().reply(429, { retryAfterSeconds: 3600 });
    const error = await failure(policy().execute(lookup));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 3_600_000 });
    scope.done();
  });

  it('retries a 5xx and returns the later success', async () => {
    const scope = endpoint().times(2).reply(503, 'busy').get('/v1/lookup').query(true).reply(200, { ok: 'third time' });
    const metrics = createMetrics({ collectDefaults: false });
    const response = await policy({ metrics }).execute(lookup);
    expect(response.body).toEqual({ ok: 'third time' });
    scope.done();
    const text = await metrics.registry.metrics();
    expect(text).toContain('pf_api_calls_total{provider="acme",outcome="server_error"} 2');
    expect(text).toContain('pf_api_calls_total{provider="acme",outcome="success"} 1');
  });

  it('gives up after its retries with the last error (4 attempts for retries = 3)', async () => {
    const scope = endpoint().times(4).reply(500, 'down');
    const { logger, text } = createCapturedLogger();
    const error = await failure(policy({ retries: 3, logger }).execute(lookup));
    expect(error).toMatchObject({ code: 'server_error', status: 500 });
    scope.done();
    const logged = text();
    expect(logged.match(/provider call failed, retrying/g)).toHaveLength(3);
    expect(logged).toContain('provider call failed after its retries');
    expect(logged).not.toContain(KEY);
  });

  it('never retries a 4xx: exactly one request', async () => {
    const scope = endpoint().once().reply(400, { error: 'bad domain' });
    expect(await failure(policy().execute(lookup))).toMatchObject({ code: 'bad_request', status: 400, retryable: false });
    scope.done();
  });

  it('opens the circuit after N consecutive failures, then fails fast without an HTTP call', async () => {
    const metrics = createMetrics({ collectDefaults: false });
    const acme = policy({ retries: 0, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 }, metrics });
    const scope = endpoint().times(3).reply(502, 'bad gateway');
    for (let i = 0; i < 3; i++) expect(await failure(acme.execute(lookup))).toMatchObject({ code: 'server_error' });
    scope.done();
    expect(acme.circuitState()).toBe('open');

    // No interceptor left and the network is off: an HTTP call would fail as `network`.
    const error = await failure(acme.execute(lookup));
    expect(error).toMatchObject({ code: 'circuit_open', retryable: false, provider: 'acme' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('pf_circuit_breaker_state{provider="acme"} 1');
    expect(text).toContain('pf_circuit_breaker_trips_total{provider="acme"} 1');
    expect(text).toContain('pf_api_calls_total{provider="acme",outcome="circuit_open"} 1');
  });

  it('does not retry through an open circuit (retries stop at circuit_open)', async () => {
    const acme = policy({ retries: 5, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    const scope = endpoint().times(2).reply(500, 'down');
    expect(await failure(acme.execute(lookup))).toMatchObject({ code: 'circuit_open' });
    scope.done();
  });

  it('closes the circuit again when the half-open probe succeeds', async () => {
    const acme = policy({ retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 100 } });
    const failing = endpoint().times(2).reply(500, 'down');
    await failure(acme.execute(lookup));
    await failure(acme.execute(lookup));
    failing.done();
    expect(acme.circuitState()).toBe('open');

    await new Promise((resolve) => setTimeout(resolve, 120));
    const probe = endpoint().reply(200, { ok: 'recovered' });
    expect((await acme.execute(lookup)).body).toEqual({ ok: 'recovered' });
    probe.done();
    expect(acme.circuitState()).toBe('closed');
  });

  it('never opens the circuit on 404s', async () => {
    const acme = policy({ retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    const scope = endpoint().times(4).reply(404, 'unknown domain');
    for (let i = 0; i < 4; i++) expect(await failure(acme.execute(lookup))).toMatchObject({ code: 'not_found' });
    scope.done();
    expect(acme.circuitState()).toBe('closed');
  });

  it('times an attempt out, aborting its request', async () => {
    const scope = endpoint().delay(3_000).reply(200, { late: true });
    const started = performance.now();
    const error = await failure(policy({ timeoutMs: 100, retries: 0 }).execute(lookup));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toContain('100 ms');
    expect(performance.now() - started).toBeLessThan(1_000);
    scope.done();
  });

  it('stops at once when the caller aborts, even during a backoff wait', async () => {
    const scope = endpoint().reply(503, 'busy', { 'retry-after': '3' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job cancelled')), 100);
    const started = performance.now();
    await expect(policy().execute(lookup, controller.signal)).rejects.toThrow('job cancelled');
    expect(performance.now() - started).toBeLessThan(1_000);
    scope.done();
  });

  it('acquires the shared rate limit before each attempt', async () => {
    const scope = endpoint().times(5).reply(200, { ok: true });
    const acme = policy({ rateLimit: { limiter: createMemoryRateLimiter(), perSecond: 20 } });
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => acme.execute(lookup)));
    // Five slots 50 ms apart: the last starts 200 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    scope.done();
  });
});
