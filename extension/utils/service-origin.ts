/** Service-origin pattern for a host permission: scheme and host, any port and path. Throws on a non-URL. */
export function originPatternOf(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${url.protocol} is not http(s)`);
  return `${url.protocol}//${url.hostname}/*`;
}
