import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load, type CheerioAPI } from 'cheerio';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSnapshot } from '../src/enrichment/snapshots.repository.ts';
import { recordSnapshotChanges } from '../src/history/record-changes.ts';
import { signBriefToken } from '../src/briefs/brief-links.ts';
import { runPf } from './support/run-cli.ts';
import { startTestService, type TestService } from './support/test-service.ts';

const SIGNING_KEY = 'brief-page-test-signing-key-0123456789';
const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results');
const FULL = 'northwind-outfitters.com';
const SPARSE = 'harbor-dental.com';

let t: TestService;

/** Stores module data as the orchestrator does: a new version, then its changes. */
async function enriched(domain: string, module: string, data: unknown, fetchedAt: string, sourceUrl: string) {
  const db = t.service.runtime.db;
  const stored = await insertSnapshot(db, { domain, module, provider: module.split('.')[1] ?? 'partnerforge', data, sourceUrl, fetchedAt: new Date(fetchedAt) });
  await recordSnapshotChanges(db, { id: stored.id, domain, module, version: stored.version, data }, { now: () => new Date(fetchedAt) });
}

const fingerprint = {
  technologies: [
    { name: 'Adobe Experience Manager', categories: ['CMS'] },
    { name: 'Swiftype', categories: ['Search engines'] },
    { name: 'jQuery', categories: ['JavaScript libraries'] },
    { name: 'Varnish', categories: ['Caching'] },
  ],
  searchVendor: 'Elasticsearch',
  searchVendors: ['Elasticsearch'],
  partnerPlatforms: ['Adobe Experience Manager'],
};
const months = (visits: number[]) => visits.map((v, i) => ({ month: `2026-${String(i + 5).padStart(2, '0')}`, visits: v }));
const financials = (cfo: string) => ({
  ticker: 'NWO',
  exchange: 'NYSE',
  companyName: 'Northwind Outfitters Inc.',
  marketCapUsd: 8_400_000_000,
  revenueUsd: 3_100_000_000,
  revenueGrowth: 0.12,
  employees: 9_800,
  currency: 'USD',
  officers: [
    { name: 'Maria Alvarez', title: 'Chief Executive Officer' },
    { name: cfo, title: 'Chief Financial Officer' },
    { name: 'Sam Okafor', title: 'Chief Digital Officer' },
  ],
});

async function seedAccounts(): Promise<void> {
  // The fully enriched account: two rounds, months apart, with a CFO change and a traffic jump.
  await enriched(FULL, 'company.context', { name: 'Northwind Outfitters', description: 'Outdoor clothing and gear for every season, sold online and in 140 stores.', logoUrl: null, linkedinUrl: 'https://www.linkedin.com/company/northwind-outfitters' }, '2026-08-01T09:00:00Z', `https://www.${FULL}/`);
  await enriched(FULL, 'website.fingerprint', fingerprint, '2026-08-01T09:00:00Z', `https://www.${FULL}/`);
  await enriched(FULL, 'traffic.similarweb', { monthlyVisits: 10_000_000, visitsByMonth: months([9e6, 9.5e6, 10e6]) }, '2026-08-01T09:00:00Z', `https://api.similarweb.com/v1/website/${FULL}/total-traffic-and-engagement/visits`);
  await enriched(FULL, 'financials.yahoo', financials('John Smith'), '2026-08-01T09:00:00Z', 'https://finance.yahoo.com/quote/NWO');
  await enriched(FULL, 'website.fingerprint', fingerprint, '2026-11-01T09:00:00Z', `https://www.${FULL}/`);
  await enriched(FULL, 'tech.builtwith', {
    technologies: [
      { name: 'Adobe Experience Manager', categories: ['CMS'], firstDetected: '2019-03-01', lastDetected: '2026-10-28' },
      { name: 'Elasticsearch', categories: ['Search'], firstDetected: '2021-06-15', lastDetected: '2026-10-28' },
    ],
    techSpendUsd: 150_000,
  }, '2026-11-01T09:00:00Z', `https://api.builtwith.com/v21/api.json?LOOKUP=${FULL}`);
  await enriched(FULL, 'traffic.similarweb', { monthlyVisits: 14_000_000, visitsByMonth: months([9e6, 9.5e6, 10e6, 11e6, 12.5e6, 14e6]) }, '2026-11-01T09:00:00Z', `https://api.similarweb.com/v1/website/${FULL}/total-traffic-and-engagement/visits`);
  await enriched(FULL, 'financials.yahoo', financials('Jane Doe'), '2026-11-01T09:00:00Z', 'https://finance.yahoo.com/quote/NWO');
  await enriched(FULL, 'score', {
    score: 85,
    tier: 'hot',
    breakdown: [
      { factor: 'vertical', points: 40, reason: 'Commerce' },
      { factor: 'traffic', points: 25, reason: '14M visits / month' },
      { factor: 'tech_spend', points: 20, reason: '$150K tech spend' },
      { factor: 'partner_technology', points: 10, reason: 'Adobe Experience Manager' },
    ],
  }, '2026-11-01T09:00:00Z', 'urn:partnerforge:scoring-profile:default');
  // The sparse account: only its homepage was read.
  // What a hostile homepage could put in its schema.org sameAs must never become a live link.
  await enriched(SPARSE, 'company.context', { name: 'Harbor Dental Studio <script>alert(1)</script>', description: null, logoUrl: null, linkedinUrl: 'javascript:alert(1)' }, '2026-11-20T09:00:00Z', `http://${SPARSE}/`);
  await enriched(SPARSE, 'website.fingerprint', { technologies: [{ name: 'Nginx', categories: ['Web servers'] }], searchVendor: null, searchVendors: [], partnerPlatforms: [] }, '2026-11-20T09:00:00Z', `http://${SPARSE}/`);
}

