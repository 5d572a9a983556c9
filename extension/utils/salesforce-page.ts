import { type FoundWebsite, type PageTarget, type StaleLinkGuard, hostOfWebsite } from './page-target.ts';
import { waitForValue } from './wait-for.ts';

/** Reading a Salesforce Lightning Account record page; every helper takes the document it reads. */

const ACCOUNT_RECORD_PATH = /^\/lightning\/r\/Account\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;

/** The Account id of a Lightning record URL (`/lightning/r/Account/<id>/view`), else null. */
export function accountRecordIdOf(url: URL): string | null {
  if (url.protocol !== 'https:' || !url.hostname.endsWith('.lightning.force.com')) return null;
  return ACCOUNT_RECORD_PATH.exec(url.pathname)?.[1] ?? null;
}

/**
 * Where Lightning renders an Account's Website: the detail layout item (its stable
 * `data-target-selection-name`, or the `field-label` of the layout item) and the highlights panel.
 */
function websiteLinks(document: Document): HTMLAnchorElement[] {
  return [
    ...document.querySelectorAll<HTMLAnchorElement>('[data-target-selection-name="sfdc:RecordField.Account.Website"] a[href]'),
    ...document.querySelectorAll<HTMLAnchorElement>('records-record-layout-item[field-label="Website"] a[href]'),
    ...[...document.querySelectorAll('records-highlights-details-item')]
      .filter((item) => item.querySelector('p[title="Website"]') !== null)
      .flatMap((item) => [...item.querySelectorAll<HTMLAnchorElement>('a[href]')]),
  ];
}

/**
 * The Website of the Account on screen, as written there (an URL or a bare domain), or null
 * while it is not rendered or the record has none. Lightning keeps earlier records' pages in the
 * DOM, hidden, after in-app navigation: only the visible page is read.
 */
export function findAccountWebsite(document: Document): FoundWebsite | null {
  for (const link of websiteLinks(document)) {
    if (!isOnCurrentPage(link)) continue;
    const value = link.getAttribute('href')?.trim() || link.textContent?.trim();
    if (value) return { element: link, value };
  }
  return null;
}

/** Not inside a hidden subtree, nor inside a Lightning page container that is not the active one. */
function isOnCurrentPage(element: Element): boolean {
  if (element.closest('[hidden], [aria-hidden="true"]') !== null) return false;
  const pageHost = element.closest('.oneContent');
  return pageHost === null || pageHost.classList.contains('active');
}

export interface SalesforceTargetOptions {
  /** How long to wait for the Website field to render, ms (default 10 000). */
  websiteTimeoutMs?: number;
}

/**
 * The account of a Lightning URL: its record id, and, once the page shows it, the Website
 * field's domain. Only the domain and the record id leave the page.
 */
export function salesforceTargetOf(url: URL, document: Document, guard: StaleLinkGuard, options: SalesforceTargetOptions = {}): PageTarget | null {
  const recordId = accountRecordIdOf(url);
  if (recordId === null) return null;
  const key = `salesforce:${recordId}`;
  return {
    key,
    source: async (signal) => {
      const found = await waitForValue(() => {
        const website = findAccountWebsite(document);
        return website !== null && guard.accepts(key, website) ? website : null;
      }, { signal, timeoutMs: options.websiteTimeoutMs ?? 10_000 });
      if (found === null) {
        return { kind: 'error', error: { kind: 'unknown_company', message: 'This Account shows no Website. PartnerForge matches accounts by their website: add it to the record.' } };
      }
      guard.remember(key, found);
      const host = hostOfWebsite(found.value);
      if (host === null) return { kind: 'error', error: { kind: 'not_company_site', message: `The Website "${found.value}" is not a company domain.` } };
      return { type: 'card.forDomain', domain: host, salesforceRecordId: recordId };
    },
  };
}
