// Deciding whether a listed company is the prospect. A wrong ticker is worse than none (the AE
// would quote another company's revenue), so the rules are strict and explainable.

/** The host of a website field ("https://www.costco.com", "costco.com/"), lower-case, without `www.`. */
export function websiteHost(website: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`);
    return url.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** True when the company's website is the domain, a subdomain of it, or its parent domain. */
export function websiteMatchesDomain(website: string, domain: string): boolean {
  const host = websiteHost(website);
  const target = domain.toLowerCase().replace(/^www\./, '');
  if (!host) return false;
  return host === target || host.endsWith(`.${target}`) || target.endsWith(`.${host}`);
}

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'plc', 'llc', 'lp', 'sa', 'ag', 'nv', 'se', 'spa',
  'holdings', 'holding', 'group', 'the',
]);

/** A company name reduced for comparison: lower-case words, `&` as `and`, legal suffixes dropped. */
export function normalizeCompanyName(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('&', ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word && !LEGAL_SUFFIXES.has(word))
    .join(' ');
}

export interface CompanyCandidate {
  website: string | null;
  names: Array<string | null>;
}

/**
 * Accepts a candidate whose website matches the domain. Only when Yahoo has no website for it
 * does the name decide: one of its names must equal the given company name once normalized.
 */
export function matchesCompany(candidate: CompanyCandidate, target: { domain: string; companyName?: string }): boolean {
  if (candidate.website) return websiteMatchesDomain(candidate.website, target.domain);
  if (!target.companyName) return false;
  const wanted = normalizeCompanyName(target.companyName);
  return wanted !== '' && candidate.names.some((name) => name !== null && normalizeCompanyName(name) === wanted);
}
