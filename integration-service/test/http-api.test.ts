import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, MeSchema } from '@partnerforge/shared/schemas';
import { addUser, createApiKeyForUser } from '../src/users/users.service.ts';
import { parseApiKey } from '../src/auth/api-key-secret.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// The same HTTP behaviour must hold in production mode and in the embedded default.
/** Asserts a response is an error of the one documented shape, and returns its body. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ErrorBodySchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  return body.error;
}

describe.each([
  { mode: 'PostgreSQL + BullMQ', database: 'postgres' as const, redis: true },
  { mode: 'embedded PGlite + in-process jobs', database: 'pglite' as const, redis: false },
])('HTTP API on $mode', ({ database, redis }) => {
  let t: TestService;
  let key: string;

  beforeAll(async () => {
    t = await startTestService({ database, redis, env: { PF_BODY_LIMIT_BYTES: '2048' } });
    await addUser(t.service.runtime.db, { email: 'Ada@Example.com', role: 'ae', team: 'West' });
    key = (await createApiKeyForUser(t.service.runtime.db, { email: 'ada@example.com' })).key;
  });
  afterAll(async () => t?.stop());

  const call = (path: string, init: RequestInit = {}) => fetch(`${t.baseUrl}${path}`, init);
  const authed = (path: string, init: RequestInit = {}, token = key) =>
    call(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

  it('answers /health, /live and /ready with the mode it runs in', async () => {
    const health = await call('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: { database, jobs: redis ? 'bullmq' : 'in-process' } });
    expect((await call('/live')).status).toBe(200);
    const ready = await call('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: { status: 'ok' }, redis: { status: redis ? 'ok' : 'not_configured' } },
    });
  });

  it('exposes Prometheus metrics including request latency and queue depth', async () => {
    await call('/live');
    const text = await (await call('/metrics')).text();
    expect(text).toMatch(/pf_http_request_duration_seconds_count\{method="GET",route="\/live",status="200"\} \d+/);
    expect(text).toContain('pf_queue_depth{job="api-keys.touch",state="waiting"}');
    expect(text).toContain('pf_process_cpu_seconds_total');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const error = await expectError(await call('/nope'), 404, 'not_found');
    expect(error.message).toContain('/nope');
  });

  it('refuses /v1 without a key, with a malformed key and with an unknown key', async () => {
    const missing = await call('/v1/me');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    await expectError(missing, 401, 'unauthorized');
    await expectError(await authed('/v1/me', {}, 'not-a-key'), 401, 'unauthorized');
    const forged = `${key.slice(0, 12)}${'A'.repeat(43)}`;
    const error = await expectError(await authed('/v1/me', {}, forged), 401, 'unauthorized');
    expect(error.message).toBe('The API key is not valid');
  });

  it('knows the caller from their key, and records when the key was used', async () => {
    const res = await authed('/v1/me');
    expect(res.status).toBe(200);
    const me = MeSchema.parse(await res.json());
    expect(me).toMatchObject({ email: 'ada@example.com', role: 'ae', team: { name: 'West' }, key: { scopes: ['read', 'write'] } });
    // The touch runs as a job (BullMQ or in-process); wait for its effect in the database.
    await expect
      .poll(async () => (await t.service.runtime.db.selectFrom('api_keys').select('last_used_at').where('prefix', '=', me.key.prefix).executeTakeFirst())?.last_used_at, { timeout: 10_000 })
      .toBeInstanceOf(Date);
  });

  it('answers bad JSON with 400 invalid_json and an oversized body with 413', async () => {
    await expectError(await authed('/v1/keys', { method: 'POST', body: '{"name": ' }), 400, 'invalid_json');
    await expectError(await authed('/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(4096) }) }), 413, 'payload_too_large');
  });

  it('answers invalid input with 400 and the zod issues', async () => {
    const error = await expectError(await authed('/v1/keys', { method: 'POST', body: JSON.stringify({ name: '', scopes: ['root'] }) }), 400, 'validation_failed');
    const paths = (error.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'scopes.0']));
  });

  it('creates a key shown once, stores only its hash, and refuses it once revoked', async () => {
    const created = await authed('/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'extension', scopes: ['read'] }) });
    expect(created.status).toBe(201);
    const { key: newKey, prefix } = (await created.json()) as { key: string; prefix: string };
    expect(newKey.startsWith(`${prefix}_`)).toBe(true);
    const stored = await t.service.runtime.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(newKey.slice(prefix.length + 1));
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);

    expect((await authed('/v1/me', {}, newKey)).status).toBe(200);
    // A read-only key cannot write.
    await expectError(await authed('/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'more' }) }, newKey), 403, 'forbidden');
    const listed = (await (await authed('/v1/keys')).json()) as { keys: Array<Record<string, unknown>> };
    expect(listed.keys.map((k) => k.prefix)).toContain(prefix);
    expect(JSON.stringify(listed)).not.toContain('hash');

    expect((await authed(`/v1/keys/${prefix}`, { method: 'DELETE' })).status).toBe(204);
    const error = await expectError(await authed('/v1/me', {}, newKey), 401, 'unauthorized');
    expect(error.message).toContain('revoked');
  });

  it('tags responses with a request id and never logs a key', async () => {
    const res = await authed('/v1/me', { headers: { 'x-request-id': 'trace-abc.1' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.1');
    const generated = (await call('/live')).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const logged = t.logs.lines().filter((l) => l.requestId === 'trace-abc.1');
    // The access line names the caller as a child logger's lines would: who and with which key.
    const access = logged.find((l) => l.msg === 'request completed');
    expect(access).toMatchObject({ status: 200, method: 'GET', url: '/v1/me', keyPrefix: parseApiKey(key)?.prefix });
    expect(access?.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logs.text()).not.toContain(key);
  });
});
