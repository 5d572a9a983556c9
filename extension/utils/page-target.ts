import type { CardSession, CardSource } from './card-session.ts';

/** A website link found on a page, and the element it was read from. */
export interface FoundWebsite {
  element: Element;
  value: string;
}

/** The account a page shows: a key that identifies it (same key, same card) and how to get its card. */
export interface PageTarget {
  key: string;
  source: CardSource;
}

export interface PageTrackerOptions {
  /** The account of a URL, or null when the page shows none (the overlay goes away). */
  targetOf(url: URL): PageTarget | null;
  session: CardSession;
  /** Puts the overlay on the page (called when an account appears). */
  show(): void;
  /** Takes the overlay off the page (called when the user leaves the account). */
  hide(): void;
}

/**
 * Follows a single-page app's navigation: each URL change shows the new account's card, keeps
 * the card when the account stays the same (another tab of the same record), and hides the
 * overlay on pages without an account.
 */
export function createPageTracker(options: PageTrackerOptions) {
  let current: string | null = null;
  return {
    update(url: URL): void {
      const target = options.targetOf(url);
      if (target === null) {
        if (current !== null) {
          current = null;
          options.session.cancel();
          options.hide();
        }
        return;
      }
      if (target.key === current) return;
      current = target.key;
      options.show();
      void options.session.load(target.source);
    },
  };
}

/**
 * Remembers the website link each account was read from, so that right after an in-app
 * navigation the previous account's link (still in the DOM until the new page renders) is not
 * taken for the new account's.
 */
export function createStaleLinkGuard() {
  let previous: { key: string; element: Element; value: string } | null = null;
  return {
    /** Whether `found` may be used for the account `key`. */
    accepts(key: string, found: FoundWebsite): boolean {
      return previous === null || previous.key === key || previous.element !== found.element || previous.value !== found.value;
    },
    remember(key: string, found: FoundWebsite): void {
      previous = { key, element: found.element, value: found.value };
    },
  };
}

export type StaleLinkGuard = ReturnType<typeof createStaleLinkGuard>;

/**
 * The host name of a website value read from a page (`https://www.acme.com/x`, `acme.com`), or
 * null when it is none. The background reduces it to the registrable domain (keeping the public
 * suffix list out of content scripts); only that domain reaches the service.
 */
export function hostOfWebsite(value: string): string | null {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `http://${text.replace(/^\/\//, '')}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return null;
    return url.hostname === '' ? null : url.hostname;
  } catch {
    return null;
  }
}
