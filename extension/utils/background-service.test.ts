import { PartnerForgeApiError, type PartnerForgeClient } from '@partnerforge/shared/client';
import type { EnrichmentAccepted, EnrichmentJob, Intel, Me, Role } from '@partnerforge/shared/schemas';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sampleIntel } from '@partnerforge/shared/testing';
import type { TierBadge } from './badge.ts';
import { type BackgroundServiceOptions, createBackgroundService } from './background-service.ts';
import { salesforceOriginItem, settingsItem } from './storage.ts';

const SETTINGS = { serviceUrl: 'https://pf.example.com', apiKey: 'pf_abcdefgh_secret', badgeForEverySite: false };

function meAs(role: Role): Me {
  return { id: 'u1', email: `${role}@example.com`, name: null, role, team: null, key: { prefix: 'pf_abcdefgh', scopes: ['read', 'write'] } };
}

function job(status: EnrichmentJob['status'], progress: number, modules: EnrichmentJob['modules'] = {}): EnrichmentJob {
  return { jobId: 'job-1', domain: 'acme-shop.com', status, progress, trigger: 'api', modules, retryOf: null, createdAt: '', startedAt: null, finishedAt: null, intelUrl: '/v1/intel/acme-shop.com' };
}

/** A stand-in for the typed client; each test says what the service answers. */
function fakeClient(role: Role = 'ae') {
  return {
    me: vi.fn<() => Promise<Me>>(async () => meAs(role)),
    getIntel: vi.fn<(domain: string) => Promise<Intel>>(async () => sampleIntel()),
    getIntelByLinkedIn: vi.fn<(slug: string) => Promise<Intel>>(async () => sampleIntel()),
    requestEnrichment: vi.fn<(request: { domain: string }) => Promise<EnrichmentAccepted>>(async () => ({ jobId: 'job-1', domain: 'acme-shop.com', statusUrl: '/v1/enrichments/job-1', deduplicated: false })),
    getEnrichment: vi.fn<(jobId: string) => Promise<EnrichmentJob>>(async () => job('running', 10)),
  } satisfies Partial<PartnerForgeClient>;
}

const notFound = () => new PartnerForgeApiError('not_found', 404, 'No intel on acme-shop.com yet; enrich it first');

