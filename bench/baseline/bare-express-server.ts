/**
 * The baseline of the load phase, run in its own process (as the api is): express 5 answering
 * `GET /v1/intel/:domain` with a fixed intel document through `res.json` (serialized on every
 * request; the api serializes each cached card once), and nothing else — no auth, no database,
 * no logging. Whatever the api does beyond this is what the throughput ratio prices.
 *
 * Protocol: the parent sends `{ body }` over IPC; this process answers `{ port }` once listening
 * and exits when the parent disconnects or sends SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';

process.once('message', (message: { body: unknown }) => {
  const app = express();
  app.disable('x-powered-by');
  app.get('/v1/intel/:domain', (_req, res) => {
    res.json(message.body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  server.keepAliveTimeout = 65_000;
});
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));
