/**
 * Extension bench: the size of the built content scripts, and how long a Salesforce Lightning
 * Account page and a LinkedIn company page take to show the overlay card with a warm cache
 * (the account's intel already in the background's `chrome.storage.session`).
 *
 * It runs what the end-to-end test runs (e2e/support/): the built extension in Debian's headless
 * Chromium through playwright-core, a real integration-service (`pf serve`, embedded PGlite)
 * that enriches a saved prospect homepage, and the saved Lightning and LinkedIn pages on a local
 * HTTPS server. The baselines, in the same run: the same pages in the same Chromium without any
 * extension, and with an extension whose content script does nothing (what Chromium itself
 * charges for a content script); and the load event of each measured page itself.
 * Nothing leaves 127.0.0.1.
 *
 *   pnpm bench:extension      (or: pnpm --filter @partnerforge/extension bench --visits 30)
 *
 * A missed goal still exits 0; a run that broke (no overlay, a cache miss) exits 1.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { connectToService, launchWithExtension, launchWithoutExtension } from '../e2e/support/browser.ts';
import { EXTENSION_DIR, runWxt } from '../e2e/support/extension-build.ts';
import { startIntegrationService } from '../e2e/support/integration-service.ts';
import { findClosedPort, savedHtml, savedProspect, startHttpServer, startHttpsServer } from '../e2e/support/local-sites.ts';

const { values: args } = parseArgs({ options: { visits: { type: 'string', default: '30' } } });
const VISITS = Number(args.visits);
const GOALS = { scriptKb: 60, gzipKb: 25, cardP95Ms: 300 };

const DOMAIN = 'acme-shop.com';
const PAGES = [
  { name: 'Lightning Account record', url: 'https://acme.lightning.force.com/lightning/r/Account/001A000001acmeSAAA/view' },
  { name: 'LinkedIn company page', url: 'https://www.linkedin.com/company/acme-shop/' },
] as const;
const BROWSER_HOSTS = ['acme.lightning.force.com', 'www.linkedin.com'];

/** One visit, in ms since navigation start (the page's `performance.timeOrigin`). */
interface Visit {
  domContentLoaded: number;
  load: number;
  /** The overlay's host element is on the page (its shell, before the card's data). */
  overlay: number | null;
  /** The card with the account's data is laid out and painted (first frame it is there). */
  card: number | null;
}

declare global {
  interface Window {
    pfBenchProbe?: { overlay: number | null; card: number | null };
  }
}

/**
 * Added to every page before its own scripts: on each frame, looks for the overlay (an open
 * shadow root) and its card, and notes when each first has a size. Frame-bound, so the figures
 * have the resolution of one frame (~16 ms). A string, not a function: tsx compiles functions
 * with `__name(…)` helpers that do not exist in the page.
 */
