import type { Me } from '@partnerforge/shared/schemas';
import { browser } from 'wxt/browser';
import type { CardError, CardResult } from './card-state.ts';

// The only way pages and content scripts reach the service: a message to the background, which
// holds the key and makes every call. Content scripts send only a domain, a Salesforce record id
// or a LinkedIn slug.

/** Ask for the card of a domain or of a LinkedIn company page. */
export type CardRequest =
  | {
      type: 'card.forDomain';
      /** A domain or host name; the background reduces it to the registrable domain. */
      domain: string;
      /** The Salesforce Account the domain came from (for the "Open in Salesforce" link). */
      salesforceRecordId?: string;
      /** The tab whose badge should show the tier (popup); content scripts' own tab is implied. */
      tabId?: number;
    }
  | { type: 'card.forLinkedIn'; slug: string };

export type BackgroundRequest =
  | CardRequest
  | { type: 'enrichment.start'; domain: string; tabId?: number }
  | { type: 'enrichment.status'; domain: string; tabId?: number }
  | { type: 'settings.connect'; serviceUrl: string; apiKey: string; badgeForEverySite: boolean }
  /** The page no longer shows an account: clear the sender tab's badge. */
  | { type: 'badge.clear' }
  | { type: 'options.open' };

export type ConnectResult = { ok: true; me: Me } | { ok: false; error: CardError };

export type ResponseOf<R extends BackgroundRequest> = R extends { type: 'settings.connect' }
  ? ConnectResult
  : R extends { type: 'options.open' } | { type: 'badge.clear' }
    ? { ok: true }
    : CardResult;

export type SendToBackground = <R extends BackgroundRequest>(request: R) => Promise<ResponseOf<R>>;

const REQUEST_TYPES = new Set<string>(['card.forDomain', 'card.forLinkedIn', 'enrichment.start', 'enrichment.status', 'settings.connect', 'badge.clear', 'options.open']);

/** Whether a runtime message is one of ours (other extensions' or stray messages are ignored). */
export function isBackgroundRequest(message: unknown): message is BackgroundRequest {
  return typeof message === 'object' && message !== null && REQUEST_TYPES.has(String((message as { type?: unknown }).type));
}

/** Sends a request to the background; a dead background (extension reloaded) becomes a card error. */
export const sendToBackground: SendToBackground = async (request) => {
  try {
    const response: unknown = await browser.runtime.sendMessage(request);
    if (response === undefined) throw new Error('No answer from the extension');
    return response as never;
  } catch (error) {
    const failed: CardError = {
      kind: 'failed',
      message: `The PartnerForge extension did not answer (${error instanceof Error ? error.message : String(error)}). Reload the page.`,
    };
    return (request.type === 'settings.connect' ? { ok: false, error: failed } : { kind: 'error', error: failed }) as never;
  }
};
