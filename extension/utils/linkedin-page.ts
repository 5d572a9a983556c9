import { type FoundWebsite, type PageTarget, type StaleLinkGuard, hostOfWebsite } from './page-target.ts';
import { waitForValue } from './wait-for.ts';

/** Reading a LinkedIn company page; every helper takes the document it reads. */

/** First path segments under /company/ that are LinkedIn tools, not companies. */
const NOT_A_COMPANY = new Set(['setup', 'admin', 'create']);

/** The slug of a LinkedIn company page URL (`/company/<slug>/…`), lower case, else null. */
export function linkedInCompanySlugOf(url: URL): string | null {
  if (url.protocol !== 'https:' || url.hostname !== 'www.linkedin.com') return null;
  const [kind, slug] = url.pathname.split('/').filter((segment) => segment !== '');
  if (kind !== 'company' || slug === undefined || NOT_A_COMPANY.has(slug.toLowerCase())) return null;
  return decodeSlug(slug).toLowerCase();
}

/**
 * The company's own website as the page links it (the about section's Website entry, or the
 * top card's "Visit website" button), unwrapped from LinkedIn's redirect; null when not shown.
 */
export function findCompanyWebsite(document: Document): FoundWebsite | null {
  const candidates: Element[] = [
    ...document.querySelectorAll('[data-test-id="about-us__website"] a[href]'),
    ...[...document.querySelectorAll('dt')]
      .filter((term) => term.textContent?.trim().toLowerCase() === 'website')
      .flatMap((term) => {
        const definition = term.nextElementSibling;
        return definition === null ? [] : [...definition.querySelectorAll('a[href]')];
      }),
    ...document.querySelectorAll('a[href][aria-label*="website" i]'),
    ...[...document.querySelectorAll('a[href]')].filter((link) => /visit website/i.test(link.textContent ?? '')),
  ];
  for (const link of candidates) {
    const value = externalTarget(link.getAttribute('href') ?? '');
    if (value !== null) return { element: link, value };
  }
  return null;
}

/** The external URL behind a link (LinkedIn's `/redir/redirect?url=` unwrapped); null for LinkedIn's own pages. */
function externalTarget(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href, 'https://www.linkedin.com/');
  } catch {
    return null;
  }
  const onLinkedIn = url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com');
  if (onLinkedIn && url.pathname.startsWith('/redir/redirect')) return url.searchParams.get('url');
  if (onLinkedIn || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  return url.href;
}

function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

export interface LinkedInTargetOptions {
  /** How long to wait for a website link before asking by slug instead, ms (default 2 500). */
  websiteTimeoutMs?: number;
}

/**
 * The company of a LinkedIn URL: by the website its page links (only the domain is sent), else
 * by its slug, which the service matches against the LinkedIn links company sites publish.
 */
export function linkedInTargetOf(url: URL, document: Document, guard: StaleLinkGuard, options: LinkedInTargetOptions = {}): PageTarget | null {
  const slug = linkedInCompanySlugOf(url);
  if (slug === null) return null;
  const key = `linkedin:${slug}`;
  return {
    key,
    source: async (signal) => {
      const found = await waitForValue(() => {
        const website = findCompanyWebsite(document);
        return website !== null && guard.accepts(key, website) ? website : null;
      }, { signal, timeoutMs: options.websiteTimeoutMs ?? 2_500 });
      if (found !== null) {
        guard.remember(key, found);
        const host = hostOfWebsite(found.value);
        if (host !== null) return { type: 'card.forDomain', domain: host };
      }
      return { type: 'card.forLinkedIn', slug };
    },
  };
}
