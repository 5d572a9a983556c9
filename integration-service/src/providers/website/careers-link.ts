/** A link as found on the page. */
export interface PageLink {
  /** Absolute http(s) URL. */
  url: string;
  /** Visible text (or aria-label/title), whitespace collapsed. */
  text: string;
}

/** Hosted applicant-tracking systems: a link there is the careers page. */
const ATS_HOSTS = [
  'greenhouse.io', 'lever.co', 'myworkdayjobs.com', 'smartrecruiters.com', 'workable.com', 'ashbyhq.com',
  'bamboohr.com', 'icims.com', 'jobvite.com', 'recruitee.com', 'teamtailor.com', 'personio.de', 'personio.com',
  'successfactors.com', 'taleo.net', 'paylocity.com', 'breezy.hr', 'jazzhr.com', 'applytojob.com',
];
/** Path segments and subdomains that name a careers page, in a few languages. */
const CAREERS_WORDS = new Set([
  'careers', 'career', 'jobs', 'job', 'join-us', 'joinus', 'join-our-team', 'work-with-us', 'workwithus',
  'vacancies', 'karriere', 'jobs-und-karriere', 'emplois', 'carrieres', 'carreras', 'empleo', 'lavora-con-noi', 'werken-bij',
]);
const CAREERS_TEXT = /\b(?:careers?|jobs|job openings|join (?:us|our team|the team)|work (?:with|for) us|we(?:'|’)?re hiring|vacancies|karriere|carri[eè]res?|empleo)\b/i;

/**
 * The page's link to its careers page (read later for hiring signals), or null. A careers
 * subdomain or an ATS host ranks above a `/careers` path, which ranks above link text alone;
 * among equals the first in the page wins. Share links and social networks are ignored.
 */
export function findCareersUrl(links: readonly PageLink[]): string | null {
  let best: { url: string; score: number } | undefined;
  for (const link of links) {
    const score = careersScore(link);
    if (score > 0 && (best === undefined || score > best.score)) best = { url: link.url, score };
  }
  return best?.url ?? null;
}

function careersScore(link: PageLink): number {
  let url: URL;
  try {
    url = new URL(link.url);
  } catch {
    return 0;
  }
  const host = url.hostname.toLowerCase();
  if (/(?:^|\.)(?:linkedin|facebook|twitter|x|instagram|glassdoor|indeed)\.com$/.test(host)) return 0;
  const subdomain = host.split('.')[0] ?? '';
  if (host.split('.').length > 2 && CAREERS_WORDS.has(subdomain)) return 3;
  if (ATS_HOSTS.some((ats) => host === ats || host.endsWith(`.${ats}`))) return 3;
  const segments = url.pathname.toLowerCase().split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => CAREERS_WORDS.has(segment.replace(/\.(?:html?|aspx?|php)$/, '')))) return 2;
  return CAREERS_TEXT.test(link.text) ? 1 : 0;
}
