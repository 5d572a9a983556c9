import { describe, expect, it } from 'vitest';
import { FIXTURE_DOMAINS, FIXTURE_SITES, readSavedPage, type FixtureSite } from './__fixtures__/fixture-sites.ts';
import { detectTechnologies, type DetectedTechnology } from './fingerprint.ts';
import { createSignalFilters, matchRules, planFor } from './match-rules.ts';
import { extractPageSignals, type PageInput } from './page-signals.ts';
import { loadFingerprintEngine } from './wappalyzer-engine.ts';

const pageOf = (site: FixtureSite): PageInput => ({ url: `https://www.${FIXTURE_DOMAINS[site]}/`, ...readSavedPage(site) });
const names = (technologies: readonly DetectedTechnology[]) => technologies.map((technology) => technology.name);
const bare = (page: Partial<PageInput>): PageInput => ({ url: 'https://www.example-store.com/', headers: {}, body: '<html><body></body></html>', ...page });
const describeAll = (detections: ReturnType<typeof matchRules>) =>
  detections.map(({ technology, pattern }) => `${technology.name} ${pattern.type} ${String(pattern.regex)}`).sort();

describe('detectTechnologies on saved homepages', () => {
  it('finds Shopify (headers, cookies, scripts, meta) and Algolia (inline InstantSearch set-up) on the retailer', () => {
    const technologies = detectTechnologies(pageOf('shopify-algolia'));
    expect(names(technologies)).toEqual(expect.arrayContaining(['Shopify', 'Algolia', 'jsDelivr', 'Cloudflare']));
    expect(technologies.find((t) => t.name === 'Shopify')).toMatchObject({ categories: ['Ecommerce'], confidence: 100, website: expect.stringContaining('shopify') });
    expect(technologies.find((t) => t.name === 'Algolia')?.categories).toEqual(['Search engines']);
  });

  it('finds Adobe Experience Manager (clientlibs, aem-Grid) and Swiftype on the publisher', () => {
    const technologies = detectTechnologies(pageOf('aem-swiftype'));
    expect(names(technologies)).toEqual(expect.arrayContaining(['Adobe Experience Manager', 'Swiftype', 'Apache HTTP Server', 'Varnish', 'jQuery']));
    expect(technologies.find((t) => t.name === 'Adobe Experience Manager')?.categories).toEqual(['CMS']);
  });

  it('finds Salesforce Commerce Cloud (demandware.static, dwsid cookie) and Coveo on the store', () => {
    const technologies = detectTechnologies(pageOf('sfcc-coveo'));
    expect(names(technologies)).toEqual(expect.arrayContaining(['Salesforce Commerce Cloud', 'Salesforce', 'Coveo', 'Cloudflare']));
  });

  it('finds Magento (x-magento-init, X-Magento-Vary cookie) and Elasticsearch through ElasticSuite on the supplier', () => {
    const technologies = detectTechnologies(pageOf('magento-elasticsuite'));
    expect(names(technologies)).toEqual(expect.arrayContaining(['Magento', 'ElasticSuite', 'Elasticsearch', 'PHP', 'Nginx', 'Varnish']));
    expect(technologies.find((t) => t.name === 'Magento')?.categories).toEqual(['Ecommerce']);
    expect(technologies.find((t) => t.name === 'PHP')?.version).toBe('8.2.24');
  });

  it('finds only the plain stack, with versions, on the small site', () => {
    const technologies = detectTechnologies(pageOf('plain-site'));
    expect(technologies.find((t) => t.name === 'Nginx')?.version).toBe('1.24.0');
    expect(technologies.find((t) => t.name === 'jQuery')?.version).toBe('3.7.1');
    expect(names(technologies)).not.toEqual(expect.arrayContaining(['Shopify']));
    expect(technologies.flatMap((t) => t.categories)).not.toContain('Search engines');
  });

  it('returns technologies sorted by name', () => {
    const list = names(detectTechnologies(pageOf('aem-swiftype')));
    expect(list).toEqual([...list].sort((a, b) => a.localeCompare(b)));
  });
});

