/**
 * Response headers that name the server stack, CDN, cache or platform, worth showing next to
 * the detected technologies (e.g. an AEM dispatcher, a Shopify stage, a Fastly cache). Cookies,
 * security policies and request ids are left out: they are noise or change on every fetch.
 */
const HEADERS_OF_INTEREST = [
  'server',
  'x-powered-by',
  'powered-by',
  'x-generator',
  'via',
  'x-cache',
  'x-served-by',
  'x-varnish',
  'cf-cache-status',
  'x-amz-cf-pop',
  'x-akamai-transformed',
  'x-vercel-cache',
  'x-nf-request-id',
  'x-shopify-stage',
  'x-shopid',
  'x-dispatcher',
  'x-vhost',
  'x-aspnet-version',
  'x-drupal-cache',
  'x-magento-cache-debug',
] as const;

/** Longest header value kept, in characters. */
const MAX_VALUE_CHARS = 200;

/** The headers of interest present in a response, lower-case names, repeated values joined by ", ". */
export function serverHeadersOf(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of HEADERS_OF_INTEREST) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = (typeof value === 'string' ? value : value.join(', ')).trim();
    if (text !== '') result[name] = text.slice(0, MAX_VALUE_CHARS);
  }
  return result;
}
