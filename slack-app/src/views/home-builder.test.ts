import { describe, expect, it } from 'vitest';
import { costcoIntel } from '../__fixtures__/intel.ts';
import { visibleIntelFor } from '../access/role-visibility.ts';
import { buildHomeView } from './home-builder.ts';

const now = new Date('2026-11-22T10:00:00.000Z');

describe('buildHomeView', () => {
  it('ranks the accounts by score with their latest changes', () => {
    const cool = { ...costcoIntel, domain: 'acme-shop.com', company: null, score: 47, tier: 'cool' as const, searchVendor: 'Algolia' };
    const view = buildHomeView({
      kind: 'known',
      now,
      accounts: [
        { intel: visibleIntelFor(cool, 'sdr'), changes: [] },
        {
          intel: visibleIntelFor(costcoIntel, 'sdr'),
          changes: [{ dedupeKey: 'c1', domain: 'costco.com', category: 'executive_change', significance: 'high', title: 'New CFO', occurredAt: '2026-11-22T09:00:00.000Z' }],
        },
      ],
    });
    expect(view.type).toBe('home');
    const all = JSON.stringify(view.blocks);
    expect(all).toContain(':fire: *Costco Wholesale* · costco.com · 100/100 · search: Elasticsearch\\n:large_orange_circle: New CFO · 1 h ago');
    expect(all.indexOf('costco.com')).toBeLessThan(all.indexOf('acme-shop.com'));
    expect(all).not.toContain('Financial');
  });

  it('explains an empty list, an unknown user and an unreachable service', () => {
    expect(JSON.stringify(buildHomeView({ kind: 'known', accounts: [], now }).blocks)).toContain('Look one up with `/pf costco.com`');
    expect(JSON.stringify(buildHomeView({ kind: 'unknown', email: 'x@acme.com' }).blocks)).toContain('not a PartnerForge user yet (I looked for x@acme.com)');
    expect(JSON.stringify(buildHomeView({ kind: 'unavailable' }).blocks)).toContain("can't be reached");
  });
});
