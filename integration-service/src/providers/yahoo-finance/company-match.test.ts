import { describe, expect, it } from 'vitest';
import { matchesCompany, normalizeCompanyName, websiteHost, websiteMatchesDomain } from './company-match.ts';

describe('websiteMatchesDomain', () => {
  it('matches the domain itself, www, subdomains and the parent domain', () => {
    expect(websiteHost('https://www.costco.com/')).toBe('costco.com');
    expect(websiteHost('costco.com')).toBe('costco.com');
    expect(websiteMatchesDomain('https://www.costco.com', 'costco.com')).toBe(true);
    expect(websiteMatchesDomain('http://investor.costco.com', 'costco.com')).toBe(true);
    expect(websiteMatchesDomain('https://www.costco.com', 'shop.costco.com')).toBe(true);
  });

  it('rejects look-alikes and other countries', () => {
    expect(websiteMatchesDomain('https://www.costco.com', 'notcostco.com')).toBe(false);
    expect(websiteMatchesDomain('https://www.costco.com', 'costco.ca')).toBe(false);
    expect(websiteMatchesDomain('https://www.mycostco.com', 'costco.com')).toBe(false);
    expect(websiteMatchesDomain('::::', 'costco.com')).toBe(false);
  });
});

describe('matchesCompany', () => {
  it('lets the website decide when there is one', () => {
    expect(matchesCompany({ website: 'https://www.costco.com', names: ['Costco Wholesale Corporation'] }, { domain: 'costco.com' })).toBe(true);
    // Same name, another site: not our prospect.
    expect(matchesCompany({ website: 'https://www.costco.co.uk', names: ['Costco Wholesale'] }, { domain: 'costco.com', companyName: 'Costco Wholesale' })).toBe(false);
  });

  it('falls back to an exact normalized name only without a website', () => {
    expect(normalizeCompanyName('Procter & Gamble Co.')).toBe('procter and gamble');
    expect(matchesCompany({ website: null, names: ['The Procter & Gamble Company', null] }, { domain: 'pg.com', companyName: 'Procter and Gamble' })).toBe(true);
    expect(matchesCompany({ website: null, names: ['Costco Wholesale Corporation'] }, { domain: 'costco.com', companyName: 'Costco' })).toBe(false);
    expect(matchesCompany({ website: null, names: ['Costco'] }, { domain: 'costco.com' })).toBe(false);
  });
});