describe('detectTechnologies signals', () => {

  it('reads cookies from Set-Cookie', () => {
    const technologies = detectTechnologies(bare({ headers: { 'set-cookie': ['_shopify_y=abc; Path=/; SameSite=Lax', 'other=1'] } }));
    expect(names(technologies)).toContain('Shopify');
  });

  it('reads response headers', () => {
    expect(names(detectTechnologies(bare({ headers: { 'x-shopify-stage': 'production' } })))).toContain('Shopify');
  });

  it('reads meta tags', () => {
    expect(names(detectTechnologies(bare({ body: '<html><head><meta name="generator" content="WordPress 6.4.2"></head></html>' })))).toContain('WordPress');
  });

  it('checks a technology that requires another only once that one is found', () => {
    // Affilo is a Shopify app: its script alone proves nothing.
    const app = '<script src="https://affilo.io/embed/loader.js"></script>';
    expect(names(detectTechnologies(bare({ body: `<html><head>${app}</head></html>` })))).not.toContain('Affilo');
    expect(names(detectTechnologies(bare({ body: `<html><head>${app}</head></html>`, headers: { 'x-shopify-stage': 'production' } })))).toEqual(
      expect.arrayContaining(['Affilo', 'Shopify']),
    );
  });

  it('resolves script URLs against the page, as a browser does', () => {
    const body = '<script src="//swiftype.com/embed.js"></script>';
    expect(names(detectTechnologies(bare({ url: 'http://news.example.org/', body })))).toContain('Swiftype');
  });

  it('does not throw on empty or broken markup', () => {
    expect(detectTechnologies(bare({ body: '' }))).toEqual([]);
    expect(() => detectTechnologies(bare({ body: '<div <<script src=">"<meta content=' }))).not.toThrow();
  });
});

describe('literal prefilter', () => {
  it('skips only rules that cannot match: the same detections as running every rule', () => {
    const engine = loadFingerprintEngine();
    const groups = [engine.technologies, ...engine.requires.map((g) => g.technologies), ...engine.categoryRequires.map((g) => g.technologies)];
    for (const site of FIXTURE_SITES) {
      const signals = extractPageSignals(pageOf(site));
      const filtered = groups.flatMap((group) => matchRules(engine, planFor(group), signals, createSignalFilters(signals)));
      const everything = groups.flatMap((group) => matchRules(engine, planFor(group), signals, { forKind: () => () => true }));
      expect([site, describeAll(filtered)]).toEqual([site, describeAll(everything)]);
      expect(filtered.length).toBeGreaterThan(5);
    }
  });

  it('hands the engine only technologies whose header, cookie or meta rules can match the page (the name present, the literals in its values): the same detections as handing it all', () => {
    const engine = loadFingerprintEngine();
    const groups = [engine.technologies, ...engine.requires.map((g) => g.technologies), ...engine.categoryRequires.map((g) => g.technologies)];
    const kinds = ['headers', 'cookies', 'meta'] as const;
    for (const site of FIXTURE_SITES) {
      const signals = extractPageSignals(pageOf(site));
      const indexed = groups.flatMap((group) => matchRules(engine, planFor(group), signals, createSignalFilters(signals))).filter(({ pattern }) => (kinds as readonly string[]).includes(pattern.type));
      const everyTechnology = groups.flatMap((group) =>
        kinds.flatMap((kind) =>
          planFor(group).manyToMany[kind].flatMap((technology) => {
            try {
              return engine.core.analyzeManyToMany(technology, kind, signals[kind]);
            } catch {
              return [];
            }
          }),
        ),
      );
      expect([site, describeAll(indexed)]).toEqual([site, describeAll(everyTechnology)]);
      expect(indexed.length).toBeGreaterThan(0);
    }
  });
});

describe('a large page', () => {
  // Its speed is measured by bench/fingerprint.ts, not asserted here: these machines are shared.
  it('finds on a ~500 KB page what it finds on the original', () => {
    const page = pageOf('shopify-algolia');
    const grid = /<li class="grid__item[\s\S]*?<\/li>/.exec(page.body)?.[0] ?? '';
    let cards = '';
    while (cards.length < 480_000) cards += grid;
    const big: PageInput = { ...page, body: page.body.replace('</main>', `<ul>${cards}</ul></main>`) };
    expect(big.body.length).toBeGreaterThan(500_000);
    expect(names(detectTechnologies(big))).toEqual(names(detectTechnologies(page)));
  });
});

describe('loadFingerprintEngine', () => {
  it('loads the bundled rules once and says where they come from', () => {
    const engine = loadFingerprintEngine();
    expect(loadFingerprintEngine()).toBe(engine);
    expect(engine.dataset).toMatchObject({ simpleWappalyzerVersion: '1.1.103', licence: expect.stringContaining('GPL-3.0') });
    expect(engine.dataset.technologyCount).toBeGreaterThan(7_000);
    expect(engine.dataset.categoryCount).toBeGreaterThan(100);
  });

  it("looks technologies up by name as the engine's own linear search did: the first of that name, requires groups included", () => {
    const engine = loadFingerprintEngine();
    const all = [...engine.technologies, ...engine.requires.flatMap((g) => g.technologies), ...engine.categoryRequires.flatMap((g) => g.technologies)];
    const required = engine.requires[0]?.technologies[0];
    expect(required).toBeDefined();
    for (const name of ['Shopify', 'Algolia', 'Adobe Experience Manager', required!.name]) {
      expect(engine.core.getTechnology(name)).toBe(all.find((technology) => technology.name === name));
    }
    expect(engine.core.getTechnology('No Such Technology')).toBeUndefined();
  });
});
