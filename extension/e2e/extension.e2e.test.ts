import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Intel, IntelSchema } from '@partnerforge/shared/schemas';
import type { CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { browser as ExtensionApi } from 'wxt/browser';
import { type ExtensionBrowser, grantSiteAccess, launchWithExtension } from './support/browser.ts';
import { EXTENSION_ROOT, ensureExtensionBuilt } from './support/extension-build.ts';
import { type RunningIntegrationService, startIntegrationService } from './support/integration-service.ts';
import { type LocalServer, findClosedPort, savedHtml, savedProspect, startHttpServer, startHttpsServer } from './support/local-sites.ts';

/** `chrome` inside the extension's service worker (for `worker.evaluate`). */
type WorkerGlobal = { chrome: typeof ExtensionApi };

/** Names the browser visits, all mapped to the local HTTPS server. */
const BROWSER_HOSTS = ['acme.lightning.force.com', 'www.linkedin.com', 'acme-shop.com', 'northpeak-outdoor.com', 'www.google.com'];
/** Prospect sites the service's website provider reads, from saved homepages. */
const PROSPECTS = ['acme-shop.com', 'globe-daily.com', 'northpeak-outdoor.com'];
const ACME_RECORD = 'https://acme.lightning.force.com/lightning/r/Account/001A000001acmeSAAA/view';
/** Screenshots of what the user sees, kept as test artifacts (test-results/ is git-ignored). */
const SCREENSHOTS_DIR = join(EXTENSION_ROOT, 'test-results/e2e');

let prospectSites: LocalServer;
let browserPages: LocalServer;
let service: RunningIntegrationService;
let chromium: ExtensionBrowser;
const intel: Record<string, Intel> = {};

/** Waits for a value the page produces in its own time (Lightning and LinkedIn render late). */
const expectEventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const overlayOf = (page: Page): Locator => page.locator('partnerforge-overlay .pf-overlay');

/** Saves the page as `<name>.png` in SCREENSHOTS_DIR and checks a PNG image was written. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  const png = await readFile(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5_000);
}

/** The service's access log of calls the extension made (the test's own calls carry an `e2e-` request id). */
function extensionRequests(): string[] {
  return service.logs
    .filter((line) => line.msg === 'request completed' && !String(line.requestId).startsWith('e2e-'))
    .map((line) => `${String(line.method)} ${String(line.url)} ${String(line.status)}`);
}

async function callService(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${service.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json', 'x-request-id': `e2e-${Math.random().toString(36).slice(2)}` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Enriches a domain through the API (as the Slack app or a schedule would) and keeps its intel. */
async function seed(domain: string): Promise<void> {
  const accepted = (await (await callService('/v1/enrichments', { method: 'POST', body: { domain } })).json()) as { jobId: string };
  for (;;) {
    const job = (await (await callService(`/v1/enrichments/${accepted.jobId}`)).json()) as { status: string };
    if (!['queued', 'running'].includes(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  intel[domain] = IntelSchema.parse(await (await callService(`/v1/intel/${domain}`)).json());
}

async function tabIdOf(urlPattern: string): Promise<number> {
  const worker = await chromium.serviceWorker();
  return worker.evaluate(async (pattern) => (await (globalThis as unknown as WorkerGlobal).chrome.tabs.query({ url: pattern }))[0]?.id ?? -1, urlPattern);
}

async function badgeTextOf(tabId: number): Promise<string> {
  const worker = await chromium.serviceWorker();
  return worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** The popup as the toolbar opens it, for the given tab (a page can't click the toolbar headless). */
async function openPopupFor(tabId: number): Promise<Page> {
  const popup = await chromium.context.newPage();
  await popup.goto(`chrome-extension://${chromium.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

/** The badge text of a company: its rounded score, or a dot while unscored. */
const badgeOf = (domain: string) => {
  const score = intel[domain]!.score;
  return score === null ? '•' : String(Math.round(score));
};

/** What the card of a domain must show, from the service's own answer. */
async function expectCardOf(card: Locator, domain: string): Promise<void> {
  const expected = intel[domain]!;
  await expectEventually(() => card.getAttribute('aria-label')).toBe(`PartnerForge intel on ${expected.company?.name ?? domain}`);
  expect(await card.locator('[data-field="score"]').textContent()).toBe(expected.score === null ? '–' : String(Math.round(expected.score)));
  expect((await card.locator('[data-field="tier"]').textContent())?.toLowerCase()).toBe(expected.tier ?? 'not scored');
  expect(await card.locator('[data-field="search-vendor"]').textContent()).toBe(expected.searchVendor ?? 'None detected');
  const technologies = await card.locator('[data-field="technologies"] li').allTextContents();
  expect(technologies.length).toBeGreaterThan(0);
  expect(expected.technologies.map((technology) => technology.name)).toEqual(expect.arrayContaining(technologies.filter((name) => !name.endsWith('more'))));
  expect(await card.getByRole('link', { name: 'Open brief' }).getAttribute('href')).toBe(`${service.baseUrl}/briefs/${domain}`);
}

beforeAll(async () => {
  const closedPort = await findClosedPort();
  prospectSites = await startHttpServer(async (host, pathname) => {
    const domain = host.replace(/^www\./, '');
    return PROSPECTS.includes(domain) && pathname === '/' ? savedProspect(domain) : false;
  });
  // The website provider tries https first (refused at once here), then http (the local server).
  const pins = PROSPECTS.flatMap((domain) => [domain, `www.${domain}`])
    .flatMap((host) => [`${host}:80:127.0.0.1:${prospectSites.port}`, `${host}:443:127.0.0.1:${closedPort}`])
    .join(',');

  const [extensionDir, pages, running] = await Promise.all([
    ensureExtensionBuilt(),
    startHttpsServer(BROWSER_HOSTS, async (host, pathname) => {
      if (pathname === '/favicon.ico') return false;
      if (host === 'acme.lightning.force.com') return savedHtml('lightning.html');
      if (host === 'www.linkedin.com') return savedHtml('linkedin.html');
      return { headers: { 'content-type': 'text/html' }, body: `<!doctype html><title>${host}</title><h1>${host}</h1>` };
    }),
    startIntegrationService({ httpResolve: pins }),
  ]);
  browserPages = pages;
  service = running;
  // Acme Shop and The Globe Daily are enriched already; Northpeak Outdoor is left to the popup.
  const [browser] = await Promise.all([launchWithExtension(extensionDir, BROWSER_HOSTS, browserPages.port), seed('acme-shop.com'), seed('globe-daily.com')]);
  chromium = browser;
}, 150_000);

afterAll(async () => {
  await chromium?.close();
  await service?.stop();
  await browserPages?.close();
  await prospectSites?.close();
});

describe('the built extension in Chromium against a real integration-service', () => {
  it('options: asks for the service origin only when saving, tests the key on /v1/me, and saves', async () => {
    const worker = await chromium.serviceWorker();
    const manifest = await worker.evaluate(() => (globalThis as unknown as WorkerGlobal).chrome.runtime.getManifest());
    expect(manifest.host_permissions ?? []).toEqual([]);
    // Only the content scripts' own sites; no access to any service origin at install.
    const atInstall = await worker.evaluate(() => (globalThis as unknown as WorkerGlobal).chrome.permissions.getAll());
    expect([...(atInstall.origins ?? [])].sort()).toEqual(['https://*.lightning.force.com/*', 'https://www.linkedin.com/*']);
    expect(await worker.evaluate(() => (globalThis as unknown as WorkerGlobal).chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(false);

    // The user allows the site when asked (see grantSiteAccess for why this is done up front).
    await grantSiteAccess(chromium, 'http://127.0.0.1/*');
    const options = await chromium.context.newPage();
    await options.goto(`chrome-extension://${chromium.extensionId}/options.html`);
    await options.getByLabel('Service URL').fill(service.baseUrl);
    await options.getByLabel('API key').fill(service.apiKey);
    await options.getByRole('button', { name: 'Test and save' }).click();
    await expectEventually(() => options.getByRole('status').textContent()).toBe('Connected as ae@example.com (ae). Saved.');
    expect(await worker.evaluate(() => (globalThis as unknown as WorkerGlobal).chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(true);
    expect(extensionRequests()).toEqual(['GET /v1/me 200']);

    // The service sends no CORS headers: the worker's call worked through its host permission alone.
    const preflight = await fetch(`${service.baseUrl}/v1/me`, { headers: { origin: `chrome-extension://${chromium.extensionId}`, authorization: `Bearer ${service.apiKey}` } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    await options.close();
  });

  it("Salesforce: the overlay shows the account's data, follows Lightning's in-app navigation and leaves off records", async () => {
    const page = await chromium.context.newPage();
    await page.goto(ACME_RECORD);
    const overlay = overlayOf(page);
    await expectCardOf(overlay.locator('article'), 'acme-shop.com');
    expect(await overlay.getByRole('link', { name: 'Open in Salesforce' }).getAttribute('href')).toBe(ACME_RECORD);

    // Without disturbing the page: its hostile styles do not reach the overlay, its content is intact.
    expect(await page.locator('h1').first().textContent()).toBe('Acme Shop');
    expect(await overlay.locator('.pf-overlay__toggle').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(33, 36, 61)');
    expect(await overlay.isVisible()).toBe(true);
    expect(await badgeTextOf(await tabIdOf('https://acme.lightning.force.com/*'))).toBe(badgeOf('acme-shop.com'));
    await saveScreenshot(page, 'salesforce-acme-shop');

    // In-app navigation to another Account: the URL changes, the page does not reload.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    await page.locator('.oneGlobalNav').getByRole('link', { name: 'The Globe Daily' }).click();
    await expectCardOf(overlay.locator('article'), 'globe-daily.com');
    expect(page.url()).toContain('/lightning/r/Account/001A000001globeAAA/view');
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    await saveScreenshot(page, 'salesforce-globe-daily-after-navigation');

    // Back to the first Account (Lightning reshows its cached page), then off records: the overlay goes.
    await page.goBack();
    await expectCardOf(overlay.locator('article'), 'acme-shop.com');
    await page.locator('.oneGlobalNav').getByRole('link', { name: 'Accounts' }).click();
    await expectEventually(() => page.locator('partnerforge-overlay').count()).toBe(0);
    await expectEventually(async () => badgeTextOf(await tabIdOf('https://acme.lightning.force.com/*'))).toBe('');
    await page.close();
  });

  it('the overlay is keyboard reachable, Esc closes it without the page seeing the key, and the collapsed state is remembered', async () => {
    const page = await chromium.context.newPage();
    await page.goto(ACME_RECORD);
    const overlay = overlayOf(page);
    const toggle = overlay.locator('.pf-overlay__toggle');
    await expectCardOf(overlay.locator('article'), 'acme-shop.com');

    // Tab moves through the page and then into the overlay (its host is the last thing on the page).
    let reached = false;
    for (let presses = 0; presses < 20 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await toggle.evaluate((element) => element.getRootNode() instanceof ShadowRoot && (element.getRootNode() as ShadowRoot).activeElement === element);
    }
    expect(reached).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    await overlay.getByRole('link', { name: 'Open brief' }).focus();
    const keysBefore = await page.evaluate(() => (window as unknown as { pageKeyLog: string[] }).pageKeyLog.length);
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await overlay.locator('article').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pageKeyLog: string[] }).pageKeyLog.slice(-1)[0])).not.toBe('Escape');
    expect(await page.evaluate(() => (window as unknown as { pageKeyLog: string[] }).pageKeyLog.length)).toBe(keysBefore);

    await page.reload();
    await expectEventually(() => overlayOf(page).locator('.pf-overlay__toggle').getAttribute('aria-expanded')).toBe('false');
    await overlayOf(page).locator('.pf-overlay__toggle').press('Enter');
    await expectCardOf(overlayOf(page).locator('article'), 'acme-shop.com');
    await page.close();
  });

  it('LinkedIn: the overlay finds the company by its website link, then by the LinkedIn URL, following in-app navigation', async () => {
    const page = await chromium.context.newPage();
    await page.goto('https://www.linkedin.com/company/acme-shop/');
    const overlay = overlayOf(page);
    await expectCardOf(overlay.locator('article'), 'acme-shop.com');
    await saveScreenshot(page, 'linkedin-acme-shop');

    // The Globe Daily's page shows no website: the service matches the LinkedIn URL its site publishes.
    await page.locator('.org-similar').getByRole('link', { name: 'The Globe Daily' }).click();
    await expectCardOf(overlay.locator('article'), 'globe-daily.com');
    expect(extensionRequests()).toContain('GET /v1/intel/by-linkedin/globe-daily-news 200');
    await saveScreenshot(page, 'linkedin-globe-daily-after-navigation');

    // Another tab of the same company keeps the card; the feed has none.
    await page.locator('.org-page-navigation').getByRole('link', { name: 'About' }).click();
    await expectEventually(() => page.url()).toContain('/company/globe-daily-news/about/');
    await expectCardOf(overlay.locator('article'), 'globe-daily.com');
    await page.locator('.global-nav').getByRole('link', { name: 'Home' }).click();
    await expectEventually(() => page.locator('partnerforge-overlay').count()).toBe(0);
    await page.close();
  });

  it('popup: a prospect site not enriched yet offers Enrich, shows progress while the job runs, then the card and its badge', async () => {
    const site = await chromium.context.newPage();
    await site.goto('https://northpeak-outdoor.com/');
    const tabId = await tabIdOf('https://northpeak-outdoor.com/*');
    const popup = await openPopupFor(tabId);
    await expectEventually(() => popup.getByText('is not enriched yet').textContent()).toBe('northpeak-outdoor.com is not enriched yet.');

    await popup.getByRole('button', { name: 'Enrich' }).click();
    await expectEventually(() => popup.getByRole('progressbar').count()).toBe(1);
    await expectEventually(() => popup.locator('article').count()).toBe(1);
    intel['northpeak-outdoor.com'] = IntelSchema.parse(await (await callService('/v1/intel/northpeak-outdoor.com')).json());
    await expectCardOf(popup.locator('article'), 'northpeak-outdoor.com');
    await saveScreenshot(popup, 'popup-northpeak-outdoor');
    expect(await badgeTextOf(tabId)).toBe(badgeOf('northpeak-outdoor.com'));
    expect(extensionRequests()).toContain('POST /v1/enrichments 202');
    await popup.close();
    await site.close();
  });

  it('popup: a search engine is not a company site', async () => {
    const site = await chromium.context.newPage();
    await site.goto('https://www.google.com/search?q=acme');
    const popup = await openPopupFor(await tabIdOf('https://www.google.com/*'));
    await expectEventually(() => popup.getByRole('alert').textContent()).toContain('google.com is a search engine, not a company site.');
    await popup.close();
    await site.close();
  });

  it('the background survives being stopped by the browser: the popup shows the card from the session cache', async () => {
    const site = await chromium.context.newPage();
    await site.goto('https://acme-shop.com/');
    const tabId = await tabIdOf('https://acme-shop.com/*');
    const lookupsBefore = extensionRequests().filter((request) => request.startsWith('GET /v1/intel/acme-shop.com')).length;
    expect(lookupsBefore).toBeGreaterThan(0);

    const cdp: CDPSession = await chromium.context.newCDPSession(site);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) if (version.scriptURL.startsWith(`chrome-extension://${chromium.extensionId}/`)) statuses.push(version.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Whether it was stopped, not that it still is: a tab event may wake it again at once.
    await expectEventually(() => statuses).toContain('stopped');

    const popup = await openPopupFor(tabId);
    await expectCardOf(popup.locator('article'), 'acme-shop.com');
    expect(statuses.at(-1)).toBe('running');
    // Answered from chrome.storage.session: no new lookup reached the service.
    expect(extensionRequests().filter((request) => request.startsWith('GET /v1/intel/acme-shop.com')).length).toBe(lookupsBefore);
    expect(await badgeTextOf(tabId)).toBe(badgeOf('acme-shop.com'));
    await cdp.detach();
    await popup.close();
    await site.close();
  });

  it('sends the service nothing from the host pages but domains and the LinkedIn slug', () => {
    const allowed = [/^GET \/v1\/me /, /^GET \/v1\/intel\/[a-z0-9.-]+ /, /^GET \/v1\/intel\/by-linkedin\/[a-z0-9-]+ /, /^POST \/v1\/enrichments /, /^GET \/v1\/enrichments\/[0-9a-f-]+ /];
    const requests = extensionRequests();
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((request) => !allowed.some((pattern) => pattern.test(request)))).toEqual([]);
    expect(requests.join('\n')).not.toMatch(/001A000001|lightning|Acme Shop|Globe Daily/);
  });
});
