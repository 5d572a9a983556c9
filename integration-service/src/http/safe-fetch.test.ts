import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefusedError, isFetchRefusedError } from './fetch-refused-error.ts';
import { createSafeFetcher, type SafeFetcher, type SafeFetcherOptions } from './safe-fetch.ts';

/** A local "prospect site"; every test host is pinned to it, so nothing leaves 127.0.0.1. */
let server: Server;
let port: number;
let connections = 0;
const hits: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.push(path);
  const hop = /^\/hop\/(\d+)$/.exec(path);
  if (hop) {
    const left = Number(hop[1]);
    res.writeHead(302, { location: left > 0 ? `/hop/${left - 1}` : '/' }).end();
    return;
  }
  const to = new URL(path, 'http://x').searchParams.get('to');
  if (path.startsWith('/redirect') && to !== null) {
    res.writeHead(301, { location: to }).end();
    return;
  }
  switch (path) {
    case '/':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-powered-by': 'Fixture' });
      res.end(`<html><title>Acme Shop</title><p>ua=${req.headers['user-agent']}</p></html>`);
      return;
    case '/latin1':
      res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      return;
    case '/big-chunked':
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 8; i++) res.write('x'.repeat(1024));
      res.end();
      return;
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 8192 }).end('x'.repeat(8192));
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 * 1024)));
      return;
    case '/gzip-small':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync('compressed hello'));
      return;
    case '/slow-headers':
      setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
      setTimeout(() => res.end('end'), 2_000).unref();
      return;
    default:
      res.writeHead(404).end('not found');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetchers: SafeFetcher[] = [];
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  hits.length = 0;
});

function fetcher(options: Partial<SafeFetcherOptions> = {}): SafeFetcher {
  const created = createSafeFetcher({
    resolve: `shop.acme.test:${port}:127.0.0.1,www.acme.test:${port}:127.0.0.1`,
    ...options,
  });
  fetchers.push(created);
  return created;
}

const site = (path = '/') => `http://shop.acme.test:${port}${path}`;
const redirectTo = (target: string) => site(`/redirect?to=${encodeURIComponent(target)}`);

/** Awaits a fetch expected to fail and returns its refusal; any other outcome fails the test. */
async function refusal(promise: Promise<unknown>): Promise<FetchRefusedError> {
  const error: unknown = await promise.then(
    () => new Error('expected the fetch to be refused'),
    (e: unknown) => e,
  );
  if (!isFetchRefusedError(error)) throw error;
  return error;
}

describe('fetchPage on a pinned host', () => {
  it('fetches the page served locally, with headers and the user agent', async () => {
    const page = await fetcher({ userAgent: 'PF-Test/1' }).fetchPage(site());
    expect(page.status).toBe(200);
    expect(page.url).toBe(site());
    expect(page.redirects).toEqual([]);
    expect(page.body).toContain('<title>Acme Shop</title>');
    expect(page.body).toContain('ua=PF-Test/1');
    expect(page.headers['x-powered-by']).toBe('Fixture');
  });

  it('reaches a port-less URL through a pin that moves the port', async () => {
    const page = await fetcher({ resolve: `moved.acme.test:80:127.0.0.1:${port}` }).fetchPage('http://moved.acme.test/');
    expect(page.status).toBe(200);
    expect(page.url).toBe('http://moved.acme.test/');
    expect(page.body).toContain('<title>Acme Shop</title>');
  });

  it('answers non-2xx statuses rather than throwing', async () => {
    const page = await fetcher().fetchPage(site('/missing'));
    expect(page.status).toBe(404);
  });

  it('decodes the declared charset and gzip', async () => {
    const f = fetcher();
    expect((await f.fetchPage(site('/latin1'))).body).toBe('café');
    expect((await f.fetchPage(site('/gzip-small'))).body).toBe('compressed hello');
  });

  it('follows a redirect to another pinned host and lists it', async () => {
    const target = `http://www.acme.test:${port}/`;
    const page = await fetcher().fetchPage(redirectTo(target));
    expect(page.url).toBe(target);
    expect(page.redirects).toEqual([redirectTo(target)]);
  });

  it('follows 5 redirects but refuses a 6th', async () => {
    const f = fetcher();
    const page = await f.fetchPage(site('/hop/4'));
    expect(page.redirects).toHaveLength(5);
    expect(page.url).toBe(site('/'));
    hits.length = 0;
    expect((await refusal(f.fetchPage(site('/hop/5')))).code).toBe('too_many_redirects');
    expect(hits).not.toContain('/');
  });

  it('honours a lower maxRedirects', async () => {
    expect((await refusal(fetcher({ maxRedirects: 1 }).fetchPage(site('/hop/1')))).code).toBe('too_many_redirects');
  });
});

