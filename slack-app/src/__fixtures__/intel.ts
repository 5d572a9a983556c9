import { type Intel, IntelSchema } from '@partnerforge/shared/schemas';

/** A listed retailer's intel as `GET /v1/intel/costco.com` answers it (validated, so it stays real). */
export const costcoIntel: Intel = IntelSchema.parse({
  domain: 'costco.com',
  company: { name: 'Costco Wholesale', description: 'Membership warehouse club.', logoUrl: null, linkedinUrl: 'https://www.linkedin.com/company/costco-wholesale' },
  technologies: [
    { name: 'Adobe Experience Manager', categories: ['CMS'], sources: ['tech.builtwith'], firstDetected: '2021-03-01T00:00:00.000Z', lastDetected: '2026-11-01T00:00:00.000Z' },
    { name: 'Akamai', categories: ['CDN'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
    { name: 'Elasticsearch', categories: ['Search engines'], sources: ['website.fingerprint', 'tech.builtwith'], firstDetected: null, lastDetected: null },
    { name: 'Google Analytics', categories: ['Analytics'], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null },
  ],
  searchVendor: 'Elasticsearch',
  partnerPlatforms: ['Adobe Experience Manager'],
  traffic: {
    monthlyVisits: 145_000_000,
    visitsByMonth: [
      { month: '2026-05', visits: 130_000_000 },
      { month: '2026-10', visits: 145_000_000 },
    ],
  },
  techSpendUsd: 120_000,
  financials: { ticker: 'COST', exchange: 'NMS', marketCapUsd: 421_300_000_000, revenueUsd: 254_500_000_000, revenueGrowth: 0.051, employees: 316_000, currency: 'USD' },
  score: 100,
  tier: 'hot',
  breakdown: [
    { factor: 'vertical', points: 40, reason: 'Commerce vertical' },
    { factor: 'traffic', points: 30, reason: '145M monthly visits (≥ 50M)' },
    { factor: 'tech_spend', points: 20, reason: 'Tech spend $120K/month (≥ $100K)' },
    { factor: 'partner_technology', points: 10, reason: 'Partner technology Adobe Experience Manager' },
  ],
  sources: [
    { module: 'website.fingerprint', provider: 'website', sourceUrl: 'https://www.costco.com/', fetchedAt: '2026-11-22T08:00:00.000Z', fresh: true },
    { module: 'financials.yahoo', provider: 'yahoo-finance', sourceUrl: 'https://finance.yahoo.com/quote/COST', fetchedAt: '2026-11-20T08:00:00.000Z', fresh: false },
  ],
  lastEnrichedAt: '2026-11-22T08:00:00.000Z',
});
