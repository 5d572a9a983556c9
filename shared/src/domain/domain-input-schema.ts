import { z } from 'zod';
import { normalizeDomain } from './normalize-domain.ts';

/**
 * Accepts what a user typed (domain, URL, e-mail) and outputs the normalized registrable
 * domain; a refusal becomes one issue whose message is the reason, e.g.
 * `"10.0.0.1" is an IP address, not a domain`.
 */
export const DomainInputSchema = z.string().transform((input, ctx) => {
  const result = normalizeDomain(input);
  if (result.ok) return result.domain;
  ctx.addIssue({ code: 'custom', message: result.reason, input });
  return z.NEVER;
});