describe('background service', () => {
  let client: ReturnType<typeof fakeClient>;
  let clock: number;
  let badges: Map<number, TierBadge | null>;
  const service = (overrides: BackgroundServiceOptions = {}) =>
    createBackgroundService({
      // Calls the background never makes are left out; a call to one would fail the test.
      createClient: () => client as unknown as PartnerForgeClient,
      now: () => clock,
      setBadge: async (tabId, badge) => void badges.set(tabId, badge),
      hasHostPermission: async () => true,
      ...overrides,
    });

  beforeEach(async () => {
    fakeBrowser.reset();
    client = fakeClient();
    clock = Date.parse('2026-11-23T10:00:00Z');
    badges = new Map();
    await settingsItem.setValue(SETTINGS);
  });

  it('asks for settings when there is no key', async () => {
    await settingsItem.setValue(null);
    expect(await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' })).toMatchObject({ kind: 'error', error: { kind: 'no_key' } });
    expect(client.getIntel).not.toHaveBeenCalled();
  });

  it('says so when the host permission for the service was not granted (or was revoked)', async () => {
    const permissions: string[] = [];
    const result = await service({ hasHostPermission: async (pattern) => (permissions.push(pattern), false) }).handle({ type: 'card.forDomain', domain: 'acme-shop.com' });
    expect(result).toMatchObject({ kind: 'error', error: { kind: 'no_permission' } });
    expect(permissions).toEqual(['https://pf.example.com/*']);
  });

  it('answers the card with links, sets the badge to the tier, and reuses it from the session cache within the TTL', async () => {
    await salesforceOriginItem.setValue('https://acme.lightning.force.com');
    const first = await service().handle({ type: 'card.forDomain', domain: 'www.acme-shop.com', tabId: 3 });
    expect(first).toMatchObject({
      kind: 'card',
      card: {
        domain: 'acme-shop.com',
        scoreLabel: '82',
        links: {
          brief: 'https://pf.example.com/briefs/acme-shop.com',
          salesforce: 'https://acme.lightning.force.com/_ui/search/ui/UnifiedSearchResults?searchType=2&str=acme-shop.com',
        },
      },
    });
    expect(client.getIntel).toHaveBeenCalledWith('acme-shop.com');
    expect(badges.get(3)).toEqual({ text: '82', color: '#ef4444', textColor: '#ffffff' });

    // A new worker (the browser stopped the old one) answers from chrome.storage.session.
    clock += 60_000;
    await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' }, { tab: { id: 4 } });
    expect(client.getIntel).toHaveBeenCalledTimes(1);
    expect(client.me).toHaveBeenCalledTimes(1);
    expect(badges.get(4)?.text).toBe('82');

    clock += 5 * 60_000;
    await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' });
    expect(client.getIntel).toHaveBeenCalledTimes(2);
  });

  it('links the Salesforce record the domain came from', async () => {
    await salesforceOriginItem.setValue('https://acme.lightning.force.com');
    const result = await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com', salesforceRecordId: '001000000000001AAA' });
    expect(result.kind === 'card' && result.card.links.salesforce).toBe('https://acme.lightning.force.com/lightning/r/Account/001000000000001AAA/view');
  });

  it('filters by the caller role: an SDR card carries no financials at all', async () => {
    client = fakeClient('sdr');
    const result = await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' });
    expect(result.kind).toBe('card');
    expect(result.kind === 'card' && 'financials' in result.card).toBe(false);
    expect(JSON.stringify(result)).not.toContain('NASDAQ');
  });

  it('refuses what is not a company domain before calling the service', async () => {
    expect(await service().handle({ type: 'card.forDomain', domain: '10.0.0.1' })).toMatchObject({ kind: 'error', error: { kind: 'not_company_site' } });
    expect(client.getIntel).not.toHaveBeenCalled();
  });

  it('answers "not enriched" on 404, then follows the enrichment it starts to the card, across worker restarts', async () => {
    client.getIntel.mockRejectedValueOnce(notFound());
    expect(await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com', tabId: 3 })).toEqual({ kind: 'not_enriched', domain: 'acme-shop.com' });
    expect(badges.get(3)).toBeNull();

    expect(await service().handle({ type: 'enrichment.start', domain: 'acme-shop.com' })).toEqual({ kind: 'enriching', domain: 'acme-shop.com', progress: 10 });
    expect(client.requestEnrichment).toHaveBeenCalledWith({ domain: 'acme-shop.com' });

    // The popup closed and reopened, the worker restarted: the running job is still known.
    client.getIntel.mockRejectedValueOnce(notFound());
    client.getEnrichment.mockResolvedValueOnce(job('running', 60));
    expect(await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' })).toEqual({ kind: 'enriching', domain: 'acme-shop.com', progress: 60 });

    client.getEnrichment.mockResolvedValueOnce(job('completed', 100));
    const done = await service().handle({ type: 'enrichment.status', domain: 'acme-shop.com', tabId: 3 });
    expect(done).toMatchObject({ kind: 'card', card: { domain: 'acme-shop.com' } });
    expect(done.kind === 'card' && done.notice).toBeFalsy();
    expect(badges.get(3)?.text).toBe('82');
    expect(client.getEnrichment).toHaveBeenCalledWith('job-1');
  });

  it('reports a budget cap that stopped the enrichment', async () => {
    client.getEnrichment.mockResolvedValue(job('failed', 100, { 'tech.builtwith': { status: 'failed', error: { code: 'budget_exceeded', message: 'Team budget reached' } } }));
    expect(await service().handle({ type: 'enrichment.start', domain: 'acme-shop.com' })).toMatchObject({ kind: 'error', error: { kind: 'budget_exceeded', domain: 'acme-shop.com' } });
  });

  it('shows the card with a notice when the budget cap skipped some sources', async () => {
    client.getEnrichment.mockResolvedValue(job('partial', 100, { 'tech.builtwith': { status: 'failed', error: { code: 'budget_exceeded', message: 'Team budget reached' } } }));
    expect(await service().handle({ type: 'enrichment.start', domain: 'acme-shop.com' })).toMatchObject({ kind: 'card', notice: 'Budget cap reached: some paid sources were skipped.' });
  });

  it('maps service failures to card errors: unreachable, refused key, budget', async () => {
    client.getIntel.mockRejectedValueOnce(new PartnerForgeApiError('unavailable', 0, 'The PartnerForge service cannot be reached'));
    expect(await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' })).toMatchObject({ kind: 'error', error: { kind: 'unreachable', domain: 'acme-shop.com' } });
    client.getIntel.mockRejectedValueOnce(new PartnerForgeApiError('unauthorized', 401, 'The API key was revoked'));
    expect(await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' })).toMatchObject({ kind: 'error', error: { kind: 'unauthorized' } });
    client.requestEnrichment.mockRejectedValueOnce(new PartnerForgeApiError('budget_exceeded', 402, 'Monthly budget of team West is used up'));
    expect(await service().handle({ type: 'enrichment.start', domain: 'acme-shop.com' })).toMatchObject({ kind: 'error', error: { kind: 'budget_exceeded', message: 'Monthly budget of team West is used up' } });
  });

  it('resolves a LinkedIn slug through the service once, then from the cache; an unknown one is remembered too', async () => {
    const first = await service().handle({ type: 'card.forLinkedIn', slug: 'acme-shop' }, { tab: { id: 9 } });
    expect(first).toMatchObject({ kind: 'card', card: { domain: 'acme-shop.com' } });
    expect(badges.get(9)?.text).toBe('82');
    await service().handle({ type: 'card.forLinkedIn', slug: 'acme-shop' });
    expect(client.getIntelByLinkedIn).toHaveBeenCalledTimes(1);
    expect(client.getIntel).not.toHaveBeenCalled();

    client.getIntelByLinkedIn.mockRejectedValue(new PartnerForgeApiError('not_found', 404, 'No enriched company names it'));
    expect(await service().handle({ type: 'card.forLinkedIn', slug: 'nobody' })).toMatchObject({ kind: 'error', error: { kind: 'unknown_company' } });
    await service().handle({ type: 'card.forLinkedIn', slug: 'nobody' });
    expect(client.getIntelByLinkedIn).toHaveBeenCalledTimes(2);
  });

  it('saves settings only after the key worked against /v1/me', async () => {
    await settingsItem.setValue(null);
    client.me.mockRejectedValueOnce(new PartnerForgeApiError('unauthorized', 401, 'The API key is not valid'));
    const refused = await service().handle({ type: 'settings.connect', serviceUrl: 'https://pf.example.com/', apiKey: 'pf_abcdefgh_wrong', badgeForEverySite: false });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(await settingsItem.getValue()).toBeNull();

    const connected = await service().handle({ type: 'settings.connect', serviceUrl: 'https://pf.example.com/', apiKey: ' pf_abcdefgh_secret ', badgeForEverySite: true });
    expect(connected).toMatchObject({ ok: true, me: { role: 'ae' } });
    expect(await settingsItem.getValue()).toEqual({ serviceUrl: 'https://pf.example.com', apiKey: 'pf_abcdefgh_secret', badgeForEverySite: true });
  });

  it('refuses to save without the host permission', async () => {
    const result = await service({ hasHostPermission: async () => false }).handle({ type: 'settings.connect', serviceUrl: 'https://pf.example.com', apiKey: 'pf_abcdefgh_secret', badgeForEverySite: false });
    expect(result).toMatchObject({ ok: false, error: { kind: 'no_permission' } });
    expect(client.me).not.toHaveBeenCalled();
  });

  it("badges a tab by its site's cached tier, looks sites up only when the user opted in, and leaves overlay sites alone", async () => {
    await service().handle({ type: 'card.forDomain', domain: 'acme-shop.com' });
    await service().updateBadgeForTab(1, 'https://www.acme-shop.com/products');
    expect(badges.get(1)?.text).toBe('82');
    await service().updateBadgeForTab(1, 'https://unknown-site.com/');
    expect(badges.get(1)).toBeNull();
    expect(client.getIntel).toHaveBeenCalledTimes(1);
    await service().updateBadgeForTab(2, 'https://acme.lightning.force.com/lightning/r/Account/001000000000001AAA/view');
    expect(badges.has(2)).toBe(false);

    await settingsItem.setValue({ ...SETTINGS, badgeForEverySite: true });
    await service().updateBadgeForTab(1, 'https://unknown-site.com/');
    expect(client.getIntel).toHaveBeenLastCalledWith('unknown-site.com');
    expect(badges.get(1)?.text).toBe('82');
  });
});
