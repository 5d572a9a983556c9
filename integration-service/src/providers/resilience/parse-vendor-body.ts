import type { z } from 'zod';
import { ProviderError } from './provider-error.ts';

/**
 * Parses a vendor's answer with its zod schema, or throws `invalid_response` naming (up to five
 * of) the paths that did not fit. Values are never quoted: they may be large or sensitive.
 */
export function parseVendorBody<S extends z.ZodType>(provider: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))].slice(0, 5);
  throw new ProviderError(provider, 'invalid_response', `${provider} answered with an unexpected shape at ${paths.join(', ')}`);
}

/** `base` + `path`, keeping any path prefix of the base (a proxy, a test server). */
export function joinUrl(base: string, path: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}