/** The brief page's path with a token, on the test service. */
const briefPathOf = (domain: string) => {
  const url = new URL(t.service.runtime.briefLinks.url(domain));
  return `${t.baseUrl}${url.pathname}${url.search}`;
};

async function openBrief(domain: string): Promise<{ status: number; html: string; $: CheerioAPI; contentType: string | null }> {
  const res = await fetch(briefPathOf(domain));
  const html = await res.text();
  // No script may run on the page and nothing may be loaded from elsewhere, even if injected.
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  return { status: res.status, html, $: load(html), contentType: res.headers.get('content-type') };
}

/** Every fact on the page names where it came from and when. */
function expectEveryFactSourced($: CheerioAPI): number {
  const facts = $('[data-fact]').toArray();
  const unsourced = facts.filter((fact) => $(fact).find('.source .source-item').length === 0).map((fact) => $(fact).attr('data-fact'));
  expect(unsourced).toEqual([]);
  $('[data-fact] .source .source-item').each((_, item) => {
    expect($(item).find('time').attr('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect($(item).text()).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });
  return facts.length;
}

const run = promisify(execFile);

/** A real headless Chromium renders the page into a PNG (and a PDF, to see the print styles). */
async function screenshot(url: string, name: string): Promise<{ png: string; pdf: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const profile = await mkdtemp(path.join(tmpdir(), 'pf-chromium-'));
  // A failed navigation must not make Chromium probe a public resolver.
  await mkdir(path.join(profile, 'Default'), { recursive: true });
  await writeFile(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ alternate_error_pages: { enabled: false } }));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ];
  const png = path.join(RESULTS_DIR, `${name}.png`);
  const pdf = path.join(RESULTS_DIR, `${name}.pdf`);
  try {
    await run('/usr/bin/chromium', [...flags, `--screenshot=${png}`, '--window-size=1200,2400', url], { timeout: 90_000 });
    await run('/usr/bin/chromium', [...flags, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', url], { timeout: 90_000 });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  return { png, pdf };
}

beforeAll(async () => {
  t = await startTestService({ database: 'postgres', redis: false, env: { PF_BRIEF_SIGNING_KEY: SIGNING_KEY } });
  await seedAccounts();
});
afterAll(async () => t?.stop());

describe('the pre-call brief', () => {
  it('renders a fully enriched account: summary, score, technologies, traffic chart, financials, timeline, talking points, every fact sourced', async () => {
    const { status, $, html, contentType } = await openBrief(FULL);
    expect(status).toBe(200);
    expect(contentType).toContain('text/html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect($('h1').text()).toContain('Northwind Outfitters');
    expect($('.tier-badge').text()).toBe('85 Hot');
    expect($('.description').text()).toContain('Outdoor clothing');

    const points = $('[data-fact="talking-point"]').map((_, p) => $(p).find('p').first().text()).get();
    expect(points.some((p) => p.includes('They run Elasticsearch for site search. Displacement angle:'))).toBe(true);
    expect(points.some((p) => p.startsWith('New CFO: Jane Doe (replacing John Smith)'))).toBe(true);
    expect(points.some((p) => p.includes('Traffic grew +55.6%'))).toBe(true);

    expect($('[data-fact="score"] .score-row').length).toBe(4);
    expect($('[data-fact="search"]').text()).toContain('Elasticsearch');
    const aem = $('.tech-table tr').filter((_, row) => $(row).find('td').first().text() === 'Adobe Experience Manager');
    expect(aem.find('td').eq(2).text()).toBe('Mar 1, 2019');
    expect(aem.find('td').eq(3).text()).toBe('Oct 28, 2026');
    // A technology only the website scan saw: first and last seen come from the scans.
    const jquery = $('.tech-table tr').filter((_, row) => $(row).find('td').first().text() === 'jQuery');
    expect(jquery.find('td').eq(2).text()).toBe('Aug 1, 2026');
    expect(jquery.find('td').eq(3).text()).toBe('Nov 1, 2026');

    const chart = $('[data-fact="traffic"] svg.traffic-chart');
    expect(chart.find('polyline').attr('points')?.split(' ')).toHaveLength(6);
    expect(chart.attr('aria-label')).toBe('Monthly visits from 2026-05 to 2026-10, peaking at 14M');
    expect($('[data-fact="traffic"] .big-number').text()).toBe('14M visits / month');
    expect($('[data-fact="financials"]').text()).toMatch(/NWO \(NYSE\).*\$8\.4B.*\$3\.1B.*\+12\.0%.*9,800/);
    expect($('[data-fact="financials"] .executives').text()).toContain('Jane Doe');

    const timeline = $('[data-fact="change"]').map((_, item) => $(item).text()).get();
    expect(timeline.some((text) => text.includes('New CFO: Jane Doe (replacing John Smith)') && text.includes('Yahoo Finance'))).toBe(true);
    expect(timeline.some((text) => text.includes('Traffic up 40%'))).toBe(true);
    expect(timeline.some((text) => text.includes('New hot lead'))).toBe(true);

    expect(expectEveryFactSourced($)).toBeGreaterThan(10);
    expect($('style').text()).toContain('@media print');
    expect($('style').text()).toContain('--pf-color-tier-hot: #ef4444;');
    expect($('script').length).toBe(0);

    const shot = await screenshot(briefPathOf(FULL), 'brief-full');
    expect((await readFile(shot.png)).subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(shot.png)).size).toBeGreaterThan(20_000);
    expect((await readFile(shot.pdf)).subarray(0, 4).toString()).toBe('%PDF');
  }, 120_000);

  it('renders a sparsely enriched account, saying what is not known instead of inventing it', async () => {
    const { status, $ } = await openBrief(SPARSE);
    expect(status).toBe(200);
    expect($('h1').text()).toContain('Harbor Dental Studio <script>alert(1)</script>');
    expect($('script').length).toBe(0);
    expect($('a[href^="javascript"]').length).toBe(0);
    expect($('.tier-badge').text()).toBe('– Not scored');
    expect($('[data-missing="traffic"]').text()).toContain('No traffic data yet');
    expect($('[data-missing="financials"]').length).toBe(1);
    expect($('[data-missing="score"]').length).toBe(1);
    expect($('[data-missing="timeline"]').length).toBe(1);
    expect($('[data-fact="search"]').text()).toContain('None detected');
    expect($('svg').length).toBe(0);
    expect(expectEveryFactSourced($)).toBeGreaterThanOrEqual(3);

    const shot = await screenshot(briefPathOf(SPARSE), 'brief-sparse');
    expect((await stat(shot.png)).size).toBeGreaterThan(5_000);
  }, 120_000);

  it('refuses a missing, forged, foreign or expired token with 403, and says when nothing is known', async () => {
    const base = `${t.baseUrl}/briefs/${FULL}`;
    const valid = new URL(briefPathOf(FULL)).searchParams.get('token') as string;
    const expired = signBriefToken(SIGNING_KEY, FULL, new Date(Date.now() - 1000));
    const otherKey = signBriefToken('another-key-that-is-long-enough-000000', FULL, new Date(Date.now() + 3_600_000));
    const foreign = new URL(briefPathOf(SPARSE)).searchParams.get('token') as string;
    for (const url of [base, `${base}?token=`, `${base}?token=${valid.slice(0, -1)}x`, `${base}?token=${expired}`, `${base}?token=${otherKey}`, `${base}?token=${foreign}`]) {
      const res = await fetch(url);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(await res.text()).toContain('This brief link is not valid');
    }
    const unknown = await fetch(briefPathOf('never-enriched.com'));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No intel on never-enriched.com yet');
  });

  it('prints a signed link with pf brief-url, for the Salesforce Brief URL field', async () => {
    const env = { DATABASE_URL: t.config.database.url as string, LOG_LEVEL: 'warn', PF_BRIEF_SIGNING_KEY: SIGNING_KEY, PF_PUBLIC_URL: 'https://pf.example.com' };
    const printed = await runPf(['brief-url', 'https://www.Northwind-Outfitters.com/about', '--ttl-days', '30'], env);
    expect(printed.code).toBe(0);
    const url = new URL(printed.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`https://pf.example.com/briefs/${FULL}`);
    expect(t.service.runtime.briefLinks.verify(FULL, url.searchParams.get('token') ?? undefined)).toBe(true);
    const unsigned = await runPf(['brief-url', FULL], { ...env, PF_BRIEF_SIGNING_KEY: '' });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('Set PF_BRIEF_SIGNING_KEY');
  }, 120_000);
});
