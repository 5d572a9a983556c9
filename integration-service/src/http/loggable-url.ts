/** Query parameters whose values are credentials (a brief link's `token`, signatures, keys). */
const SECRET_PARAMETERS = /([?&](?:token|sig|signature|key|api_key|apikey|access_token|code)=)[^&#]*/gi;

/**
 * The URL of a request as the access log may show it: the path and query, with the value of
 * every credential-bearing parameter replaced. A signed brief link in a log line would open
 * that brief for whoever reads the logs.
 */
export function loggableUrl(url: string): string {
  return url.includes('?') ? url.replace(SECRET_PARAMETERS, '$1[redacted]') : url;
}
