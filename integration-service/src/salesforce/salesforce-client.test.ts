import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import invalidSession from './__fixtures__/error-invalid-session.json' with { type: 'json' };
import limitExceeded from './__fixtures__/error-request-limit-exceeded.json' with { type: 'json' };
import token from './__fixtures__/oauth-token-client-credentials.json' with { type: 'json' };
import { API, INSTANCE, testSalesforce } from './__fixtures__/test-salesforce.ts';
import type { DomainEvents } from '../events/domain-events.ts';
import type { SalesforceClient } from './salesforce-client.ts';
import { isSalesforceError, type SalesforceError } from './salesforce-error.ts';

const EMPTY = { totalSize: 0, done: true, records: [] };
const query = { method: 'GET' as const, url: '/query?q=SELECT+Id+FROM+Account' };

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

async function failure(promise: Promise<unknown>): Promise<SalesforceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSalesforceError(error)) throw new Error(`expected a SalesforceError, got ${String(error)}`);
  return error;
}
const send = (client: SalesforceClient, urgent = false) => client.request(query, { operation: 'query', urgent });

describe('Salesforce session', () => {
  it('opens a new session once after INVALID_SESSION_ID and sends the call again', async () => {
    const scope = nock(INSTANCE)
      .post('/services/oauth2/token', (body: Record<string, string>) => body.grant_type === 'client_credentials' && body.client_id === '3MVG9test-consumer-key')
      .reply(200, { ...token, access_token: 'token-1' })
      .post('/services/oauth2/token')
      .reply(200, { ...token, access_token: 'token-2' })
      .get(`${API}/query`)
      .query(true)
      .matchHeader('authorization', 'Bearer token-1')
      .reply(401, invalidSession)
      .get(`${API}/query`)
      .query(true)
      .matchHeader('authorization', 'Bearer token-2')
      .reply(200, EMPTY);
    const { client } = testSalesforce();
    const { body } = await send(client);
    scope.done();
    expect(body).toEqual(EMPTY);
    expect(client.calls()).toBe(2);
  });

  it('gives up when the fresh session is refused too, instead of looping', async () => {
    const scope = nock(INSTANCE).post('/services/oauth2/token').twice().reply(200, token).get(`${API}/query`).query(true).twice().reply(401, invalidSession);
    const { client } = testSalesforce();
    expect(await failure(send(client))).toMatchObject({ code: 'session_expired', status: 401 });
    scope.done();
    expect(client.calls()).toBe(2);
  });

  it('says a bare access token expired (it cannot be renewed)', async () => {
    const scope = nock(INSTANCE).get(`${API}/query`).query(true).matchHeader('authorization', 'Bearer static-token').reply(401, invalidSession);
    const { client } = testSalesforce({ SALESFORCE_CLIENT_ID: '', SALESFORCE_CLIENT_SECRET: '', SALESFORCE_ACCESS_TOKEN: 'static-token' });
    const error = await failure(send(client));
    scope.done();
    expect(error.code).toBe('session_expired');
    expect(error.message).toContain('SALESFORCE_ACCESS_TOKEN');
  });
});

describe('Salesforce API budget', () => {
  it('pauses non-urgent calls above the share of the daily allocation, raises one event and probes again later', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const { client, events, metrics } = testSalesforce({ SALESFORCE_LIMIT_SHARE: '0.8', SALESFORCE_LIMIT_PAUSE_MS: '60000' }, () => now);
    const raised: Array<DomainEvents['salesforce.api_limit']> = [];
    events.on('salesforce.api_limit', (e) => raised.push(e));
    const scope = nock(INSTANCE)
      .post('/services/oauth2/token')
      .reply(200, token)
      .get(`${API}/query`)
      .query(true)
      .times(2)
      .reply(200, EMPTY, { 'sforce-limit-info': 'api-usage=12500/15000' });

    await send(client);
    expect(client.budget.state()).toMatchObject({ used: 12500, limit: 15000, paused: true });
    // Refused before anything goes out (nock would refuse an unexpected call anyway).
    expect(await failure(send(client))).toMatchObject({ code: 'limit_paused' });
    expect(client.calls()).toBe(1);
    // A stage-triggered push is urgent and still goes out.
    await send(client, true);
    scope.done();
    expect(raised).toEqual([{ reason: 'threshold', used: 12500, limit: 15000, threshold: 0.8, pausedUntil: '2026-11-22T10:01:00.000Z' }]);
    const usage = await metrics.salesforceApiUsage.get();
    expect(usage.values.map((v) => [v.labels.measure, v.value])).toEqual([['used', 12500], ['limit', 15000]]);
    expect((await metrics.salesforceSyncPaused.get()).values[0]?.value).toBe(1);

    // After the pause one call probes; usage has fallen (the 24 h window rolled on).
    now += 60_001;
    nock(INSTANCE).get(`${API}/query`).query(true).reply(200, EMPTY, { 'sforce-limit-info': 'api-usage=9000/15000' });
    await send(client);
    expect(client.budget.state().paused).toBe(false);
    expect((await metrics.salesforceSyncPaused.get()).values[0]?.value).toBe(0);
  });

  it('pauses every call after REQUEST_LIMIT_EXCEEDED and raises the event', async () => {
    const { client, events } = testSalesforce();
    const raised: Array<DomainEvents['salesforce.api_limit']> = [];
    events.on('salesforce.api_limit', (e) => raised.push(e));
    const scope = nock(INSTANCE).post('/services/oauth2/token').reply(200, token).get(`${API}/query`).query(true).reply(403, limitExceeded);
    expect(await failure(send(client))).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
    scope.done();
    expect(await failure(send(client, true))).toMatchObject({ code: 'limit_paused' });
    expect(raised).toMatchObject([{ reason: 'request_limit_exceeded' }]);
  });
});
