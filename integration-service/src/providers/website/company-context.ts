import { load, type CheerioAPI } from 'cheerio/slim';
import { findCareersUrl, type PageLink } from './careers-link.ts';
import { isNode, readJsonLd, textOf, typesOf, valuesOf, type JsonLdNode } from './json-ld.ts';
import { absoluteUrl, type PageInput } from './page-signals.ts';
import { collectSocialProfiles, normalizeLinkedInCompanyUrl, type SocialProfiles } from './social-links.ts';

/** What a company's homepage says about the company itself. */
export interface CompanyContext {
  /** JSON-LD Organization name, else `og:site_name`, else `application-name`, else the brand part of `<title>`. */
  name: string | null;
  /** Organization description, else meta description, else `og:description`. */
  description: string | null;
  /** Organization logo, else `og:image` (absolute URLs). */
  logoUrl: string | null;
  /** `https://www.linkedin.com/company/<slug>`: from `sameAs` first, else a link on the page. */
  linkedinUrl: string | null;
  /** The Organization's `sameAs` URLs, as published. */
  sameAs: string[];
  /** One profile per network, `sameAs` before page links. */
  socialProfiles: SocialProfiles;
  /** Facts from the schema.org Organization, or null when the page publishes none. */
  organization: OrganizationFacts | null;
  /** The careers page linked from the homepage, for hiring signals. */
  careersUrl: string | null;
}

/** The schema.org Organization properties worth keeping. */
export interface OrganizationFacts {
  /** The schema.org type, e.g. "Corporation", "NewsMediaOrganization". */
  type: string;
  legalName?: string;
  foundingDate?: string;
  /** A PostalAddress flattened to one line, or the text given. */
  address?: string;
  telephone?: string;
  /** An exact headcount, or the range a QuantitativeValue gives. */
  numberOfEmployees?: number | { min?: number; max?: number };
}

/** Organization types taken as "the company"; subtypes of LocalBusiness and the like match by suffix. */
const ORGANIZATION_TYPES = /^(?:Organization|Corporation|OnlineBusiness|OnlineStore|NewsMediaOrganization|LocalBusiness|Store|NGO|\w+Organization|\w+Business|\w+Store)$/;
/** Longest description kept, in characters: a company summary, not the page. */
const MAX_DESCRIPTION_CHARS = 1_000;
/** Title parts that are never the brand. */
const GENERIC_TITLE_PARTS = /^(?:home|homepage|home page|welcome|official site|official website|start)$/i;

/**
 * Reads the company's name, description, logo, LinkedIn page, social profiles, schema.org
 * Organization facts and careers link from its homepage. Never throws on bad markup: a JSON-LD
 * block that cannot be read is skipped. `$` is the page already parsed (the fingerprint's
 * parse, shared so a page is parsed once); only read, never changed.
 */
export function extractCompanyContext(page: PageInput, $: CheerioAPI = load(page.body)): CompanyContext {
  const meta = (key: string) => clean($(`meta[property="${key}"], meta[name="${key}"]`).first().attr('content'));
  const jsonLd = readJsonLd(
    $('script')
      .filter((_, element) => ($(element).attr('type') ?? '').trim().toLowerCase().startsWith('application/ld+json'))
      .map((_, element) => $(element).text())
      .get(),
  );
  const organization = pickOrganization(jsonLd.nodes, page.url);
  const links = pageLinks($, page.url);
  const sameAs = organization === undefined ? [] : urlsOf(organization, 'sameAs');

  const linkedinUrl =
    [...sameAs, ...links.map((link) => link.url)].map(normalizeLinkedInCompanyUrl).find((url): url is string => url !== null) ?? null;
  const logo = organization === undefined ? undefined : logoOf(organization);
  return {
    name: clean(organization && textOf(organization, 'name')) ?? meta('og:site_name') ?? meta('application-name') ?? brandFromTitle(clean($('title').first().text()), page.url),
    description: truncate(clean(organization && textOf(organization, 'description')) ?? meta('description') ?? meta('og:description')),
    logoUrl: absolute(logo ?? meta('og:image'), page.url),
    linkedinUrl,
    sameAs,
    socialProfiles: collectSocialProfiles([...sameAs, ...links.map((link) => link.url)]),
    organization: organization === undefined ? null : organizationFacts(organization),
    careersUrl: findCareersUrl(links),
  };
}

/**
 * The node describing the site's own company: an Organization-like node whose `url` is this
 * site, or whose `@id` names the organization, else the first one (top-level before nested).
 */
