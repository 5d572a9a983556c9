import type { CardViewModel } from '@partnerforge/shared/ui';

/** Why a card cannot be shown; each kind has its own wording and next step in the UI. */
export type CardErrorKind =
  /** No service URL or API key saved yet. */
  | 'no_key'
  /** The service refused the key (revoked, expired, mistyped). */
  | 'unauthorized'
  /** The key may read but not start enrichments. */
  | 'forbidden'
  /** The extension lacks the host permission for the service's origin. */
  | 'no_permission'
  /** The service did not answer (down, offline, wrong URL). */
  | 'unreachable'
  /** The team's monthly API budget is used up. */
  | 'budget_exceeded'
  | 'rate_limited'
  /** A search engine, webmail, a browser page, an IP address … */
  | 'not_company_site'
  /** The page names no company PartnerForge can match (no Website field, unknown LinkedIn page). */
  | 'unknown_company'
  | 'enrichment_failed'
  | 'failed';

export interface CardError {
  kind: CardErrorKind;
  message: string;
  /** The domain concerned, when there is one (lets "not found" offer to enrich it). */
  domain?: string;
}

/** What the background answers for a card: the card, or why there is none (yet). */
export type CardResult =
  | { kind: 'card'; card: CardViewModel; /** Something the viewer should know, e.g. sources skipped for the budget. */ notice?: string }
  | { kind: 'not_enriched'; domain: string }
  | { kind: 'enriching'; domain: string; /** 0–100. */ progress: number }
  | { kind: 'error'; error: CardError };

/** Everything a card surface can show: a result, or that one is on its way. */
export type CardState = { kind: 'loading' } | CardResult;

/** What each error says and which action helps. */
export function describeCardError(error: CardError): { title: string; action?: 'open_options' | 'retry' } {
  switch (error.kind) {
    case 'no_key':
      return { title: 'Connect PartnerForge', action: 'open_options' };
    case 'unauthorized':
      return { title: 'API key refused', action: 'open_options' };
    case 'forbidden':
      return { title: 'Not allowed', action: 'open_options' };
    case 'no_permission':
      return { title: 'Access to the service not granted', action: 'open_options' };
    case 'unreachable':
      return { title: 'Service unreachable', action: 'retry' };
    case 'budget_exceeded':
      return { title: 'Budget cap reached' };
    case 'rate_limited':
      return { title: 'Too many requests', action: 'retry' };
    case 'not_company_site':
      return { title: 'Not a company site' };
    case 'unknown_company':
      return { title: 'Company not recognised' };
    case 'enrichment_failed':
      return { title: 'Enrichment failed', action: 'retry' };
    case 'failed':
      return { title: 'Something went wrong', action: 'retry' };
  }
}
