import { classifyTechnologies, type TechnologyClassification } from './classify.ts';
import { extractCompanyContext, type CompanyContext } from './company-context.ts';
import { detectTechnologies, type DetectedTechnology } from './fingerprint.ts';
import type { Homepage } from './homepage.ts';
import { extractPageSignals, type PageInput } from './page-signals.ts';
import { serverHeadersOf } from './server-headers.ts';

/** What the homepage says about the site's technology. */
export interface WebsiteFingerprint extends TechnologyClassification {
  technologies: DetectedTechnology[];
  /** Response headers naming the server, CDN or platform (see `server-headers.ts`). */
  serverHeaders: Record<string, string>;
}

/** One reader's result of a page, or what it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Both readers' results of one fetched homepage: what the memo shares, instead of the page. */
export interface HomepageReading {
  fingerprint: Outcome<WebsiteFingerprint>;
  companyContext: Outcome<CompanyContext>;
  sourceUrl: string;
  fetchedAt: Date;
}

function attempt<T>(read: () => T): Outcome<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Parses the page once and runs both readers on that one document, synchronously, so the
 * page and its DOM (several times the page's size) are garbage as soon as this returns,
 * before anything else is awaited. A reader that throws fails only its own module.
 */
export function readHomepage({ page, fetchedAt }: { page: PageInput; fetchedAt: Homepage['fetchedAt'] }): HomepageReading {
  const signals = attempt(() => extractPageSignals(page));
  const fingerprint = attempt(() => {
    if (!signals.ok) throw signals.error;
    const technologies = detectTechnologies(page, signals.value);
    return { technologies, ...classifyTechnologies(technologies), serverHeaders: serverHeadersOf(page.headers) };
  });
  const companyContext = attempt(() => (signals.ok ? extractCompanyContext(page, signals.value.$) : extractCompanyContext(page)));
  return { fingerprint, companyContext, sourceUrl: page.url, fetchedAt };
}

