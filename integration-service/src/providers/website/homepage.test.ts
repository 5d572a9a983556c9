import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isFetchRefusedError } from '../../http/fetch-refused-error.ts';
import { createSafeFetcher, type SafeFetcher } from '../../http/safe-fetch.ts';
import { sendRedirect, startLocalSites, type LocalSites } from './__fixtures__/fixture-sites.ts';
import { fetchFirstAnswer, fetchHomepage, homepageCandidates, isHomepageUnavailableError, type HomepageCandidate } from './homepage.ts';

let sites: LocalSites;
let fetcher: SafeFetcher;

const everyPort = (host: string, target: number) => [80, 443].map((port) => `${host}:${port}:127.0.0.1:${target}`);
const HOSTS = ['acme-shop.com', 'broken.example-shop.com', 'slow.example-shop.com', 'ssrf.example-shop.com'];

beforeAll(async () => {
  sites = await startLocalSites((host, path, response) => {
    if (path !== '/') return void response.writeHead(404).end();
    switch (host) {
      case 'acme-shop.com':
      case 'www.broken.example-shop.com':
      case 'tls.example-shop.com':
        return void response.writeHead(200, { 'content-type': 'text/html' }).end(`<title>${host}</title>`);
      case 'www.acme-shop.com':
        return sendRedirect(response, 'http://acme-shop.com/');
      case 'broken.example-shop.com':
        return void response.writeHead(503).end('maintenance');
      case 'ssrf.example-shop.com':
        return sendRedirect(response, 'http://169.254.169.254/latest/meta-data/');
      case 'slow.example-shop.com':
        return void setTimeout(() => response.writeHead(200).end('late'), 5_000).unref();
      default:
        return void response.writeHead(404).end('no such site');
    }
  });
  const pins = [
    sites.pins(HOSTS),
    // tls.example-shop.com answers plain HTTP on 443 too, so its TLS handshakes fail.
    ...everyPort('tls.example-shop.com', sites.port),
    ...everyPort('www.tls.example-shop.com', sites.port),
    // nowhere.example-shop.com refuses every connection.
    ...everyPort('nowhere.example-shop.com', sites.closedPort),
    ...everyPort('www.nowhere.example-shop.com', sites.closedPort),
  ];
  fetcher = createSafeFetcher({ resolve: pins.join(',') });
});

afterAll(async () => {
  await fetcher.close();
  await sites.close();
});

afterEach(() => {
  sites.requests.length = 0;
});

const http = (host: string, onlyIfUnreachable = false): HomepageCandidate => ({ url: `http://${host}/`, onlyIfUnreachable });

