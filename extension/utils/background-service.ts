import { createPartnerForgeClient, isPartnerForgeApiError, type PartnerForgeClient } from '@partnerforge/shared/client';
import { normalizeDomain } from '@partnerforge/shared/domain';
import type { EnrichmentJob, Intel, Me } from '@partnerforge/shared/schemas';
import { briefUrl, buildCardViewModel } from '@partnerforge/shared/ui';
import type { CardError, CardResult } from './card-state.ts';
import type { BackgroundRequest, ConnectResult, ResponseOf } from './messages.ts';
import { siteDomainOf, isOverlaySite } from './site-domain.ts';
import { type CachedIntel, type CachedSlug, type Settings, type TrackedJob, enrichmentJobKey, intelCacheKey, keyedSession, linkedInSlugKey, meItem, salesforceOriginItem, settingsItem } from './storage.ts';
import { type TierBadge, badgeFor } from './badge.ts';
import { originPatternOf } from './service-origin.ts';

export interface BackgroundServiceOptions {
  /** Builds the API client for saved settings; defaults to the shared typed client over fetch. */
  createClient?: (settings: Settings) => PartnerForgeClient;
  /** Whether the extension may call `originPattern` (e.g. `https://pf.example.com/*`). */
  hasHostPermission?: (originPattern: string) => Promise<boolean>;
  /** Sets (or, with null, clears) the toolbar badge of one tab. */
  setBadge?: (tabId: number, badge: TierBadge | null) => Promise<void>;
  openOptionsPage?: () => Promise<void>;
  /** Current time, ms since epoch. */
  now?: () => number;
  /** How long looked-up intel and the caller's role are reused, ms (default 5 minutes). */
  cacheTtlMs?: number;
}

/** The sender of a runtime message, as much of it as we use. */
export interface MessageSender {
  tab?: { id?: number };
}

const FINAL_JOB_STATUSES = new Set<EnrichmentJob['status']>(['completed', 'partial', 'failed', 'cancelled']);

/**
 * Everything the background service worker does, kept free of listeners so it can be tested
 * and so the worker can be stopped at any moment: all state lives in `chrome.storage`, none in
 * memory, and each message is answered from there.
 */
