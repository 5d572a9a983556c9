import { normalizeDomain } from '@partnerforge/shared/domain';

/** The registrable domain of a tab's page, or why that page is not a prospect's site. */
export type SiteDomain =
  | { ok: true; domain: string }
  | { ok: false; reason: 'not_a_web_page' | 'not_company_site'; message: string };

/** Registrable domains that are search engines, webmail or tools rather than a prospect's site. */
const NOT_COMPANY_DOMAINS: Record<string, string> = {
  'google.com': 'a search engine',
  'bing.com': 'a search engine',
  'duckduckgo.com': 'a search engine',
  'yahoo.com': 'a search engine',
  'baidu.com': 'a search engine',
  'yandex.ru': 'a search engine',
  'yandex.com': 'a search engine',
  'ecosia.org': 'a search engine',
  'startpage.com': 'a search engine',
  'outlook.com': 'webmail',
  'live.com': 'webmail',
  'office.com': 'webmail',
  'proton.me': 'webmail',
  'protonmail.com': 'webmail',
  'icloud.com': 'webmail',
  'gmx.com': 'webmail',
  'gmx.net': 'webmail',
  'aol.com': 'webmail',
  'fastmail.com': 'webmail',
  'linkedin.com': 'LinkedIn (the overlay works on company pages)',
  'force.com': 'Salesforce (the overlay works on Account pages)',
  'salesforce.com': 'Salesforce',
};

/** Host names whose registrable domain can be a prospect, but which are webmail or search themselves. */
const NOT_COMPANY_HOSTS: Record<string, string> = {
  'mail.zoho.com': 'webmail',
  'mail.zoho.eu': 'webmail',
  'search.brave.com': 'a search engine',
};

/**
 * The prospect domain of a page URL (`https://shop.acme.co.uk/x` → `acme.co.uk`), refusing
 * browser pages, IP addresses and local names, search engines, webmail and the sites where the
 * overlay works instead.
 */
export function siteDomainOf(pageUrl: string | undefined): SiteDomain {
  let url: URL;
  try {
    url = new URL(pageUrl ?? '');
  } catch {
    return { ok: false, reason: 'not_a_web_page', message: 'This tab shows no web page.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'not_a_web_page', message: 'This tab shows a browser page, not a company site.' };
  }
  const host = url.hostname.toLowerCase();
  const normalized = normalizeDomain(host);
  if (!normalized.ok) return { ok: false, reason: 'not_company_site', message: `Not a company site: ${normalized.reason}.` };
  const kind = NOT_COMPANY_HOSTS[host] ?? NOT_COMPANY_DOMAINS[host] ?? NOT_COMPANY_DOMAINS[normalized.domain] ?? searchEngineCountrySite(normalized.domain);
  if (kind !== undefined) return { ok: false, reason: 'not_company_site', message: `${normalized.domain} is ${kind}, not a company site.` };
  return { ok: true, domain: normalized.domain };
}

/** google.de, google.co.uk, bing.co.jp …: country sites of the big search engines. */
function searchEngineCountrySite(domain: string): string | undefined {
  return /^(google|bing|yahoo|yandex)\.[a-z.]+$/.test(domain) ? 'a search engine' : undefined;
}

/** Salesforce Lightning and LinkedIn: pages where the overlay, not the popup, shows the card. */
export function isOverlaySite(pageUrl: string): boolean {
  try {
    const { hostname, protocol } = new URL(pageUrl);
    return protocol === 'https:' && (hostname.endsWith('.lightning.force.com') || hostname === 'www.linkedin.com');
  } catch {
    return false;
  }
}
