import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, type Worker, chromium } from 'playwright-core';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it runs now (it changes after a restart). */
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * Flags of every Chromium run here: headless-friendly, nothing in the background, `hosts` mapped
 * to the local HTTPS server and every other name failing to resolve, so nothing leaves 127.0.0.1.
 */
function chromiumArgs(hosts: readonly string[], httpsPort: number): string[] {
  // `MAP *` also catches IP literals: without the EXCLUDE, the extension's calls to the service
  // on http://127.0.0.1:<port> fail ("Failed to fetch") although the host permission is granted.
  const rules = [...hosts.map((host) => `MAP ${host} 127.0.0.1:${httpsPort}`), 'EXCLUDE 127.0.0.1', 'MAP * ~NOTFOUND'].join(', ');
  return [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--host-resolver-rules=${rules}`,
  ];
}

/** A fresh profile folder; without its Preferences, a failed navigation makes Chromium probe a public DNS resolver. */
async function freshProfile(): Promise<string> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'pf-e2e-profile-'));
  await mkdir(path.join(profileDir, 'Default'));
  await writeFile(path.join(profileDir, 'Default/Preferences'), JSON.stringify({ alternate_error_pages: { enabled: false } }));
  return profileDir;
}

/** The same Chromium without the extension (the benchmark's baseline). */
export async function launchWithoutExtension(hosts: readonly string[], httpsPort: number): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profileDir = await freshProfile();
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    args: chromiumArgs(hosts, httpsPort),
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless, with the unpacked extension loaded and `hosts` mapped to the
 * local HTTPS server; every other name fails to resolve, so nothing leaves 127.0.0.1.
 */
export async function launchWithExtension(extensionDir: string, hosts: readonly string[], httpsPort: number): Promise<ExtensionBrowser> {
  const profileDir = await freshProfile();
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...chromiumArgs(hosts, httpsPort)],
  });
  const serviceWorker = async () => context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://')) ?? context.waitForEvent('serviceworker');
  // The id derives from the folder's absolute path: read it rather than hard-code it.
  const extensionId = new URL((await serviceWorker()).url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Grants the extension a host permission the way a user does on chrome://extensions ("Site
 * access → On specific sites → Add"). Headless Chromium cannot show the permission prompt of
 * `chrome.permissions.request`; once the user has granted the site, that request resolves true
 * without a prompt, exactly as after clicking "Allow".
 */
export async function grantSiteAccess(browser: ExtensionBrowser, originPattern: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto('chrome://extensions');
  await page.evaluate(
    ([id, pattern]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id!, pattern!),
    [browser.extensionId, originPattern],
  );
  await page.close();
}

/**
 * Connects the extension to the service the way a user does: site access for the service's
 * origin, then the options page's "Test and save". Resolves once the page says it saved.
 */
export async function connectToService(browser: ExtensionBrowser, serviceUrl: string, apiKey: string): Promise<void> {
  const url = new URL(serviceUrl);
  await grantSiteAccess(browser, `${url.protocol}//${url.hostname}/*`);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByLabel('Service URL').fill(serviceUrl);
  await options.getByLabel('API key').fill(apiKey);
  await options.getByRole('button', { name: 'Test and save' }).click();
  await options.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 });
  await options.close();
}
