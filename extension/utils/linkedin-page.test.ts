import { describe, expect, it } from 'vitest';
import { findCompanyWebsite, linkedInCompanySlugOf, linkedInTargetOf } from './linkedin-page.ts';
import { createStaleLinkGuard } from './page-target.ts';

const page = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const url = (path: string) => new URL(`https://www.linkedin.com${path}`);
const signal = new AbortController().signal;

describe('linkedInCompanySlugOf', () => {
  it('reads the slug of company pages and their tabs', () => {
    expect(linkedInCompanySlugOf(url('/company/acme-shop/'))).toBe('acme-shop');
    expect(linkedInCompanySlugOf(url('/company/Acme-Shop/about/?viewAsMember=true'))).toBe('acme-shop');
    expect(linkedInCompanySlugOf(url('/company/caf%C3%A9-berlin/'))).toBe('café-berlin');
  });

  it('ignores people, the feed, company tools and other hosts', () => {
    expect(linkedInCompanySlugOf(url('/in/ada-lovelace/'))).toBeNull();
    expect(linkedInCompanySlugOf(url('/feed/'))).toBeNull();
    expect(linkedInCompanySlugOf(url('/company/setup/new/'))).toBeNull();
    expect(linkedInCompanySlugOf(new URL('https://linkedin.example.com/company/acme-shop/'))).toBeNull();
  });
});

describe('findCompanyWebsite', () => {
  it("reads the about section's Website entry", () => {
    const doc = page('<dl><dt>Industry</dt><dd>Retail</dd><dt>Website</dt><dd><a href="https://acme-shop.com">https://acme-shop.com</a></dd></dl>');
    expect(findCompanyWebsite(doc)?.value).toBe('https://acme-shop.com/');
  });

  it("unwraps LinkedIn's redirect links and the top card's Visit website button", () => {
    const redirect = page('<div data-test-id="about-us__website"><a href="https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fwww.acme-shop.com&amp;urlhash=x">acme-shop.com</a></div>');
    expect(findCompanyWebsite(redirect)?.value).toBe('https://www.acme-shop.com');
    const button = page('<a href="/company/acme-shop/about/">About</a><a href="http://acme-shop.com/?utm=li" aria-label="Visit website for Acme Shop">Visit website</a>');
    expect(findCompanyWebsite(button)?.value).toBe('http://acme-shop.com/?utm=li');
  });

  it("ignores LinkedIn's own links", () => {
    expect(findCompanyWebsite(page('<a href="/company/acme-shop/jobs/">Jobs</a><a href="https://www.linkedin.com/help/">Visit website help</a>'))).toBeNull();
  });
});

describe('linkedInTargetOf', () => {
  it('asks by the website domain when the page shows one', async () => {
    const target = linkedInTargetOf(url('/company/acme-shop/'), page('<a aria-label="Visit website" href="https://www.acme-shop.com/">Visit website</a>'), createStaleLinkGuard(), { websiteTimeoutMs: 50 });
    expect(target?.key).toBe('linkedin:acme-shop');
    expect(typeof target?.source === 'function' && (await target.source(signal))).toEqual({ type: 'card.forDomain', domain: 'www.acme-shop.com' });
  });

  it('falls back to the slug when the page shows no website', async () => {
    const target = linkedInTargetOf(url('/company/acme-shop/posts/'), page('<main></main>'), createStaleLinkGuard(), { websiteTimeoutMs: 50 });
    expect(typeof target?.source === 'function' && (await target.source(signal))).toEqual({ type: 'card.forLinkedIn', slug: 'acme-shop' });
  });
});