function pickOrganization(nodes: readonly JsonLdNode[], pageUrl: string): JsonLdNode | undefined {
  const organizations = nodes.filter((node) => typesOf(node).some((type) => ORGANIZATION_TYPES.test(type)));
  const site = siteOf(pageUrl);
  return (
    organizations.find((node) => site !== undefined && siteOf(textOf(node, 'url') ?? '') === site) ??
    organizations.find((node) => /#organi[sz]ation$/i.test(String(node['@id'] ?? ''))) ??
    organizations[0]
  );
}

function organizationFacts(node: JsonLdNode): OrganizationFacts {
  const type = typesOf(node).find((t) => ORGANIZATION_TYPES.test(t)) ?? 'Organization';
  const facts: OrganizationFacts = { type };
  const legalName = clean(textOf(node, 'legalName'));
  const foundingDate = clean(textOf(node, 'foundingDate'));
  const telephone = clean(textOf(node, 'telephone'));
  const address = addressOf(node);
  const employees = employeesOf(node);
  if (legalName) facts.legalName = legalName;
  if (foundingDate) facts.foundingDate = foundingDate;
  if (address) facts.address = address;
  if (telephone) facts.telephone = telephone;
  if (employees !== undefined) facts.numberOfEmployees = employees;
  return facts;
}

function addressOf(node: JsonLdNode): string | undefined {
  for (const value of valuesOf(node, 'address')) {
    if (typeof value === 'string') return clean(value);
    if (!isNode(value)) continue;
    const country = value.addressCountry;
    const countryName = isNode(country) ? textOf(country, 'name') : typeof country === 'string' ? country : undefined;
    const locality = [textOf(value, 'addressLocality'), [textOf(value, 'addressRegion'), textOf(value, 'postalCode')].filter(Boolean).join(' ')];
    const parts = [textOf(value, 'streetAddress'), ...locality, countryName].map((part) => clean(part)).filter(Boolean);
    if (parts.length > 0) return parts.join(', ');
  }
  return undefined;
}

function employeesOf(node: JsonLdNode): OrganizationFacts['numberOfEmployees'] {
  const [value] = valuesOf(node, 'numberOfEmployees');
  if (!isNode(value)) return count(value);
  const exact = count(value.value);
  if (exact !== undefined) return exact;
  const range: { min?: number; max?: number } = {};
  const min = count(value.minValue);
  const max = count(value.maxValue);
  if (min !== undefined) range.min = min;
  if (max !== undefined) range.max = max;
  return min === undefined && max === undefined ? undefined : range;
}

/** A headcount from a number or a string such as "12,500"; undefined for anything else. */
function count(raw: unknown): number | undefined {
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(/[,\s]/g, '')) : Number.NaN;
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

function logoOf(node: JsonLdNode): string | undefined {
  for (const value of valuesOf(node, 'logo')) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (isNode(value)) {
      const url = textOf(value, 'url') ?? textOf(value, 'contentUrl');
      if (url !== undefined) return url;
    }
  }
  return undefined;
}

function urlsOf(node: JsonLdNode, property: string): string[] {
  const urls = valuesOf(node, property)
    .map((value) => (typeof value === 'string' ? value.trim() : isNode(value) ? textOf(value, '@id') : undefined))
    .filter((value): value is string => value !== undefined && /^https?:\/\//i.test(value));
  return [...new Set(urls)];
}

/** Every `<a href>` as an absolute http(s) URL with its text, in document order. */
function pageLinks($: CheerioAPI, pageUrl: string): PageLink[] {
  const links: PageLink[] = [];
  $('a[href]').each((_, element) => {
    const anchor = $(element);
    const url = absoluteUrl(anchor.attr('href') ?? '', pageUrl);
    if (url === undefined || !/^https?:/.test(url)) return;
    const text = clean(anchor.text()) ?? clean(anchor.attr('aria-label')) ?? clean(anchor.attr('title')) ?? '';
    links.push({ url, text });
  });
  return links;
}

/**
 * The brand part of a title such as "Acme Shop | Outdoor Gear" or "Home – Acme": the part that
 * spells the domain, else the first part that is not generic ("Home", "Welcome").
 */
function brandFromTitle(title: string | undefined, pageUrl: string): string | null {
  if (title === undefined) return null;
  const parts = title.split(/\s+[|–—·•:-]\s+|\s*[|–—·•]\s*|:\s+/).map((part) => part.trim()).filter((part) => part !== '');
  const label = compact(siteOf(pageUrl)?.split('.')[0] ?? '');
  const spells = (part: string) => {
    const letters = compact(part);
    return label.length >= 3 && letters.length >= 3 && (letters.includes(label) || label.includes(letters));
  };
  const spellsDomain = parts.find(spells);
  return spellsDomain ?? parts.find((part) => !GENERIC_TITLE_PARTS.test(part)) ?? parts[0] ?? null;
}

/** The registrable-looking host without `www.`, for comparing a node's `url` with the page. */
function siteOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function absolute(href: string | undefined, base: string): string | null {
  if (href === undefined) return null;
  const url = absoluteUrl(href, base);
  return url !== undefined && /^https?:/.test(url) ? url : null;
}

function clean(text: string | undefined): string | undefined {
  const cleaned = text?.replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}

function truncate(text: string | undefined): string | null {
  if (text === undefined) return null;
  return text.length <= MAX_DESCRIPTION_CHARS ? text : `${text.slice(0, MAX_DESCRIPTION_CHARS - 1).trimEnd()}…`;
}
