/**
 * Where the server-rendered pre-call brief of a domain lives, relative to the service's base
 * URL. One definition for the card's link and the service's route that renders the brief.
 */
export function briefPath(domain: string): string {
  return `/briefs/${encodeURIComponent(domain)}`;
}

/** The brief's absolute URL on a service at `baseUrl` (a trailing slash is tolerated). */
export function briefUrl(baseUrl: string, domain: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${briefPath(domain)}`;
}
