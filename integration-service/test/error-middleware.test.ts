import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerforge/shared/schemas';
import { errorMiddleware } from '../src/http/error-middleware.ts';
import { requestContext } from '../src/http/request-context.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { createCapturedLogger } from './support/log-capture.ts';

// An unexpected failure must reach the caller as a bare 500: no stack, no message of the cause.
const logs = createCapturedLogger();
const app = express();
app.use(requestContext(logs.logger, createMetrics({ collectDefaults: false })));
app.get('/boom', () => {
  throw new Error('connection string postgres://secret@db leaked');
});
app.use(errorMiddleware);
let server: ReturnType<typeof app.listen>;

beforeAll(() => new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve()))));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('answers an unexpected error with a generic 500 and logs the cause', async () => {
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
  expect(res.status).toBe(500);
  const text = await res.text();
  expect(text).not.toContain('leaked');
  expect(text).not.toContain('at ');
  const body = ErrorBodySchema.parse(JSON.parse(text));
  expect(body.error.code).toBe('internal');
  expect(body.error.details).toEqual({ requestId: res.headers.get('x-request-id') });
  const logged = logs.lines().find((l) => l.msg === 'unhandled error');
  expect(JSON.stringify(logged)).toContain('leaked');
});
