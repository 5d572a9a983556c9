import { Router, type Response } from 'express';
import type { Db } from '../database/database.ts';
import { isAppError } from '../errors/app-error.ts';
import { auditActorOf, recordAudit } from '../audit/audit-trail.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import type { BriefLinks } from './brief-links.ts';
import { type BriefOptions, buildBrief } from './brief.service.ts';
import { renderBriefHtml, renderBriefNotice } from './render-brief.ts';

export interface BriefRoutesOptions extends BriefOptions {
  links: BriefLinks;
}

function sendPage(res: Response, status: number, html: string): void {
  // No caching anywhere: the page is behind a capability URL and changes with every enrichment.
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
      // The page runs no script and loads nothing: anything injected could do neither.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    })
    .send(html);
}

/**
 * `GET /briefs/:domain?token=…`: the pre-call brief as a server-rendered page. No API key: the
 * signed token in the link is the credential (403 when missing, forged, for another domain or
 * expired). Mounted outside `/v1`.
 */
export function briefRoutes(db: Db, options: BriefRoutesOptions): Router {
  const router = Router();
  // The same path as shared/ui briefPath(domain).
  router.get('/briefs/:domain', async (req, res) => {
    const requested = String(req.params.domain);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    // The token signs the canonical domain the link was made for; check before any lookup.
    if (!options.links.verify(requested, token)) {
      sendPage(res, 403, renderBriefNotice('This brief link is not valid', 'The link has expired or was changed. Open the brief again from Salesforce, or ask PartnerForge for a new link (pf brief-url DOMAIN).'));
      return;
    }
    try {
      const domain = await resolveDomainInput(db, requested);
      const html = renderBriefHtml(await buildBrief(db, domain, options));
      // Whoever holds the link reads the account's data: each view is recorded, with its address.
      await recordAudit(db, auditActorOf(req), { action: 'export.brief_viewed', targetType: 'account', targetId: domain });
      sendPage(res, 200, html);
    } catch (error) {
      if (isAppError(error) && error.status === 404) {
        sendPage(res, 404, renderBriefNotice(`No intel on ${requested} yet`, 'Enrich the account first; the brief fills in as soon as the first enrichment finishes.'));
        return;
      }
      throw error;
    }
  });
  return router;
}
