/** The networks a company profile is read from. */
export type SocialNetwork = 'linkedin' | 'twitter' | 'facebook' | 'instagram' | 'youtube' | 'tiktok' | 'pinterest' | 'github';

/** A company's profile URL per network, the first one found. */
export type SocialProfiles = Partial<Record<SocialNetwork, string>>;

/** Hosts (without `www.` or a country prefix such as `uk.`) per network. */
const NETWORK_HOSTS: ReadonlyArray<[SocialNetwork, readonly string[]]> = [
  ['linkedin', ['linkedin.com']],
  ['twitter', ['twitter.com', 'x.com']],
  ['facebook', ['facebook.com', 'fb.com']],
  ['instagram', ['instagram.com']],
  ['youtube', ['youtube.com']],
  ['tiktok', ['tiktok.com']],
  ['pinterest', ['pinterest.com']],
  ['github', ['github.com']],
];

/** First path segments that are a network's own pages (sharing, search, …), not a profile. */
const NOT_A_PROFILE = new Set([
  'share', 'sharer', 'sharer.php', 'sharearticle', 'intent', 'home', 'search', 'hashtag', 'login', 'signup',
  'dialog', 'plugins', 'watch', 'embed', 'pin', 'p', 'explore', 'legal', 'privacy', 'about', 'help', 'feed',
]);

/**
 * A LinkedIn company page in its canonical form, `https://www.linkedin.com/company/<slug>`,
 * from any spelling of it (country subdomain, no scheme, trailing `/about/`, tracking query);
 * null for anything else (people, showcase pages, share links, other sites).
 */
export function normalizeLinkedInCompanyUrl(href: string): string | null {
  const url = parseLoosely(href);
  if (url === undefined || networkOf(url.hostname) !== 'linkedin') return null;
  const [kind, slug] = url.pathname.split('/').filter((segment) => segment !== '');
  if (kind?.toLowerCase() !== 'company' || slug === undefined) return null;
  return `https://www.linkedin.com/company/${slug.toLowerCase()}`;
}

/**
 * The network and cleaned profile URL of a link (https, no query, fragment or trailing slash),
 * or undefined when it is not a profile on a known network. LinkedIn company pages come back
 * normalized as by {@link normalizeLinkedInCompanyUrl}.
 */
export function socialProfileOf(href: string): { network: SocialNetwork; url: string } | undefined {
  const url = parseLoosely(href);
  const network = url === undefined ? undefined : networkOf(url.hostname);
  if (url === undefined || network === undefined) return undefined;
  if (network === 'linkedin') {
    const company = normalizeLinkedInCompanyUrl(url.href);
    return company === null ? undefined : { network, url: company };
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const first = segments[0]?.toLowerCase();
  if (first === undefined || NOT_A_PROFILE.has(first)) return undefined;
  return { network, url: `https://${url.hostname.toLowerCase()}/${segments.join('/')}` };
}

/** Collects the first profile per network from links in priority order (`sameAs` before page links). */
export function collectSocialProfiles(hrefs: Iterable<string>): SocialProfiles {
  const profiles: SocialProfiles = {};
  for (const href of hrefs) {
    const profile = socialProfileOf(href);
    if (profile !== undefined) profiles[profile.network] ??= profile.url;
  }
  return profiles;
}

function networkOf(hostname: string): SocialNetwork | undefined {
  const host = hostname.toLowerCase();
  for (const [network, hosts] of NETWORK_HOSTS) {
    if (hosts.some((known) => host === known || host.endsWith(`.${known}`))) return network;
  }
  return undefined;
}

/** Parses `https://…`, `//…` and scheme-less `linkedin.com/…`; only http(s) URLs count. */
function parseLoosely(href: string): URL | undefined {
  const text = href.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text.replace(/^\/\//, '')}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
