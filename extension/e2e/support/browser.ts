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
 * Debian's Chromium, headless, with the unpacked extension loaded and `hosts` mapped to the
 * local HTTPS server; every other name fails to resolve, so nothing leaves 127.0.0.1.
 */
export async function launchWithExtension(extensionDir: string, hosts: readonly string[], httpsPort: number): Promise<ExtensionBrowser> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'pf-e2e-profile-'));
  // Without this, a failed navigation makes Chromium probe a public DNS resolver.
  await mkdir(path.join(profileDir, 'Default'));
  await writeFile(path.join(profileDir, 'Default/Preferences'), JSON.stringify({ alternate_error_pages: { enabled: false } }));
  // `MAP *` also catches IP literals: without the EXCLUDE, the extension's calls to the service
  // on http://127.0.0.1:<port> fail ("Failed to fetch") although the host permission is granted.
  const rules = [...hosts.map((host) => `MAP ${host} 127.0.0.1:${httpsPort}`), 'EXCLUDE 127.0.0.1', 'MAP * ~NOTFOUND'].join(', ');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=${rules}`,
    ],
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
