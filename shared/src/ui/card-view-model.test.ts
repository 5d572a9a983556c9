import { describe, expect, it } from 'vitest';
import { ROLES } from '../schemas/roles.ts';
import { buildCardViewModel, canSeeFinancials, KEY_TECHNOLOGY_LIMIT } from './card-view-model.ts';
import { sampleIntel } from './test-intel.ts';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('buildCardViewModel', () => {
  it('shows score, tier, search vendor, traffic and age of fresh intel', () => {
    const card = buildCardViewModel({ intel: sampleIntel(), role: 'ae', now });
    expect(card).toMatchObject({
      domain: 'acme-shop.com',
      title: 'Acme Shop',
      scoreLabel: '82',
      tier: 'hot',
      tierLabel: 'Hot',
      searchVendorLabel: 'Algolia',
      trafficLabel: '12.3M visits / month',
      techSpendLabel: '$120K / year',
      freshness: 'fresh',
      staleModules: [],
      lastEnrichedLabel: 'Enriched 3 days ago',
    });
    expect(card.breakdown[0]).toEqual({ factor: 'Vertical', points: 40, reason: 'Commerce' });
  });

  it('names the most telling technologies first: search, commerce, then the rest', () => {
    const card = buildCardViewModel({ intel: sampleIntel(), role: 'ae', now });
    expect(card.keyTechnologies).toEqual(['Algolia', 'Shopify', 'Google Analytics', 'Cloudflare']);
    expect(card.moreTechnologies).toBe(0);
  });

  it('caps the technology list and counts the rest', () => {
    const technologies = Array.from({ length: KEY_TECHNOLOGY_LIMIT + 3 }, (_, i) => ({
      name: `Tech ${String(i).padStart(2, '0')}`, categories: ['Miscellaneous'], sources: [], firstDetected: null, lastDetected: null,
    }));
    const card = buildCardViewModel({ intel: sampleIntel({ technologies }), role: 'ae', now });
    expect(card.keyTechnologies).toHaveLength(KEY_TECHNOLOGY_LIMIT);
    expect(card.moreTechnologies).toBe(3);
  });

  it('marks intel stale when any source is past its TTL, naming the modules', () => {
    const intel = sampleIntel();
    intel.sources[0] = { ...intel.sources[0]!, fresh: false };
    const card = buildCardViewModel({ intel, role: 'ae', now });
    expect(card.freshness).toBe('stale');
    expect(card.staleModules).toEqual(['website.fingerprint']);
  });

  it('says what is unknown instead of leaving gaps', () => {
    const card = buildCardViewModel({
      intel: sampleIntel({ company: null, score: null, tier: null, searchVendor: null, traffic: null, techSpendUsd: null, lastEnrichedAt: null }),
      role: 'ae',
      now,
    });
    expect(card).toMatchObject({ title: 'acme-shop.com', scoreLabel: '–', tierLabel: 'Not scored', searchVendorLabel: 'None detected', trafficLabel: null, techSpendLabel: null, lastEnrichedLabel: 'Never enriched' });
  });

  it('formats financials for roles that may see them', () => {
    const card = buildCardViewModel({ intel: sampleIntel(), role: 'manager', now });
    expect(card.financials).toEqual({ ticker: 'ACME', exchange: 'NASDAQ', marketCap: '$2.4B', revenue: '$910M', revenueGrowth: '+8.3%', employees: '3,100' });
  });

  it.each(['sdr'] as const)('leaves financials out entirely for %s (absent, not null)', (role) => {
    const card = buildCardViewModel({ intel: sampleIntel(), role, now });
    expect('financials' in card).toBe(false);
    expect(JSON.stringify(card)).not.toContain('ACME');
  });

  it('has no financials key when the company has none, whatever the role', () => {
    expect('financials' in buildCardViewModel({ intel: sampleIntel({ financials: null }), role: 'admin', now })).toBe(false);
  });

  it('carries changes and links through', () => {
    const changes = [{ summary: 'Search vendor removed: Algolia', significance: 'critical' as const, detectedAt: '2026-11-22T00:00:00.000Z' }];
    const card = buildCardViewModel({ intel: sampleIntel(), role: 'ae', now, changes, links: { brief: 'https://pf.example/briefs/acme-shop.com' } });
    expect(card.changes).toEqual(changes);
    expect(card.links).toEqual({ brief: 'https://pf.example/briefs/acme-shop.com' });
  });
});

describe('canSeeFinancials', () => {
  it('follows the visibility matrix', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, canSeeFinancials(role)]))).toEqual({ admin: true, manager: true, ae: true, sdr: false, viewer: true });
  });
});
