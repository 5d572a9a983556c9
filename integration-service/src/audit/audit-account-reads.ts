import type { AccountReadListener } from '../access/account-guard.ts';
import { viewerOf } from '../access/acting-for.ts';
import type { Db } from '../database/database.ts';
import { auditActorOf, recordAudit } from './audit-trail.ts';

/**
 * Audits reads of an account someone else owns (a teammate's, an admin reading anyone's, an
 * assigned viewer): who owns what is sensitive, and "who looked at my accounts" must be
 * answerable. Reads of one's own and of unowned accounts are not recorded.
 */
export function auditOtherOwnerReads(db: Db): AccountReadListener {
  return async (req, domain, access) => {
    const viewer = viewerOf(req);
    if (access.ownerUserIds.length === 0 || access.ownerUserIds.includes(viewer.userId)) return;
    await recordAudit(db, auditActorOf(req), {
      action: 'intel.read_other_owner',
      targetType: 'account',
      targetId: domain,
      details: { path: req.originalUrl.split('?')[0], relation: access.relation, ownerUserIds: access.ownerUserIds, viewerUserId: viewer.userId },
    });
  };
}
