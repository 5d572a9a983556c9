import { describe, expect, it } from 'vitest';
import type { Role } from '@partnerforge/shared/schemas';
import { costcoIntel } from '../__fixtures__/intel.ts';
import { visibleIntelFor } from '../access/role-visibility.ts';
import type { RecentChange } from '../activity/account-activity.ts';
import { buildIntelCard } from './intel-card-builder.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const links = { briefUrl: 'https://pf.test/briefs/costco.com', salesforceUrl: 'https://acme.my.salesforce.com/search?str=costco.com' };
const changes: RecentChange[] = [
  { dedupeKey: 'c1', domain: 'costco.com', category: 'executive_change', significance: 'high', title: 'New CFO: Jane Doe', occurredAt: '2026-11-20T10:00:00.000Z' },
  { dedupeKey: 'c2', domain: 'costco.com', category: 'search_vendor_removed', significance: 'critical', title: 'Search vendor removed: Algolia', occurredAt: '2026-11-22T09:30:00.000Z' },
];
const card = (role: Role, extra: Partial<Parameters<typeof buildIntelCard>[0]> = {}) =>
  buildIntelCard({ intel: visibleIntelFor(costcoIntel, role), changes, links, now, ...extra });
const text = (role: Role) => JSON.stringify(card(role).blocks);

describe('buildIntelCard', () => {
  it('shows company, priority, score with its top reasons, and a text fallback', () => {
    const message = card('ae');
    expect(message.text).toBe('Costco Wholesale (costco.com): score 100, hot priority');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Costco Wholesale · costco.com', emoji: true } });
    const all = text('ae');
    expect(all).toContain('*Priority*\\n:fire: Hot');
    expect(all).toContain('*Score*\\n100/100');
    expect(all).toContain('• +40 Commerce vertical\\n• +30 145M monthly visits (≥ 50M)\\n• +20 Tech spend $120K/month (≥ $100K)');
    expect(all).not.toContain('+10 Partner technology');
  });

  it('highlights the search vendor and partner platforms, first in the technology list', () => {
    const all = text('ae');
    expect(all).toContain('*Search vendor:* :mag: *Elasticsearch*');
    expect(all).toContain('*Partner platforms:* :handshake: *Adobe Experience Manager*');
    expect(all).toContain('*Technologies:* *Adobe Experience Manager*, *Elasticsearch*, Akamai, Google Analytics');
  });

  it('shows traffic with its trend, spend, the latest changes newest first, and freshness', () => {
    const all = text('ae');
    expect(all).toContain('*Traffic*\\n145M visits/month (+12% over 2 months)');
    expect(all).toContain('*Tech spend*\\n$120K/month (est.)');
    expect(all).toContain(':red_circle: Search vendor removed: Algolia · 30 min ago\\n:large_orange_circle: New CFO: Jane Doe · 2 days ago');
    expect(all).toContain('Enriched 2 h ago · sources: website, yahoo-finance · :hourglass: some data is due for a refresh');
  });

  it.each(['admin', 'manager', 'ae', 'viewer'] as const)('shows financial highlights to a %s', (role) => {
    expect(text(role)).toContain('*Financial highlights*\\nCOST (NMS) · market cap $421B · revenue $255B (+5.1% YoY) · 316,000 employees');
  });

  it.each(['sdr'] as const)('leaves financials out entirely for a %s', (role) => {
    expect('financials' in visibleIntelFor(costcoIntel, role)).toBe(false);
    expect(text(role)).not.toMatch(/Financial|COST \(NMS\)|421B|316,000/);
  });

  it('ends with Open brief, Open in Salesforce and Re-enrich; no Salesforce button without its URL', () => {
    const actions = card('ae').blocks.at(-1);
    expect(actions).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'pf_open_brief', url: links.briefUrl, text: { text: 'Open brief' } },
        { action_id: 'pf_open_salesforce', url: links.salesforceUrl, text: { text: 'Open in Salesforce' } },
        { action_id: 'pf_reenrich', value: 'costco.com', text: { text: 'Re-enrich' } },
      ],
    });
    const withoutSalesforce = card('ae', { links: { briefUrl: links.briefUrl } }).blocks.at(-1) as { elements: Array<{ action_id: string }> };
    expect(withoutSalesforce.elements.map((e) => e.action_id)).toEqual(['pf_open_brief', 'pf_reenrich']);
  });

  it('stays within Slack limits and escapes what the data says', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ name: `Tech <${i}> & co`, categories: [], sources: ['website.fingerprint'], firstDetected: null, lastDetected: null }));
    const message = buildIntelCard({ intel: { ...costcoIntel, technologies: many, company: { name: 'X'.repeat(400), description: null, logoUrl: null, linkedinUrl: null } }, changes: [], links, now });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const all = JSON.stringify(message.blocks);
    expect(all).toContain('Tech &lt;0&gt; &amp; co');
    expect(all).toContain('and 65 more');
    expect(all).toContain('_No significant changes recorded_');
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
  });

  it('says what is missing on an account not scored and without traffic data', () => {
    const bare = { ...costcoIntel, score: null, tier: null, breakdown: [], traffic: null, techSpendUsd: null, financials: null, searchVendor: null, partnerPlatforms: [], technologies: [] };
    const all = JSON.stringify(buildIntelCard({ intel: bare, changes: [], links, now }).blocks);
    expect(all).toContain('Not scored yet');
    expect(all).toContain('_No traffic data_');
    expect(all).toContain(':mag: none detected');
    expect(all).toContain('_No public financials found_');
    expect(all).not.toContain('Why this score');
  });
});
