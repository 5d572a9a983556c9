import { describe, expect, it } from 'vitest';
import { FIXTURE_DOMAINS, readSavedPage, type FixtureSite } from './__fixtures__/fixture-sites.ts';
import { extractCompanyContext } from './company-context.ts';

const fromFixture = (site: FixtureSite) => extractCompanyContext({ url: `https://www.${FIXTURE_DOMAINS[site]}/`, ...readSavedPage(site) });
const fromHtml = (body: string, url = 'https://www.acme-widgets.com/') => extractCompanyContext({ url, headers: {}, body });

describe('extractCompanyContext on saved homepages', () => {
  it('reads the Shopify store: Organization JSON-LD with sameAs, meta description, careers page', () => {
    expect(fromFixture('shopify-algolia')).toEqual({
      name: 'Acme Shop',
      description: expect.stringMatching(/^Acme Shop makes durable outdoor gear/),
      logoUrl: 'https://www.acme-shop.com/cdn/shop/files/acme-logo.png?v=1699984513&width=500',
      linkedinUrl: 'https://www.linkedin.com/company/acme-shop',
      sameAs: [
        'https://twitter.com/acmeshop',
        'https://www.facebook.com/acmeshop',
        'https://www.instagram.com/acmeshop',
        'https://www.youtube.com/@acmeshop',
        'https://www.linkedin.com/company/acme-shop/',
      ],
      socialProfiles: {
        twitter: 'https://twitter.com/acmeshop',
        facebook: 'https://www.facebook.com/acmeshop',
        instagram: 'https://www.instagram.com/acmeshop',
        youtube: 'https://www.youtube.com/@acmeshop',
        linkedin: 'https://www.linkedin.com/company/acme-shop',
      },
      organization: { type: 'Organization' },
      careersUrl: 'https://www.acme-shop.com/pages/careers',
    });
  });

  it('reads the publisher from an @graph, despite a broken and a malformed JSON-LD block beside it', () => {
    const context = fromFixture('aem-swiftype');
    expect(context).toMatchObject({
      name: 'The Globe Daily',
      linkedinUrl: 'https://www.linkedin.com/company/globe-daily-news',
      logoUrl: 'https://www.globe-daily.com/content/dam/globedaily/brand/globe-daily-logo-512.png',
      careersUrl: 'https://careers.globe-daily.com/',
      organization: {
        type: 'NewsMediaOrganization',
        legalName: 'Globe Daily Media Group plc',
        foundingDate: '1894',
        address: '1 Harbour Square, Harbour City, HC1 4GD, GB',
        telephone: '+44 20 7946 0321',
      },
    });
    expect(context.description).toContain("Harbour City's independent newspaper");
    expect(context.socialProfiles.twitter).toBe('https://x.com/theglobedaily');
  });

  it('reads the Corporation facts of the Commerce Cloud store, headcount range included', () => {
    expect(fromFixture('sfcc-coveo')).toMatchObject({
      name: 'Northpeak Outdoor',
      linkedinUrl: 'https://www.linkedin.com/company/northpeak-outdoor',
      careersUrl: 'https://northpeak.wd1.myworkdayjobs.com/en-US/NorthpeakCareers',
      organization: {
        type: 'Corporation',
        legalName: 'Northpeak Outdoor Equipment, Inc.',
        foundingDate: '1987-03-14',
        address: '2500 Larimer Street, Denver, CO 80205, US',
        telephone: '+1-303-555-0148',
        numberOfEmployees: { min: 1000, max: 5000 },
      },
    });
  });

  it('falls back to the title, meta and page links on a site without JSON-LD', () => {
    expect(fromFixture('plain-site')).toEqual({
      name: 'Harbor Dental Studio',
      description: expect.stringMatching(/^Harbor Dental Studio is a family and cosmetic dental practice/),
      logoUrl: null,
      linkedinUrl: 'https://www.linkedin.com/company/harbor-dental-studio',
      sameAs: [],
      socialProfiles: { facebook: 'https://www.facebook.com/HarborDentalPDX', linkedin: 'https://www.linkedin.com/company/harbor-dental-studio' },
      organization: null,
      careersUrl: 'https://www.harbor-dental.com/join-our-team.html',
    });
  });
});

describe('extractCompanyContext edge cases', () => {
  it('takes the brand part of the title', () => {
    expect(fromHtml('<title>Home | Acme Widgets</title>').name).toBe('Acme Widgets');
    expect(fromHtml('<title>Industrial widgets since 1950 - Acme Widgets, Inc.</title>').name).toBe('Acme Widgets, Inc.');
    expect(fromHtml('<title>Welcome — Widget World</title>', 'https://www.widgetworld.io/').name).toBe('Widget World');
    expect(fromHtml('<title>Precision Parts</title>').name).toBe('Precision Parts');
  });

  it('prefers og:site_name over the title when there is no Organization', () => {
    expect(fromHtml('<title>Shop the sale | AW</title><meta property="og:site_name" content="Acme Widgets">').name).toBe('Acme Widgets');
  });

  it('returns nulls and empty lists for an empty page', () => {
    expect(fromHtml('')).toEqual({
      name: null,
      description: null,
      logoUrl: null,
      linkedinUrl: null,
      sameAs: [],
      socialProfiles: {},
      organization: null,
      careersUrl: null,
    });
  });

  it('tolerates JSON-LD that is not JSON at all', () => {
    const body = '<script type="application/ld+json">{"@type": "Organization", "name": </script><meta name="description" content="Widgets.">';
    expect(fromHtml(body)).toMatchObject({ organization: null, description: 'Widgets.' });
  });

  it("picks the site's own organization among several, and resolves a relative logo", () => {
    const body = `<script type="application/ld+json">[
      {"@type": "Organization", "name": "Payment Partner", "url": "https://pay.example"},
      {"@type": "Corporation", "name": "Acme Widgets", "url": "https://acme-widgets.com", "logo": "/img/logo.png", "numberOfEmployees": "12,500"}
    ]</script>`;
    expect(fromHtml(body)).toMatchObject({ name: 'Acme Widgets', logoUrl: 'https://www.acme-widgets.com/img/logo.png', organization: { type: 'Corporation', numberOfEmployees: 12500 } });
  });

  it('finds an organization nested as a publisher, and a LinkedIn link in the page when sameAs has none', () => {
    const body = `<script type="application/ld+json">{"@type": "WebSite", "publisher": {"@type": "Organization", "name": "Acme Widgets", "sameAs": "https://twitter.com/acmewidgets"}}</script>
      <footer><a href="https://ca.linkedin.com/company/acme-widgets/mycompany/">LinkedIn</a></footer>`;
    expect(fromHtml(body)).toMatchObject({ name: 'Acme Widgets', sameAs: ['https://twitter.com/acmewidgets'], linkedinUrl: 'https://www.linkedin.com/company/acme-widgets' });
  });

  it('cuts a very long description', () => {
    const description = fromHtml(`<meta name="description" content="${'word '.repeat(400)}">`).description ?? '';
    expect(description.length).toBeLessThanOrEqual(1_000);
    expect(description.endsWith('…')).toBe(true);
  });
});