describe('fetchPage refuses internal addresses', () => {
  it.each([
    'http://127.0.0.1:PORT/',
    'http://localhost:PORT/',
    'http://[::1]:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
    'http://0x7f000001:PORT/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.1.1/',
  ])('refuses %s without connecting', async (url) => {
    const before = connections;
    const error = await refusal(fetcher().fetchPage(url.replace('PORT', String(port))));
    expect(error.code).toBe('blocked_address');
    expect(error.message).toMatch(/loopback|private|link-local|carrier-grade/);
    expect(connections).toBe(before);
  });

  it('a pin covers one port only: localhost pinned on another port stays refused', async () => {
    const f = fetcher({ resolve: `localhost:${port + 1}:127.0.0.1` });
    expect((await refusal(f.fetchPage(`http://localhost:${port}/`))).code).toBe('blocked_address');
  });

  it('lets a pinned host reach loopback, even by IP literal', async () => {
    const f = fetcher({ resolve: `127.0.0.1:${port}:127.0.0.1` });
    expect((await f.fetchPage(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('refuses a redirect from a pinned site to unpinned 127.0.0.1', async () => {
    const target = `http://127.0.0.1:${port}/secret`;
    const error = await refusal(fetcher().fetchPage(redirectTo(target)));
    expect(error.code).toBe('blocked_address');
    expect(error.url).toBe(target);
    expect(hits).not.toContain('/secret');
  });

  it('refuses a redirect to the metadata address', async () => {
    const target = 'http://169.254.169.254/latest/meta-data/';
    expect((await refusal(fetcher().fetchPage(redirectTo(target)))).code).toBe('blocked_address');
  });

  it('refuses a redirect to a host that resolves to loopback', async () => {
    const target = `http://localhost:${port}/secret`;
    expect((await refusal(fetcher().fetchPage(redirectTo(target)))).code).toBe('blocked_address');
    expect(hits).not.toContain('/secret');
  });
});

describe('fetchPage refuses bad URLs', () => {
  it.each([
    ['not a url', 'bad_url'],
    ['/relative/path', 'bad_url'],
    ['ftp://shop.acme.test/', 'bad_scheme'],
    ['file:///etc/passwd', 'bad_scheme'],
    ['http://user:secret@shop.acme.test/', 'bad_url'],
  ] as const)('refuses %s with %s', async (url, code) => {
    const error = await refusal(fetcher().fetchPage(url));
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('secret');
  });

  it('refuses a redirect to another scheme', async () => {
    expect((await refusal(fetcher().fetchPage(redirectTo('file:///etc/passwd')))).code).toBe('bad_scheme');
  });
});

describe('fetchPage caps size and time', () => {
  it('refuses a body past the cap while streaming', async () => {
    const error = await refusal(fetcher({ maxBodyBytes: 4096 }).fetchPage(site('/big-chunked')));
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain('4096-byte cap');
  });

  it('refuses a declared Content-Length past the cap', async () => {
    expect((await refusal(fetcher({ maxBodyBytes: 4096 }).fetchPage(site('/big-declared')))).code).toBe('body_too_large');
  });

  it('counts decompressed bytes, so a gzip bomb is refused', async () => {
    expect((await refusal(fetcher({ maxBodyBytes: 4096 }).fetchPage(site('/gzip-bomb')))).code).toBe('body_too_large');
  });

  it('accepts a body at the cap', async () => {
    const page = await fetcher({ maxBodyBytes: 8192 }).fetchPage(site('/big-chunked'));
    expect(page.body).toHaveLength(8192);
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    expect((await refusal(fetcher({ timeoutMs: 200 }).fetchPage(site('/slow-headers')))).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('times out a body that trickles past the budget', async () => {
    expect((await refusal(fetcher({ timeoutMs: 200 }).fetchPage(site('/slow-body')))).code).toBe('timeout');
  });
});

describe('isFetchRefusedError', () => {
  it('recognises the marker, not other errors', () => {
    expect(isFetchRefusedError(new FetchRefusedError('timeout', 'x'))).toBe(true);
    expect(isFetchRefusedError(new Error('x'))).toBe(false);
    expect(isFetchRefusedError({ code: 'timeout' })).toBe(false);
    expect(isFetchRefusedError(null)).toBe(false);
  });
});
