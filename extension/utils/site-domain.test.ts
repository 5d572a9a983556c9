import { describe, expect, it } from 'vitest';
import { isOverlaySite, siteDomainOf } from './site-domain.ts';

describe('siteDomainOf', () => {
  it('reduces a page URL to its registrable domain', () => {
    expect(siteDomainOf('https://shop.acme.co.uk/products?x=1')).toEqual({ ok: true, domain: 'acme.co.uk' });
    expect(siteDomainOf('http://www.acme-shop.com/')).toEqual({ ok: true, domain: 'acme-shop.com' });
  });

  it.each([
    ['https://www.google.com/search?q=acme', 'a search engine'],
    ['https://www.google.de/', 'a search engine'],
    ['https://duckduckgo.com/?q=x', 'a search engine'],
    ['https://mail.google.com/mail/u/0/', 'a search engine'],
    ['https://outlook.live.com/mail/', 'webmail'],
    ['https://mail.zoho.com/', 'webmail'],
    ['https://www.linkedin.com/feed/', 'LinkedIn'],
  ])('refuses %s as %s', (url, kind) => {
    const site = siteDomainOf(url);
    expect(site).toMatchObject({ ok: false, reason: 'not_company_site' });
    expect(site.ok ? '' : site.message).toContain(kind);
  });

  it('refuses browser pages, IP addresses and local names', () => {
    expect(siteDomainOf('chrome://extensions')).toMatchObject({ ok: false, reason: 'not_a_web_page' });
    expect(siteDomainOf(undefined)).toMatchObject({ ok: false, reason: 'not_a_web_page' });
    expect(siteDomainOf('http://127.0.0.1:3000/')).toMatchObject({ ok: false, reason: 'not_company_site' });
    expect(siteDomainOf('http://intranet.corp/')).toMatchObject({ ok: false, reason: 'not_company_site' });
  });
});

describe('isOverlaySite', () => {
  it('knows where the overlay shows the card', () => {
    expect(isOverlaySite('https://acme.lightning.force.com/lightning/r/Account/001/view')).toBe(true);
    expect(isOverlaySite('https://www.linkedin.com/company/acme')).toBe(true);
    expect(isOverlaySite('https://acme-shop.com/')).toBe(false);
  });
});