export function createBackgroundService(options: BackgroundServiceOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const ttlMs = options.cacheTtlMs ?? 5 * 60_000;
  const createClient = options.createClient ?? ((settings: Settings) => createPartnerForgeClient({ baseUrl: settings.serviceUrl, apiKey: settings.apiKey }));
  const hasHostPermission = options.hasHostPermission ?? (async () => true);
  const setBadge = options.setBadge ?? (async () => undefined);
  const isFresh = (storedAt: number) => now() - storedAt < ttlMs;

  type Connection = { settings: Settings; client: PartnerForgeClient };

  async function connect(): Promise<Connection | CardError> {
    const settings = await settingsItem.getValue();
    if (settings === null) return { kind: 'no_key', message: 'Add the service URL and your API key on the options page.' };
    if (!(await hasHostPermission(originPatternOf(settings.serviceUrl)))) {
      return { kind: 'no_permission', message: `PartnerForge may not reach ${new URL(settings.serviceUrl).origin}. Save the settings again to grant access.` };
    }
    return { settings, client: createClient(settings) };
  }

  async function currentMe(client: PartnerForgeClient): Promise<Me> {
    const cached = await meItem.getValue();
    if (cached !== null && isFresh(cached.storedAt)) return cached.me;
    const me = await client.me();
    await meItem.setValue({ me, storedAt: now() });
    return me;
  }

  async function storeIntel(requested: string, intel: Intel): Promise<void> {
    const entry: CachedIntel = { intel, storedAt: now() };
    await keyedSession.set(intelCacheKey(requested), entry);
    // The service may answer under the canonical domain (costco.ca → costco.com).
    if (intel.domain !== requested) await keyedSession.set(intelCacheKey(intel.domain), entry);
  }

  /** The card of an intel record for the current caller, and the tab's badge set to its tier. */
  async function cardOf(connection: Connection, intel: Intel, extras: { recordId?: string; tabId?: number; notice?: string }): Promise<CardResult> {
    // Independent reads at once: each is a round trip to the browser's storage.
    const [me, salesforceOrigin] = await Promise.all([currentMe(connection.client), salesforceOriginItem.getValue()]);
    const links: { brief: string; salesforce?: string } = { brief: briefUrl(connection.settings.serviceUrl, intel.domain) };
    if (salesforceOrigin !== null) {
      links.salesforce = extras.recordId
        ? `${salesforceOrigin}/lightning/r/Account/${encodeURIComponent(extras.recordId)}/view`
        : `${salesforceOrigin}/_ui/search/ui/UnifiedSearchResults?searchType=2&str=${encodeURIComponent(intel.domain)}`;
    }
    const card = buildCardViewModel({ intel, role: me.role, now: new Date(now()), links });
    if (extras.tabId !== undefined) await setBadge(extras.tabId, badgeFor(intel.tier, intel.score));
    return extras.notice === undefined ? { kind: 'card', card } : { kind: 'card', card, notice: extras.notice };
  }

  async function cardForDomain(domain: string, extras: { recordId?: string; tabId?: number }): Promise<CardResult> {
    // The cache is read alongside the settings: a warm overlay waits for one storage round trip, not two.
    const [connection, cached] = await Promise.all([connect(), cachedIntel(domain)]);
    if ('kind' in connection) return { kind: 'error', error: connection };
    try {
      if (cached !== null && isFresh(cached.storedAt)) return await cardOf(connection, cached.intel, extras);
      let intel: Intel;
      try {
        intel = await connection.client.getIntel(domain);
      } catch (error) {
        if (!isPartnerForgeApiError(error) || error.code !== 'not_found') throw error;
        // Not enriched yet; an enrichment started earlier (maybe before a worker restart) may be running.
        const tracked = await keyedSession.get<TrackedJob>(enrichmentJobKey(domain));
        if (tracked !== null) return await enrichmentStatus(domain, extras.tabId);
        if (extras.tabId !== undefined) await setBadge(extras.tabId, null);
        return { kind: 'not_enriched', domain };
      }
      await storeIntel(domain, intel);
      return await cardOf(connection, intel, extras);
    } catch (error) {
      return { kind: 'error', error: cardErrorOf(error, connection.settings, domain) };
    }
  }

  async function cardForLinkedIn(slug: string, tabId: number | undefined): Promise<CardResult> {
    const connection = await connect();
    if ('kind' in connection) return { kind: 'error', error: connection };
    const known = await keyedSession.get<CachedSlug>(linkedInSlugKey(slug));
    if (known !== null && isFresh(known.storedAt)) {
      if (known.domain === null) return { kind: 'error', error: unknownLinkedIn(slug) };
      return cardForDomain(known.domain, { tabId });
    }
    try {
      const intel = await connection.client.getIntelByLinkedIn(slug);
      await keyedSession.set<CachedSlug>(linkedInSlugKey(slug), { domain: intel.domain, storedAt: now() });
      await storeIntel(intel.domain, intel);
      return await cardOf(connection, intel, { tabId });
    } catch (error) {
      if (isPartnerForgeApiError(error) && error.code === 'not_found') {
        await keyedSession.set<CachedSlug>(linkedInSlugKey(slug), { domain: null, storedAt: now() });
        return { kind: 'error', error: unknownLinkedIn(slug) };
      }
      return { kind: 'error', error: cardErrorOf(error, connection.settings) };
    }
  }

  async function startEnrichment(domain: string, tabId: number | undefined): Promise<CardResult> {
    const connection = await connect();
    if ('kind' in connection) return { kind: 'error', error: connection };
    try {
      const accepted = await connection.client.requestEnrichment({ domain });
      const tracked: TrackedJob = { jobId: accepted.jobId, startedAt: now() };
      await keyedSession.set(enrichmentJobKey(domain), tracked);
      if (accepted.domain !== domain) await keyedSession.set(enrichmentJobKey(accepted.domain), tracked);
      return await enrichmentStatus(domain, tabId);
    } catch (error) {
      return { kind: 'error', error: cardErrorOf(error, connection.settings, domain) };
    }
  }

  async function enrichmentStatus(domain: string, tabId: number | undefined): Promise<CardResult> {
    const connection = await connect();
    if ('kind' in connection) return { kind: 'error', error: connection };
    const tracked = await keyedSession.get<TrackedJob>(enrichmentJobKey(domain));
    if (tracked === null) return cardForDomain(domain, { tabId });
    try {
      const job = await connection.client.getEnrichment(tracked.jobId);
      if (!FINAL_JOB_STATUSES.has(job.status)) return { kind: 'enriching', domain, progress: job.progress };
      await keyedSession.remove(enrichmentJobKey(domain));
      await keyedSession.remove(intelCacheKey(domain));
      const failures = Object.entries(job.modules).flatMap(([module, run]) => (run.status === 'failed' && run.error ? [{ module, ...run.error }] : []));
      const budgetHit = failures.some((failure) => failure.code === 'budget_exceeded');
      if (job.status === 'failed' || job.status === 'cancelled') {
        if (budgetHit) return { kind: 'error', error: { kind: 'budget_exceeded', domain, message: "The team's API budget cap is reached; enrichment resumes when an admin raises it or the month turns." } };
        const why = failures.map((failure) => `${failure.module}: ${failure.message}`).join('; ');
        return { kind: 'error', error: { kind: 'enrichment_failed', domain, message: `Enriching ${domain} failed${why ? ` (${why})` : ''}.` } };
      }
      const intel = await connection.client.getIntel(domain);
      await storeIntel(domain, intel);
      const notice = budgetHit
        ? 'Budget cap reached: some paid sources were skipped.'
        : job.status === 'partial'
          ? `Some sources failed: ${failures.map((failure) => failure.module).join(', ')}.`
          : undefined;
      return await cardOf(connection, intel, notice === undefined ? { tabId } : { tabId, notice });
    } catch (error) {
      if (isPartnerForgeApiError(error) && error.code === 'not_found') {
        // The job is gone (another service, a wiped database): forget it and look again.
        await keyedSession.remove(enrichmentJobKey(domain));
        return cardForDomain(domain, { tabId });
      }
      return { kind: 'error', error: cardErrorOf(error, connection.settings, domain) };
    }
  }

  async function saveSettings(request: { serviceUrl: string; apiKey: string; badgeForEverySite: boolean }): Promise<ConnectResult> {
    let url: URL;
    try {
      url = new URL(request.serviceUrl.trim());
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      return { ok: false, error: { kind: 'failed', message: 'The service URL must be an http(s) URL, e.g. https://partnerforge.example.com' } };
    }
    const settings: Settings = { serviceUrl: url.origin + url.pathname.replace(/\/+$/, ''), apiKey: request.apiKey.trim(), badgeForEverySite: request.badgeForEverySite };
    if (!/^pf_\w+/.test(settings.apiKey)) return { ok: false, error: { kind: 'unauthorized', message: 'API keys look like pf_xxxxxxxx_…; ask an admin for yours.' } };
    if (!(await hasHostPermission(originPatternOf(settings.serviceUrl)))) {
      return { ok: false, error: { kind: 'no_permission', message: `Access to ${url.origin} was not granted; PartnerForge cannot reach the service without it.` } };
    }
    try {
      const me = await createClient(settings).me();
      await settingsItem.setValue(settings);
      await meItem.setValue({ me, storedAt: now() });
      return { ok: true, me };
    } catch (error) {
      return { ok: false, error: cardErrorOf(error, settings) };
    }
  }

  /**
   * Shows the tier of a tab's site on the toolbar badge: from the cache, or (when the user opted
   * in) by looking the site up. Salesforce and LinkedIn tabs are left to their overlay.
   */
  async function updateBadgeForTab(tabId: number, pageUrl: string | undefined): Promise<void> {
    if (pageUrl !== undefined && isOverlaySite(pageUrl)) return;
    const site = siteDomainOf(pageUrl);
    if (!site.ok) return setBadge(tabId, null);
    const cached = await cachedIntel(site.domain);
    if (cached !== null) return setBadge(tabId, badgeFor(cached.intel.tier, cached.intel.score));
    const settings = await settingsItem.getValue();
    if (settings?.badgeForEverySite) {
      await cardForDomain(site.domain, { tabId });
      return;
    }
    return setBadge(tabId, null);
  }

  async function handle<R extends BackgroundRequest>(request: R, sender: MessageSender = {}): Promise<ResponseOf<R>> {
    const senderTab = sender.tab?.id;
    const answer = async (): Promise<unknown> => {
      switch (request.type) {
        case 'card.forDomain': {
          const normalized = normalizeDomain(request.domain);
          if (!normalized.ok) return { kind: 'error', error: { kind: 'not_company_site', message: `${request.domain} is not a company domain: ${normalized.reason}.` } } satisfies CardResult;
          return cardForDomain(normalized.domain, { recordId: request.salesforceRecordId, tabId: request.tabId ?? senderTab });
        }
        case 'card.forLinkedIn':
          return cardForLinkedIn(request.slug, senderTab);
        case 'enrichment.start':
          return startEnrichment(request.domain, request.tabId ?? senderTab);
        case 'enrichment.status':
          return enrichmentStatus(request.domain, request.tabId ?? senderTab);
        case 'settings.connect':
          return saveSettings(request);
        case 'badge.clear':
          if (senderTab !== undefined) await setBadge(senderTab, null);
          return { ok: true };
        case 'options.open':
          await options.openOptionsPage?.();
          return { ok: true };
      }
    };
    return (await answer()) as ResponseOf<R>;
  }

  return { handle, updateBadgeForTab };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;

function cachedIntel(domain: string): Promise<CachedIntel | null> {
  return keyedSession.get<CachedIntel>(intelCacheKey(domain));
}

function unknownLinkedIn(slug: string): CardError {
  return {
    kind: 'unknown_company',
    message: `PartnerForge does not know which company linkedin.com/company/${slug} is yet. Enrich the company's website from the popup; its LinkedIn link is read from there.`,
  };
}

/** A failed call, as the card explains it. */
export function cardErrorOf(error: unknown, settings: Settings, domain?: string): CardError {
  const withDomain = (e: CardError): CardError => (domain === undefined ? e : { ...e, domain });
  if (!isPartnerForgeApiError(error)) {
    return withDomain({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
  switch (error.code) {
    case 'unauthorized':
      return withDomain({ kind: 'unauthorized', message: `The service refused the API key: ${error.message}` });
    case 'forbidden':
      return withDomain({ kind: 'forbidden', message: error.message });
    case 'budget_exceeded':
      return withDomain({ kind: 'budget_exceeded', message: error.message });
    case 'rate_limited':
      return withDomain({ kind: 'rate_limited', message: 'The service asks to slow down; try again in a minute.' });
    case 'validation_failed':
      return withDomain({ kind: 'not_company_site', message: error.message });
    case 'unavailable':
      return withDomain({ kind: 'unreachable', message: `${new URL(settings.serviceUrl).origin} cannot be reached (${error.message}). Check the service URL and your connection.` });
    default:
      return withDomain({ kind: 'failed', message: error.message });
  }
}