/** Awaits a promise expected to reject and returns the error. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('homepageCandidates', () => {
  it('tries https, then the www twin over https, then http', () => {
    expect(homepageCandidates('Acme-Shop.com').map((c) => [c.url, c.onlyIfUnreachable])).toEqual([
      ['https://acme-shop.com/', false],
      ['https://www.acme-shop.com/', false],
      ['http://acme-shop.com/', true],
    ]);
    expect(homepageCandidates('www.acme-shop.com').map((c) => c.url)).toEqual(['https://www.acme-shop.com/', 'https://acme-shop.com/', 'http://www.acme-shop.com/']);
  });

  it.each(['https://acme.com', 'acme.com/shop', 'acme.com:8080', '127.0.0.1', 'localhost', 'ac me.com', '-acme.com', ''])('refuses %j as a domain', (domain) => {
    const error = (() => {
      try {
        homepageCandidates(domain);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(isHomepageUnavailableError(error) && error.code).toBe('invalid_domain');
  });
});

describe('fetchHomepage', () => {
  it('falls back to http when https is refused, with one request to the site', async () => {
    const homepage = await fetchHomepage(fetcher, 'acme-shop.com');
    expect(homepage.answeredUrl).toBe('http://acme-shop.com/');
    expect(homepage.page.status).toBe(200);
    expect(homepage.page.body).toContain('<title>acme-shop.com</title>');
    expect(homepage.attempts.map((a) => [a.url, a.status ?? a.error?.split(':')[0]])).toEqual([
      ['https://acme-shop.com/', 'ECONNREFUSED'],
      ['https://www.acme-shop.com/', 'ECONNREFUSED'],
      ['http://acme-shop.com/', 200],
    ]);
    expect(sites.requests).toEqual(['acme-shop.com /']);
  });

  it('falls back to http when the TLS handshake fails', async () => {
    const homepage = await fetchHomepage(fetcher, 'tls.example-shop.com');
    expect(homepage.answeredUrl).toBe('http://tls.example-shop.com/');
    expect(homepage.attempts[0]?.error).toBeDefined();
  });

  it('does not retry a refused fetch under another scheme or host', async () => {
    const error = await rejection(fetchHomepage(fetcher, 'ssrf.example-shop.com'));
    expect(isFetchRefusedError(error) && error.code).toBe('blocked_address');
    expect(sites.requests).toEqual(['ssrf.example-shop.com /']);
  });

  it('says why when no candidate answers', async () => {
    const error = await rejection(fetchHomepage(fetcher, 'nowhere.example-shop.com'));
    expect(isHomepageUnavailableError(error) && error.code).toBe('unreachable');
    expect(isHomepageUnavailableError(error) && error.attempts.map((a) => a.error?.split(':')[0])).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(String(error)).toContain('https://nowhere.example-shop.com/ → ECONNREFUSED');
  });
});

describe('fetchFirstAnswer', () => {
  it('stops at the first candidate that answers', async () => {
    const homepage = await fetchFirstAnswer(fetcher, 'acme-shop.com', [http('acme-shop.com'), http('www.acme-shop.com')]);
    expect(homepage.answeredUrl).toBe('http://acme-shop.com/');
    expect(sites.requests).toEqual(['acme-shop.com /']);
  });

  it('counts a redirect as an answer and ends where it led', async () => {
    const homepage = await fetchFirstAnswer(fetcher, 'acme-shop.com', [http('www.acme-shop.com'), http('acme-shop.com')]);
    expect(homepage.answeredUrl).toBe('http://www.acme-shop.com/');
    expect(homepage.page.url).toBe('http://acme-shop.com/');
    expect(homepage.page.redirects).toEqual(['http://www.acme-shop.com/']);
  });

  it('moves on after an error status', async () => {
    const homepage = await fetchFirstAnswer(fetcher, 'broken.example-shop.com', [http('broken.example-shop.com'), http('www.broken.example-shop.com')]);
    expect(homepage.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(homepage.answeredUrl).toBe('http://www.broken.example-shop.com/');
  });

  it('skips the plain-http fallback once a candidate answered, even with an error', async () => {
    const error = await rejection(
      fetchFirstAnswer(fetcher, 'broken.example-shop.com', [http('broken.example-shop.com'), http('www.broken.example-shop.com', true)]),
    );
    expect(isHomepageUnavailableError(error) && [error.code, error.status, error.attempts.length]).toEqual(['error_status', 503, 1]);
    expect(sites.requests).toEqual(['broken.example-shop.com /']);
  });

  it('moves on after a candidate that times out', async () => {
    const impatient = createSafeFetcher({ resolve: sites.pins(HOSTS), timeoutMs: 200 });
    try {
      const homepage = await fetchFirstAnswer(impatient, 'acme-shop.com', [http('slow.example-shop.com'), http('acme-shop.com', true)]);
      expect(homepage.answeredUrl).toBe('http://acme-shop.com/');
      expect(homepage.attempts[0]).toEqual({ url: 'http://slow.example-shop.com/', error: expect.stringContaining('longer than 200 ms') });
    } finally {
      await impatient.close();
    }
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    const started = Date.now();
    const error = await rejection(fetchFirstAnswer(fetcher, 'slow.example-shop.com', [http('slow.example-shop.com'), http('acme-shop.com')], controller.signal));
    expect(error).toEqual(new Error('job cancelled'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sites.requests).toEqual(['slow.example-shop.com /']);
  });
});
