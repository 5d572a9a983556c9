import type { Intel, Me } from '@partnerforge/shared/schemas';
import { storage } from 'wxt/utils/storage';

// Every value the extension keeps, in one place. `local:` survives restarts and is readable by
// content scripts; `session:` lives in memory until the browser closes and, by default, only the
// extension's own pages and service worker can read it (never a content script).

/** Where the service lives and the user's key; set on the options page after a successful test. */
export interface Settings {
  /** Service base URL, e.g. https://partnerforge.example.com. */
  serviceUrl: string;
  /** A per-user key, `pf_xxxxxxxx_…`. */
  apiKey: string;
  /**
   * Look up the badge tier of every site a tab visits. Off by default: it tells the service each
   * domain browsed. When off, the badge shows only sites already looked up (popup, overlay).
   */
  badgeForEverySite: boolean;
}

export const settingsItem = storage.defineItem<Settings | null>('local:settings', { fallback: null });

/** Whether the overlay on Salesforce and LinkedIn starts collapsed; remembered across pages. */
export const overlayCollapsedItem = storage.defineItem<boolean>('local:overlayCollapsed', { fallback: false });

/** The Lightning origin last seen (https://acme.lightning.force.com), for "Open in Salesforce" links elsewhere. */
export const salesforceOriginItem = storage.defineItem<string | null>('local:salesforceOrigin', { fallback: null });

/** The caller as `/v1/me` last described them, with when (ms since epoch). */
export interface CachedMe {
  me: Me;
  storedAt: number;
}
export const meItem = storage.defineItem<CachedMe | null>('session:me', { fallback: null });

/** Intel of one domain and when it was fetched (ms since epoch). */
export interface CachedIntel {
  intel: Intel;
  storedAt: number;
}

/** Per-domain intel cache entries: `session:intel:<domain>`. */
export function intelCacheKey(domain: string) {
  return `session:intel:${domain}` as const;
}

/** A LinkedIn slug resolved to a domain (or to "unknown": null), with when. */
export interface CachedSlug {
  domain: string | null;
  storedAt: number;
}
export function linkedInSlugKey(slug: string) {
  return `session:linkedin:${slug}` as const;
}

/** The enrichment job running for a domain, so progress survives a service-worker restart. */
export interface TrackedJob {
  jobId: string;
  startedAt: number;
}
export function enrichmentJobKey(domain: string) {
  return `session:job:${domain}` as const;
}

/** Typed reads and writes of the keyed (per-domain, per-slug) session entries above. */
export const keyedSession = {
  get: <T>(key: `session:${string}`) => storage.getItem<T>(key),
  set: <T>(key: `session:${string}`, value: T) => storage.setItem<T>(key, value),
  remove: (key: `session:${string}`) => storage.removeItem(key),
};