const OVERLAY_PROBE = `(() => {
  const seen = { overlay: null, card: null };
  window.pfBenchProbe = seen;
  const started = performance.now();
  const tick = () => {
    const overlay = document.querySelector('partnerforge-overlay')?.shadowRoot?.querySelector('.pf-overlay');
    if (seen.overlay === null && overlay && overlay.getBoundingClientRect().height > 0) seen.overlay = performance.now();
    const card = overlay?.querySelector('article[aria-label^="PartnerForge intel on"]');
    if (seen.card === null && card && card.getBoundingClientRect().height > 0) seen.card = performance.now();
    if (seen.card === null && performance.now() - started < 15000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function visit(context: BrowserContext, url: string, expectOverlay: boolean): Promise<Visit> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    if (expectOverlay) {
      await page.waitForFunction(() => window.pfBenchProbe?.card !== null, undefined, { timeout: 15_000 }).catch(async (error: unknown) => {
        const host = await page.evaluate(() => ({ probe: window.pfBenchProbe, overlay: document.querySelector('partnerforge-overlay')?.shadowRoot?.querySelector('.pf-overlay')?.textContent?.slice(0, 300) ?? 'none' }));
        throw new Error(`${url}: no card on the page (${JSON.stringify(host)})`, { cause: error });
      });
    }
    return await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return {
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? Number.NaN,
        load: navigation?.loadEventEnd ?? Number.NaN,
        overlay: window.pfBenchProbe?.overlay ?? null,
        card: window.pfBenchProbe?.card ?? null,
      };
    });
  } finally {
    await page.close();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** p50/p95/max of a page's visits; NaN where the page had no overlay (the baseline). */
function summarize(visits: Visit[]) {
  const cards = visits.flatMap((v) => (v.card === null ? [] : [v.card]));
  const overlays = visits.flatMap((v) => (v.overlay === null ? [] : [v.overlay]));
  const afterLoad = visits.flatMap((v) => (v.card === null ? [] : [Math.max(0, v.card - v.load)]));
  return {
    domContentLoadedP50: percentile(visits.map((v) => v.domContentLoaded), 50),
    loadP50: percentile(visits.map((v) => v.load), 50),
    overlayP50: percentile(overlays, 50),
    cardP50: percentile(cards, 50),
    cardP95: percentile(cards, 95),
    cardMax: cards.length > 0 ? Math.max(...cards) : Number.NaN,
    loadToCardP95: percentile(afterLoad, 95),
  };
}

const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function contentScriptSizes(): Promise<Array<{ name: string; bytes: number; gzip: number }>> {
  const dir = path.join(EXTENSION_DIR, 'content-scripts');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.js')).sort();
  return Promise.all(
    names.map(async (name) => {
      const code = await readFile(path.join(dir, name));
      return { name, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
    }),
  );
}

/**
 * An extension whose content script does nothing, on the same sites and at the same moment as
 * ours: what any content script costs a page in this Chromium, apart from what ours does.
 */
async function emptyExtension(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pf-bench-empty-extension-'));
  const manifest = JSON.parse(await readFile(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { content_scripts: Array<{ matches: string[]; run_at: string }> };
  const contentScripts = manifest.content_scripts.map(({ matches, run_at }) => ({ matches, run_at, js: ['empty.js'] }));
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'empty', version: '1.0', background: { service_worker: 'background.js' }, content_scripts: contentScripts }));
  await writeFile(path.join(dir, 'empty.js'), '// nothing\n');
  await writeFile(path.join(dir, 'background.js'), '// nothing\n');
  return dir;
}

async function main(): Promise<void> {
  // What `pnpm build` ships, built now: the folder and the zip beside it.
  await runWxt(['zip', '-b', 'chrome', '--mv3']);
  const extensionDir = EXTENSION_DIR;
  const sizes = await contentScriptSizes();

  // The prospect's homepage for the service's website provider (https refused, then http).
  const closedPort = await findClosedPort();
  const prospect = await startHttpServer(async (host, pathname) => (host.replace(/^www\./, '') === DOMAIN && pathname === '/' ? savedProspect(DOMAIN) : false));
  const pins = [DOMAIN, `www.${DOMAIN}`].flatMap((host) => [`${host}:80:127.0.0.1:${prospect.port}`, `${host}:443:127.0.0.1:${closedPort}`]).join(',');
  const [pages, service] = await Promise.all([
    startHttpsServer(BROWSER_HOSTS, async (host, pathname) => {
      if (pathname === '/favicon.ico') return false;
      return savedHtml(host === 'www.linkedin.com' ? 'linkedin.html' : 'lightning.html');
    }),
    startIntegrationService({ httpResolve: pins }),
  ]);
  const closers: Array<() => Promise<void>> = [() => prospect.close(), () => pages.close(), () => service.stop()];
  const intelLookups = () => service.logs.filter((line) => line.msg === 'request completed' && String(line.url).startsWith('/v1/intel/')).length;

  try {
    // Enrich the account once through the API, as the Slack app or a schedule would.
    const headers = { authorization: `Bearer ${service.apiKey}`, 'content-type': 'application/json', 'x-request-id': 'bench-seed' };
    const { jobId } = (await (await fetch(`${service.baseUrl}/v1/enrichments`, { method: 'POST', headers, body: JSON.stringify({ domain: DOMAIN }) })).json()) as { jobId: string };
    for (let status = 'queued'; ['queued', 'running'].includes(status); await new Promise((resolve) => setTimeout(resolve, 100))) {
      status = ((await (await fetch(`${service.baseUrl}/v1/enrichments/${jobId}`, { headers })).json()) as { status: string }).status;
      if (status === 'failed') throw new Error(`the enrichment of ${DOMAIN} failed`);
    }

    const plain = await launchWithoutExtension(BROWSER_HOSTS, pages.port);
    closers.unshift(() => plain.close());
    const emptyDir = await emptyExtension();
    closers.push(() => rm(emptyDir, { recursive: true, force: true }));
    const empty = await launchWithExtension(emptyDir, BROWSER_HOSTS, pages.port);
    closers.unshift(() => empty.close());
    const withExtension = await launchWithExtension(extensionDir, BROWSER_HOSTS, pages.port);
    closers.unshift(() => withExtension.close());
    await connectToService(withExtension, service.baseUrl, service.apiKey);
    for (const context of [plain.context, empty.context, withExtension.context]) await context.addInitScript(OVERLAY_PROBE);

    const rows: Array<{ name: string; visits: Visit[]; extension: boolean }> = [];
    for (const { name, url } of PAGES) {
      // A first visit fills the caches (intel and the caller's role in chrome.storage.session).
      await visit(withExtension.context, url, true);
      await visit(plain.context, url, false);
      await visit(empty.context, url, false);
      const lookupsBefore = intelLookups();
      const measured: { plain: Visit[]; empty: Visit[]; extension: Visit[] } = { plain: [], empty: [], extension: [] };
      // Interleaved, so a busy moment of a shared machine hits all three alike.
      for (let i = 0; i < VISITS; i++) {
        measured.plain.push(await visit(plain.context, url, false));
        measured.empty.push(await visit(empty.context, url, false));
        measured.extension.push(await visit(withExtension.context, url, true));
      }
      if (intelLookups() !== lookupsBefore) throw new Error(`${name}: warm visits still asked the service (${intelLookups() - lookupsBefore} intel lookups)`);
      rows.push(
        { name: `${name}: no extension`, visits: measured.plain, extension: false },
        { name: `${name}: empty content script`, visits: measured.empty, extension: false },
        { name: `${name}: PartnerForge`, visits: measured.extension, extension: true },
      );
    }

    print(`content scripts (${path.relative(process.cwd(), path.join(extensionDir, 'content-scripts'))}; goal ≤ ${GOALS.scriptKb} KB, gzip ≤ ${GOALS.gzipKb} KB)`);
    for (const size of sizes) {
      const met = size.bytes <= GOALS.scriptKb * 1024 && size.gzip <= GOALS.gzipKb * 1024;
      print(`  ${size.name.padEnd(16)}${kb(size.bytes).padStart(10)}   gzip ${kb(size.gzip).padStart(8)}   ${verdict(met)}`);
    }
    print();
    print(`page load → overlay card with a warm cache: ${VISITS} visits each, headless Chromium, ms since navigation start (one-frame resolution)`);
    const columns = ['DCL p50', 'load p50', 'overlay p50', 'card p50', 'card p95', 'card max', 'load→card p95'];
    print(`${'page'.padEnd(52)}${columns.map((c) => c.padStart(14)).join('')}`);
    const results = rows.map((row) => ({ name: row.name, extension: row.extension, ...summarize(row.visits) }));
    for (const r of results) {
      const cells = [r.domContentLoadedP50, r.loadP50, r.overlayP50, r.cardP50, r.cardP95, r.cardMax, r.loadToCardP95].map((value) => (Number.isNaN(value) ? '—' : ms(value)));
      print(`${r.name.padEnd(52)}${cells.map((c) => c.padStart(14)).join('')}`);
    }
    const cardGoalMet = results.filter((r) => r.extension).every((r) => r.cardP95 <= GOALS.cardP95Ms);
    print(`goal card p95 ≤ ${GOALS.cardP95Ms} ms from navigation start, both pages: ${verdict(cardGoalMet)}`);
    print(`BENCH_RESULT ${JSON.stringify({ visits: VISITS, sizes, results })}`);
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
