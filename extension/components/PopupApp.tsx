import { useEffect, useMemo, useState } from 'preact/hooks';
import { createCardSession } from '../utils/card-session.ts';
import type { CardState } from '../utils/card-state.ts';
import type { SendToBackground } from '../utils/messages.ts';
import type { SiteDomain } from '../utils/site-domain.ts';
import { IntelCard } from './IntelCard.tsx';

export interface PopupAppProps {
  /** The current tab's site. */
  site: SiteDomain;
  /** The current tab, so its badge follows the card. */
  tabId?: number;
  send: SendToBackground;
  openOptions: () => void;
  /** Between enrichment progress polls, ms (default 1000). */
  pollIntervalMs?: number;
}

/** The popup: the card of the current tab's site, "Not enriched yet — Enrich" with progress, or why not. */
export function PopupApp({ site, tabId, send, openOptions, pollIntervalMs }: PopupAppProps) {
  const [state, setState] = useState<CardState>({ kind: 'loading' });
  const session = useMemo(
    () => createCardSession({ send, onState: setState, ...(tabId === undefined ? {} : { tabId }), ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }) }),
    [send, tabId, pollIntervalMs],
  );

  useEffect(() => {
    if (site.ok) void session.load({ type: 'card.forDomain', domain: site.domain });
    else setState({ kind: 'error', error: { kind: 'not_company_site', message: site.message } });
    return () => session.cancel();
  }, [session, site]);

  return (
    <main class="pf-page pf-page--popup">
      <h1>PartnerForge</h1>
      <IntelCard state={state} onEnrich={() => void session.enrich()} onRetry={() => void session.retry()} onOpenOptions={openOptions} />
    </main>
  );
}
