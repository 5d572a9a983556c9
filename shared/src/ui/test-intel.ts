import type { Intel } from '../schemas/intel.ts';

/** A complete intel record for tests of card surfaces; override what a test is about. */
export function sampleIntel(overrides: Partial<Intel> = {}): Intel {
  return {
    domain: 'acme-shop.com',
    company: { name: 'Acme Shop', description: 'Outdoor gear, shipped fast.', logoUrl: null, linkedinUrl: 'https://www.linkedin.com/company/acme-shop' },
    technologies: [
      { name: 'Cloudflare', categories: ['CDN'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
      { name: 'Google Analytics', categories: ['Analytics'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
      { name: 'Shopify', categories: ['Ecommerce'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
      { name: 'Algolia', categories: ['Search engines'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
    ],
    searchVendor: 'Algolia',
    partnerPlatforms: ['Shopify'],
    traffic: { monthlyVisits: 12_300_000, visitsByMonth: [] },
    techSpendUsd: 120_000,
    financials: { ticker: 'ACME', exchange: 'NASDAQ', marketCapUsd: 2_400_000_000, revenueUsd: 910_000_000, revenueGrowth: 0.083, employees: 3100, currency: 'USD' },
    score: 82,
    tier: 'hot',
    breakdown: [
      { factor: 'vertical', points: 40, reason: 'Commerce' },
      { factor: 'traffic', points: 25, reason: '12.3M visits / month' },
      { factor: 'partner_technology', points: 7, reason: 'Shopify' },
    ],
    sources: [
      { module: 'website.fingerprint', provider: 'website', sourceUrl: 'https://acme-shop.com/', fetchedAt: '2026-11-20T10:00:00.000Z', fresh: true },
      { module: 'score', provider: 'partnerforge', sourceUrl: 'partnerforge:score', fetchedAt: '2026-11-20T10:00:00.000Z', fresh: true },
    ],
    lastEnrichedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}
