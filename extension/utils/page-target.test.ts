import { describe, expect, it, vi } from 'vitest';
import { createCardSession } from './card-session.ts';
import type { CardResult, CardState } from './card-state.ts';
import type { BackgroundRequest, SendToBackground } from './messages.ts';
import { createPageTracker, hostOfWebsite } from './page-target.ts';

function harness() {
  const states: CardState[] = [];
  const requests: BackgroundRequest[] = [];
  const send = (async (request: BackgroundRequest) => {
    requests.push(request);
    return { kind: 'not_enriched', domain: 'domain' in request ? request.domain : 'x' } satisfies CardResult;
  }) as SendToBackground;
  const session = createCardSession({ send, onState: (state) => states.push(state) });
  const show = vi.fn<() => void>();
  const hide = vi.fn<() => void>();
  const tracker = createPageTracker({
    session,
    show,
    hide,
    targetOf: (url) => {
      const id = /\/record\/(\w+)/.exec(url.pathname)?.[1];
      return id === undefined ? null : { key: id, source: { type: 'card.forDomain', domain: `${id}.com` } };
    },
  });
  return { tracker, states, requests, show, hide };
}

describe('createPageTracker', () => {
  it('shows the card of each account the app navigates to, once per account, and hides it elsewhere', async () => {
    const { tracker, requests, show, hide } = harness();
    tracker.update(new URL('https://app.example/record/a'));
    tracker.update(new URL('https://app.example/record/a?tab=related'));
    tracker.update(new URL('https://app.example/record/b'));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(requests.map((request) => 'domain' in request && request.domain)).toEqual(['a.com', 'b.com']);
    expect(show).toHaveBeenCalledTimes(2);

    tracker.update(new URL('https://app.example/home'));
    expect(hide).toHaveBeenCalledOnce();
    tracker.update(new URL('https://app.example/settings'));
    expect(hide).toHaveBeenCalledOnce();
    tracker.update(new URL('https://app.example/record/a'));
    await vi.waitFor(() => expect(requests).toHaveLength(3));
  });
});

describe('createCardSession', () => {
  it('drops the answer for an account the user has already left', async () => {
    const states: CardState[] = [];
    const slow: { release?: (result: CardResult) => void } = {};
    const send = vi.fn<(request: BackgroundRequest) => Promise<CardResult>>(
      (request) =>
        new Promise<CardResult>((resolve) => {
          if ('domain' in request && request.domain === 'slow.com') slow.release = resolve;
          else resolve({ kind: 'not_enriched', domain: 'fast.com' });
        }),
    ) as unknown as SendToBackground;
    const session = createCardSession({ send, onState: (state) => states.push(state) });
    void session.load({ type: 'card.forDomain', domain: 'slow.com' });
    await session.load({ type: 'card.forDomain', domain: 'fast.com' });
    slow.release?.({ kind: 'not_enriched', domain: 'slow.com' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(states.at(-1)).toEqual({ kind: 'not_enriched', domain: 'fast.com' });
  });
});

describe('hostOfWebsite', () => {
  it('keeps only the host name of what a page shows as a website', () => {
    expect(hostOfWebsite('https://www.acme-shop.com/about?ref=x')).toBe('www.acme-shop.com');
    expect(hostOfWebsite('acme-shop.com')).toBe('acme-shop.com');
    expect(hostOfWebsite('mailto:info@acme-shop.com')).toBeNull();
    expect(hostOfWebsite('https://user:pw@acme-shop.com')).toBeNull();
  });
});
