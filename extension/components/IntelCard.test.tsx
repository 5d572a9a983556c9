import { buildCardViewModel } from '@partnerforge/shared/ui';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleIntel } from '@partnerforge/shared/testing';
import type { CardState } from '../utils/card-state.ts';
import { IntelCard } from './IntelCard.tsx';

const now = new Date('2026-11-23T10:00:00.000Z');
const links = { brief: 'https://pf.example.com/briefs/acme-shop.com', salesforce: 'https://acme.lightning.force.com/lightning/r/Account/001000000000001AAA/view' };
const cardState = (card = buildCardViewModel({ intel: sampleIntel(), role: 'ae', now, links })): CardState => ({ kind: 'card', card });

afterEach(cleanup);

describe('IntelCard', () => {
  it('loading: a busy status, no data yet', () => {
    const { container } = render(<IntelCard state={{ kind: 'loading' }} />);
    expect(screen.getByRole('status').getAttribute('aria-busy')).toBe('true');
    expect(screen.getByText('Loading PartnerForge intel…')).toBeTruthy();
    expect(container.querySelector('[data-field="score"]')).toBeNull();
  });

  it('fresh: score and tier in the tier colour, search vendor, technologies, traffic, changes and links', () => {
    const { container } = render(<IntelCard state={cardState()} />);
    const card = screen.getByRole('article', { name: 'PartnerForge intel on Acme Shop' });
    expect(card.dataset.state).toBe('fresh');
    expect(container.querySelector('[data-field="score"]')?.textContent).toBe('82');
    expect(container.querySelector('[data-field="tier"]')?.textContent).toBe('Hot');
    expect((container.querySelector('.pf-score') as HTMLElement).style.getPropertyValue('--pf-tier-bg')).toBe('#ef4444');
    expect(container.querySelector('[data-field="search-vendor"]')?.textContent).toBe('Algolia');
    expect(container.querySelector('[data-field="traffic"]')?.textContent).toBe('12.3M visits / month');
    expect([...container.querySelectorAll('[data-field="technologies"] li')].map((li) => li.textContent)).toEqual(['Algolia', 'Shopify', 'Google Analytics', 'Cloudflare']);
    expect(within(container.querySelector('[data-field="changes"]') as HTMLElement).getByText('No changes recorded since the last enrichment.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open brief' }).getAttribute('href')).toBe(links.brief);
    expect(screen.getByRole('link', { name: 'Open in Salesforce' }).getAttribute('href')).toBe(links.salesforce);
    expect(screen.getByText('Enriched 3 days ago')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('lists what changed, most significant marked', () => {
    const card = buildCardViewModel({
      intel: sampleIntel(), role: 'ae', now,
      changes: [{ summary: 'Search vendor removed: Algolia', significance: 'critical', detectedAt: '2026-11-22T00:00:00.000Z' }],
    });
    const { container } = render(<IntelCard state={{ kind: 'card', card }} />);
    const item = container.querySelector('[data-field="changes"] li') as HTMLElement;
    expect(item.textContent).toBe('Search vendor removed: Algolia');
    expect(item.dataset.significance).toBe('critical');
  });

  it('stale: still shows the data, says what is out of date and offers a refresh', () => {
    const intel = sampleIntel();
    intel.sources[0] = { ...intel.sources[0]!, fresh: false };
    const onEnrich = vi.fn<() => void>();
    const { container } = render(<IntelCard state={cardState(buildCardViewModel({ intel, role: 'ae', now }))} onEnrich={onEnrich} />);
    expect(screen.getByRole('article').dataset.state).toBe('stale');
    expect(screen.getByRole('note').textContent).toContain('Some data is out of date (website.fingerprint)');
    expect(container.querySelector('[data-field="score"]')?.textContent).toBe('82');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onEnrich).toHaveBeenCalledOnce();
  });

  it('not enriched: says so and offers to enrich', () => {
    const onEnrich = vi.fn<() => void>();
    render(<IntelCard state={{ kind: 'not_enriched', domain: 'acme-shop.com' }} onEnrich={onEnrich} />);
    expect(screen.getByText(/is not enriched yet/).textContent).toBe('acme-shop.com is not enriched yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Enrich' }));
    expect(onEnrich).toHaveBeenCalledOnce();
  });

  it('enriching: shows the job progress', () => {
    render(<IntelCard state={{ kind: 'enriching', domain: 'acme-shop.com', progress: 40 }} />);
    const bar = screen.getByRole('progressbar', { name: 'Enrichment progress of acme-shop.com' }) as HTMLProgressElement;
    expect(bar.value).toBe(40);
    expect(screen.getByRole('status').textContent).toContain('40%');
  });

  it.each([
    ['no_key', 'Connect PartnerForge', 'Open settings'],
    ['unreachable', 'Service unreachable', 'Try again'],
    ['budget_exceeded', 'Budget cap reached', null],
    ['not_company_site', 'Not a company site', null],
  ] as const)('error %s: a clear title, the reason, and the action that helps', (kind, title, action) => {
    const onRetry = vi.fn<() => void>();
    const onOpenOptions = vi.fn<() => void>();
    render(<IntelCard state={{ kind: 'error', error: { kind, message: `Because of ${kind}.` } }} onRetry={onRetry} onOpenOptions={onOpenOptions} />);
    const alert = screen.getByRole('alert');
    expect(alert.dataset.error).toBe(kind);
    expect(within(alert).getByText(title)).toBeTruthy();
    expect(within(alert).getByText(`Because of ${kind}.`)).toBeTruthy();
    const buttons = within(alert).queryAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual(action === null ? [] : [action]);
    if (action !== null) fireEvent.click(buttons[0]!);
    expect(onRetry.mock.calls.length + onOpenOptions.mock.calls.length).toBe(action === null ? 0 : 1);
  });

  it('role-filtered: an AE sees financials, a viewer sees them read-only, an SDR sees none of them', () => {
    const intel = sampleIntel();
    const ae = render(<IntelCard state={cardState(buildCardViewModel({ intel, role: 'ae', now }))} />);
    const financials = ae.container.querySelector('[data-field="financials"]') as HTMLElement;
    expect(financials.textContent).toContain('NASDAQ: ACME');
    expect(financials.textContent).toContain('$2.4B');
    expect(financials.textContent).toContain('$910M (+8.3%)');
    cleanup();

    const viewer = render(<IntelCard state={cardState(buildCardViewModel({ intel, role: 'viewer', now }))} />);
    expect(viewer.container.querySelector('[data-field="financials"]')?.textContent).toContain('NASDAQ: ACME');
    cleanup();

    for (const role of ['sdr'] as const) {
      const { container } = render(<IntelCard state={cardState(buildCardViewModel({ intel, role, now }))} />);
      expect(container.querySelector('[data-field="financials"]')).toBeNull();
      expect(container.textContent).not.toContain('ACME');
      expect(container.textContent).not.toContain('$2.4B');
      // Everything else is still there.
      expect(container.querySelector('[data-field="score"]')?.textContent).toBe('82');
      cleanup();
    }
  });
});
