import { parse } from 'tldts';

/** Outcome of {@link normalizeDomain}: the registrable domain, or why the input was refused. */
export type NormalizeDomainResult = { ok: true; domain: string } | { ok: false; reason: string };

/** DNS caps a full host name at 253 characters (RFC 1035). */
export const MAX_HOSTNAME_LENGTH = 253;
/** Raw input longer than this is refused before parsing; a pasted URL may carry a long path. */
export const MAX_INPUT_LENGTH = 2048;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const EMAIL = /^[^\s@/:]+@([^\s@/:]+)$/;
const BARE_IPV6 = /^[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.]*$/i;

/**
 * Turns what a person types or pastes (a domain, a URL, an e-mail address) into the
 * registrable domain (eTLD+1, lower case, IDN as punycode) that identifies an account:
 * `https://WWW.Costco.com/path` → `costco.com`, `shop.costco.co.uk` → `costco.co.uk`.
 * Private PSL suffixes count as suffixes, so `acme.myshopify.com` stays one store rather
 * than collapsing into `myshopify.com`. Refuses IPs, bare words, credentials, non-http(s)
 * schemes and names under no public suffix (`.local`, `.corp`, `localhost`), saying why.
 * Pure and browser-safe (no Node built-ins): the extension uses it too.
 */
export function normalizeDomain(input: string): NormalizeDomainResult {
  const trimmed = input.trim();
  if (trimmed === '') return refuse('Domain is empty');
  if (trimmed.length > MAX_INPUT_LENGTH) {
    return refuse(`Input is longer than ${MAX_INPUT_LENGTH} characters`);
  }

  const host = extractHost(trimmed);
  if (!host.ok) return host;
  const hostname = host.domain.replace(/\.+$/, '');
  if (hostname === '') return refuse(`"${trimmed}" has no host name`);
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    return refuse(`Host name is longer than ${MAX_HOSTNAME_LENGTH} characters`);
  }

  const parsed = parse(hostname, { allowPrivateDomains: true });
  if (parsed.isIp) return refuse(`"${hostname}" is an IP address, not a domain`);
  if (parsed.hostname === null) return refuse(`"${hostname}" is not a valid host name`);
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    return refuse(`"${hostname}" is a local name, not a public domain`);
  }
  if (!hostname.includes('.')) {
    return refuse(`"${hostname}" is a bare word without a public suffix such as .com`);
  }
  if (!parsed.isIcann && !parsed.isPrivate) {
    return refuse(`".${parsed.publicSuffix}" is not a public suffix (a private or unknown top-level domain)`);
  }
  if (parsed.publicSuffix?.endsWith('arpa')) {
    return refuse(`".${parsed.publicSuffix}" is reserved for infrastructure, not company sites`);
  }
  if (parsed.domain === null) {
    return refuse(`"${hostname}" is a public suffix itself, not a company's domain`);
  }
  return { ok: true, domain: parsed.domain };
}

/** Pulls the host out of a URL, an e-mail address or a bare host, punycoding IDNs via WHATWG URL. */
function extractHost(text: string): NormalizeDomainResult {
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  let urlText: string;
  if (scheme !== undefined) {
    if (scheme !== 'http' && scheme !== 'https') {
      return refuse(`Scheme "${scheme}:" is not supported; use a domain or an http(s) URL`);
    }
    urlText = text;
  } else {
    const email = EMAIL.exec(text.replace(/^mailto:/i, ''));
    // `//host/path` is scheme-relative; everything else is a bare host, maybe with a path.
    if (email) urlText = `http://${email[1]}`;
    else if (BARE_IPV6.test(text)) urlText = `http://[${text}]`;
    else urlText = `http://${text.replace(/^\/\//, '')}`;
  }

  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return refuse(`"${text}" is not a valid domain or URL`);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('URL contains credentials (user:password@); paste the domain only');
  }
  return { ok: true, domain: url.hostname.replace(/^\[|\]$/g, '') };
}

function refuse(reason: string): NormalizeDomainResult {
  return { ok: false, reason };
}
