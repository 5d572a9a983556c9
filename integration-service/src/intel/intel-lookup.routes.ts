import { Router } from 'express';
import { z } from 'zod';
import type { AccountGuard } from '../access/account-guard.ts';
import { visibleIntel } from '../access/visible-intel.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { type IntelOptions, getIntel } from './intel.service.ts';
import { sendIntel } from './send-intel.ts';
import { findDomainByLinkedInUrl } from './linkedin-lookup.repository.ts';

/** A LinkedIn company slug as it appears in `/company/<slug>` (letters, digits, `-`, `_`, `.`, `%`-escapes). */
const LinkedInParamsSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\p{L}\p{N}._%-]+$/u, { message: 'expected a LinkedIn company slug, as in linkedin.com/company/<slug>' })
    .transform((slug) => slug.toLowerCase()),
});

/**
 * `GET /v1/intel/by-linkedin/:slug`: the intel of the company whose website names
 * `https://www.linkedin.com/company/<slug>` as its LinkedIn page (read by the company-context
 * module), or 404 when no enriched company does. The extension uses it on LinkedIn pages that
 * show no website link.
 */
export function intelLookupRoutes(db: Db, options: IntelOptions, guard: AccountGuard): Router {
  const router = Router();
  router.get('/intel/by-linkedin/:slug', async (req, res) => {
    const { slug } = parseOrThrow(LinkedInParamsSchema, req.params, 'path');
    // Stored as the page's path spells it: percent-encoded, lower case (express decoded it).
    const linkedinUrl = `https://www.linkedin.com/company/${encodeURIComponent(slug).toLowerCase()}`;
    const domain = await findDomainByLinkedInUrl(db, linkedinUrl);
    if (domain === undefined) {
      throw AppError.notFound(`No enriched company names ${linkedinUrl} as its LinkedIn page`, { linkedinUrl, hint: 'Enrich the company by its domain first' });
    }
    const access = await guard.read(req, domain);
    sendIntel(res, visibleIntel(await getIntel(db, domain, options), access));
  });
  return router;
}
