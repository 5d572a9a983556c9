import { buildCardViewModel } from '@partnerforge/shared/ui';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleIntel } from '@partnerforge/shared/testing';
import type { CardResult } from '../utils/card-state.ts';
import type { BackgroundRequest, SendToBackground } from '../utils/messages.ts';
import { PopupApp } from './PopupApp.tsx';

const card: CardResult = { kind: 'card', card: buildCardViewModel({ intel: sampleIntel(), role: 'ae' }) };

/** A background that answers each request type from a queue of results. */
function fakeBackground(answers: Partial<Record<BackgroundRequest['type'], CardResult[]>>) {
  const requests: BackgroundRequest[] = [];
  const send = vi.fn<(request: BackgroundRequest) => Promise<CardResult>>(async (request) => {
    requests.push(request);
    const queue = answers[request.type] ?? [];
    return (queue.length > 1 ? queue.shift() : queue[0]) as CardResult;
  }) as unknown as SendToBackground;
  return { send, requests };
}

afterEach(cleanup);

describe('PopupApp', () => {
  it("shows the card of the tab's site, asking with the tab so its badge follows", async () => {
    const { send, requests } = fakeBackground({ 'card.forDomain': [card] });
    render(<PopupApp site={{ ok: true, domain: 'acme-shop.com' }} tabId={7} send={send} openOptions={() => undefined} />);
    expect(screen.getByRole('status').getAttribute('aria-busy')).toBe('true');
    await screen.findByRole('article', { name: 'PartnerForge intel on Acme Shop' });
    expect(requests).toEqual([{ type: 'card.forDomain', domain: 'acme-shop.com', tabId: 7 }]);
  });

  it('not enriched yet: Enrich starts the job, progress shows while it runs, then the card', async () => {
    const { send, requests } = fakeBackground({
      'card.forDomain': [{ kind: 'not_enriched', domain: 'acme-shop.com' }],
      'enrichment.start': [{ kind: 'enriching', domain: 'acme-shop.com', progress: 0 }],
      'enrichment.status': [{ kind: 'enriching', domain: 'acme-shop.com', progress: 50 }, card],
    });
    render(<PopupApp site={{ ok: true, domain: 'acme-shop.com' }} send={send} openOptions={() => undefined} pollIntervalMs={5} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Enrich' }));
    await screen.findByText(/50%/);
    await screen.findByRole('article');
    expect(requests.map((request) => request.type)).toEqual(['card.forDomain', 'enrichment.start', 'enrichment.status', 'enrichment.status']);
  });

  it('not a company site: says why without asking the background', () => {
    const { send } = fakeBackground({});
    render(<PopupApp site={{ ok: false, reason: 'not_company_site', message: 'google.com is a search engine, not a company site.' }} send={send} openOptions={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toContain('google.com is a search engine');
    expect(send).not.toHaveBeenCalled();
  });

  it('no key: offers to open the settings', async () => {
    const openOptions = vi.fn<() => void>();
    const { send } = fakeBackground({ 'card.forDomain': [{ kind: 'error', error: { kind: 'no_key', message: 'Add the service URL and your API key on the options page.' } }] });
    render(<PopupApp site={{ ok: true, domain: 'acme-shop.com' }} send={send} openOptions={openOptions} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open settings' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('service unreachable: Try again asks again', async () => {
    const { send, requests } = fakeBackground({
      'card.forDomain': [{ kind: 'error', error: { kind: 'unreachable', message: 'https://pf.example.com cannot be reached.' } }, card],
    });
    render(<PopupApp site={{ ok: true, domain: 'acme-shop.com' }} send={send} openOptions={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('article')).toBeTruthy());
    expect(requests).toHaveLength(2);
  });
});
