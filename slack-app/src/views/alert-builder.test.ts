import { describe, expect, it } from 'vitest';
import { type AlertDeliveryJob, AlertDeliveryJobSchema, alertDeliveryJobId } from '@partnerforge/shared/schemas';
import { buildAlertMessage, buildDigestMessage } from './alert-builder.ts';

const alert = (overrides: Partial<AlertDeliveryJob> = {}): AlertDeliveryJob =>
  AlertDeliveryJobSchema.parse({
    alertId: 'a1',
    dedupeKey: 'change-1',
    recipient: { email: 'ada@acme.com' },
    frequency: 'immediate',
    domain: 'costco.com',
    category: 'search_vendor_removed',
    significance: 'critical',
    title: 'Search vendor removed: Elasticsearch',
    body: 'No search <script> on the homepage any more.',
    ...overrides,
  });

describe('alert messages', () => {
  it('validates the alerts.deliver contract and builds a job id BullMQ accepts', () => {
    expect(alert().links).toEqual([]);
    expect(AlertDeliveryJobSchema.safeParse({ ...alert(), channelId: 'general' }).success).toBe(false);
    expect(AlertDeliveryJobSchema.safeParse({ ...alert(), frequency: 'weekly' }).success).toBe(false);
    expect(alertDeliveryJobId({ alertId: 'a:1', recipient: { email: 'Ada@Acme.com' } })).toBe('alert-a-1-ada@acme.com');
  });

  it('posts one alert with its significance, account, escaped body and links', () => {
    const message = buildAlertMessage(alert({ links: [{ label: 'Open brief', url: 'https://pf.test/briefs/costco.com' }] }));
    expect(message.text).toBe('CRITICAL: Search vendor removed: Elasticsearch (costco.com)');
    const all = JSON.stringify(message.blocks);
    expect(all).toContain(':red_circle: *Search vendor removed: Elasticsearch* · costco.com');
    expect(all).toContain('No search &lt;script&gt; on the homepage any more.');
    expect(all).toContain('search vendor removed · critical significance');
    expect(all).toContain('"url":"https://pf.test/briefs/costco.com"');
  });

  it('groups a digest by account, most significant first, and caps its length', () => {
    const digest = buildDigestMessage(
      [alert({ significance: 'low', title: 'New blog', domain: 'walmart.com' }), alert({ title: 'Vendor removed' }), alert({ significance: 'high', title: 'New CFO' })],
      '2026-11-22',
    );
    const all = JSON.stringify(digest.blocks);
    expect(digest.text).toBe('PartnerForge daily digest: 3 changes');
    expect(all).toContain('*costco.com*\\n:red_circle: Vendor removed\\n:large_orange_circle: New CFO');
    expect(all.indexOf('costco.com')).toBeLessThan(all.indexOf('walmart.com'));
    const big = buildDigestMessage(Array.from({ length: 60 }, (_, i) => alert({ title: `Change ${i}`, domain: `d${i}.com` })), '2026-11-22');
    expect(big.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(big.blocks)).toContain('…and 40 more');
  });
});
