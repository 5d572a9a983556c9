import type { Intel, Role } from '@partnerforge/shared/schemas';
import { canSeeFinancials } from '@partnerforge/shared/ui';

/**
 * What a role may see of an account's intel. The service already filters what it answers
 * for the user the Slack app acts for (X-PF-Acting-For); this applies the same shared rule
 * once more, so a card built from intel fetched another way can never show more. Hidden
 * fields are removed, not nulled, so nothing downstream can render them by mistake.
 */
export type VisibleIntel = Omit<Intel, 'financials'> & { financials?: Intel['financials'] };

export { canSeeFinancials };

/** The intel as `role` may see it (the original role matrix: only SDRs see no financials). */
export function visibleIntelFor(intel: Intel, role: Role): VisibleIntel {
  if (canSeeFinancials(role)) return intel;
  const { financials: _hidden, ...visible } = intel;
  return visible;
}
